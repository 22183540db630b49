// @ts-check
/* Complaint and hazard prompts, without the DOM: what the console says for each prompt,
 * its buttons, and what a button does. The server decides when to prompt; the agent
 * decides. Recording is the casework dialog's: a "Record …" button asks for it with the
 * `casework:record` event on `document`, which that dialog listens for.
 */
import { RECORD_EVENT } from "./casework-choice.js";
import * as outbound from "./outbound.js";

/** @typedef {import("../chatserver/frames.js").CasePromptFrame} CasePromptFrame */
/** @typedef {import("../chatserver/frames.js").CasePromptDecisionFrame} CasePromptDecisionFrame */
/** @typedef {"offer" | "record" | "declined" | "not_relevant"} Choice */
/** @typedef {{choice: Choice, label: string}} PromptButton */
/** @typedef {{message: string, buttons: PromptButton[]}} PromptView */
/**
 * What the casework dialog is asked to record: the chat, the kind, a hazard's severity
 * (null for a complaint) and the visitor's line that prompted (null for a rating).
 * @typedef {{conversationId: string, kind: "complaint" | "hazard", severity: "emergency" | "significant" | null, seq: number | null}} RecordRequest
 */

export { RECORD_EVENT };

/** @type {Record<Choice, CasePromptDecisionFrame["decision"]>} */
const DECISIONS = { offer: "offered", record: "recorded", declined: "declined", not_relevant: "not_relevant" };

/**
 * What the console shows for an open prompt; `ended` for a chat no longer on screen.
 * @param {CasePromptFrame} prompt @param {boolean} [ended] @returns {PromptView}
 */
export function promptView(prompt, ended = false) {
  if (prompt.prompt === "hazard") {
    return {
      message: `Possible hazard (${prompt.label || "unnamed"})`,
      buttons: [
        { choice: "record", label: "Record a hazard" },
        { choice: "not_relevant", label: "Not a hazard" },
      ],
    };
  }
  if (prompt.state === "offered") {
    return {
      message: "You offered the choice to make a complaint: record it if the tenant wants to complain.",
      buttons: [
        { choice: "record", label: "Record a complaint" },
        { choice: "declined", label: "They declined" },
        { choice: "not_relevant", label: "Not a complaint" },
      ],
    };
  }
  if (prompt.trigger === "rating" || ended) {
    // The chat has ended: there is no one to offer the choice to in it.
    const cause = prompt.trigger === "rating" ? "gave this chat a low rating" : "sounded unhappy in a chat now closed";
    return {
      message: `The tenant ${cause}: record a complaint if they want to make one`,
      buttons: [
        { choice: "record", label: "Record a complaint" },
        { choice: "not_relevant", label: "Not a complaint" },
      ],
    };
  }
  return {
    message: "The tenant sounds unhappy: offer them the choice to make a complaint",
    buttons: [
      { choice: "offer", label: "Offer the choice" },
      { choice: "record", label: "Record a complaint" },
      { choice: "not_relevant", label: "Not a complaint" },
    ],
  };
}

/**
 * What a button does: the decision to send, the line to put in the composer (only when
 * offering: the agent edits and sends it), and what to ask the casework dialog to record.
 * @param {CasePromptFrame} prompt @param {Choice} choice
 * @returns {{frame: CasePromptDecisionFrame, draft: string | null, record: RecordRequest | null}}
 */
export function choose(prompt, choice) {
  const frame = outbound.casePromptDecision(prompt.conversation_id, prompt.prompt, DECISIONS[choice]);
  const draft = choice === "offer" ? prompt.offer || null : null;
  const record =
    choice === "record"
      ? {
          conversationId: prompt.conversation_id,
          kind: prompt.prompt,
          severity: prompt.prompt === "hazard" ? prompt.severity || "significant" : null,
          seq: prompt.seq ?? null,
        }
      : null;
  return { frame, draft, record };
}

/**
 * Carries out a button: sends the decision, drafts the offer, and asks for the record.
 * @param {CasePromptFrame} prompt @param {Choice} choice
 * @param {{send: (frame: CasePromptDecisionFrame) => boolean, draft: (text: string) => void}} io
 * @returns {boolean} false when the decision could not be sent (nothing else was done)
 */
export function decide(prompt, choice, io) {
  const chosen = choose(prompt, choice);
  if (!io.send(chosen.frame)) return false;
  if (chosen.draft !== null) io.draft(chosen.draft);
  if (chosen.record !== null) document.dispatchEvent(new CustomEvent(RECORD_EVENT, { detail: chosen.record }));
  return true;
}
