// @ts-check
/* The close dialog's rules, no DOM: what the agent must choose and the frame it makes. */
import * as outbound from "./outbound.js";

/** @typedef {import("./outbound.js").WrapUp} WrapUp */

export const NEED_BOTH = "Choose a contact reason and an outcome.";
export const BOTH_OR_NEITHER = "Choose both a contact reason and an outcome, or neither.";
export const TAGS_NEED_BOTH = "Choose a contact reason and an outcome to add tags.";

/**
 * What is wrong with the choice, or null. A chat the visitor already ended with nothing
 * chosen is only taken off the screen, which the policy may forbid.
 * @param {WrapUp} choice @param {boolean} required
 * @returns {string | null}
 */
export function wrapUpProblem(choice, required) {
  const given = [choice.reason, choice.outcome].filter(Boolean).length;
  if (given === 2) return null;
  if (required) return NEED_BOTH;
  if (given === 1) return BOTH_OR_NEITHER;
  return choice.tags.length ? TAGS_NEED_BOTH : null;
}

/**
 * The frame for a checked choice: a close (with the wrap-up, if any) for an open chat, a
 * wrap_up for one the visitor ended.
 * @param {string} conversationId @param {WrapUp} choice @param {boolean} ended
 */
export function wrapUpFrame(conversationId, choice, ended) {
  // An ended chat with nothing chosen (wrap-up optional) is only taken off the screen.
  if (ended) return choice.reason ? outbound.wrapUp(conversationId, choice) : outbound.dismiss(conversationId);
  return choice.reason ? outbound.close(conversationId, choice) : outbound.close(conversationId);
}
