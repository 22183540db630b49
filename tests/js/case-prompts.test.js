/* Complaint and hazard prompts in the console, without a browser: what each prompt says
 * and offers, the decision each button sends, the offer drafted (never sent), and the
 * `casework:record` event the casework dialog listens for. */
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";

import { RECORD_EVENT, choose, decide, promptView } from "../../chatserver/console/static/console/case-prompt-choice.js";
import { listenForCaseRequests } from "../../chatserver/console/static/console/casework-choice.js";
import { frameProblems } from "./protocol-check.js";

const OFFER = "If you are unhappy with our service, you can make a complaint.";
const COMPLAINT = { type: "case_prompt", conversation_id: "c1", prompt: "complaint", trigger: "words", state: "open", seq: 7, offer: OFFER };
const HAZARD = {
  type: "case_prompt",
  conversation_id: "c2",
  prompt: "hazard",
  trigger: "words",
  state: "open",
  category: "damp_mould",
  label: "damp and mould",
  severity: "significant",
  seq: 4,
};

/** The events dispatched on `document` (a bare EventTarget here: node has no DOM). */
let recorded = [];
beforeEach(() => {
  globalThis.document = new EventTarget();
  recorded = [];
  document.addEventListener(RECORD_EVENT, (event) => recorded.push(event.detail));
});

function io(connected = true) {
  const sent = [];
  const drafts = [];
  return { sent, drafts, send: (frame) => (sent.push(frame), connected), draft: (text) => drafts.push(text) };
}

describe("what a prompt says", () => {
  test("a complaint prompt offers the choice, records or dismisses", () => {
    const view = promptView(COMPLAINT);
    assert.equal(view.message, "The tenant sounds unhappy: offer them the choice to make a complaint");
    assert.deepEqual(view.buttons.map((button) => button.label), ["Offer the choice", "Record a complaint", "Not a complaint"]);
  });

  test("a low rating, on an ended chat, is recorded or dismissed: there is no one to offer it to", () => {
    const view = promptView({ ...COMPLAINT, trigger: "rating" });
    assert.match(view.message, /^The tenant gave this chat a low rating/);
    assert.deepEqual(view.buttons.map((button) => button.choice), ["record", "not_relevant"]);
  });

  test("a prompt of a chat no longer on screen offers nothing to write in it", () => {
    const view = promptView(COMPLAINT, true);
    assert.equal(view.message, "The tenant sounded unhappy in a chat now closed: record a complaint if they want to make one");
    assert.deepEqual(view.buttons.map((button) => button.choice), ["record", "not_relevant"]);
    assert.deepEqual(promptView(HAZARD, true), promptView(HAZARD));
  });

  test("once offered, the tenant's answer is recorded or declined", () => {
    const view = promptView({ ...COMPLAINT, state: "offered" });
    assert.deepEqual(view.buttons.map((button) => button.choice), ["record", "declined", "not_relevant"]);
  });

  test("a hazard names its category", () => {
    const view = promptView(HAZARD);
    assert.equal(view.message, "Possible hazard (damp and mould)");
    assert.deepEqual(view.buttons.map((button) => button.label), ["Record a hazard", "Not a hazard"]);
  });
});

describe("what a button does", () => {
  test("every decision is a frame the server takes", () => {
    for (const [prompt, choice] of [[COMPLAINT, "offer"], [COMPLAINT, "record"], [COMPLAINT, "declined"], [COMPLAINT, "not_relevant"], [HAZARD, "record"], [HAZARD, "not_relevant"]]) {
      assert.deepEqual(frameProblems("agent", "in", choose(prompt, choice).frame), []);
    }
  });

  test("offering drafts the offer in the composer and sends only the decision", () => {
    const agent = io();
    assert.equal(decide(COMPLAINT, "offer", agent), true);
    assert.deepEqual(agent.sent, [{ type: "case_prompt_decision", conversation_id: "c1", prompt: "complaint", decision: "offered" }]);
    assert.deepEqual(agent.drafts, [OFFER]);
    assert.deepEqual(recorded, []);
  });

  test("recording a hazard asks the casework dialog, with its severity and line", () => {
    const agent = io();
    decide({ ...HAZARD, severity: "emergency" }, "record", agent);
    assert.deepEqual(agent.sent.map((frame) => frame.decision), ["recorded"]);
    assert.deepEqual(recorded, [{ conversationId: "c2", kind: "hazard", severity: "emergency", seq: 4 }]);
    assert.deepEqual(agent.drafts, []);
  });

  test("recording a complaint asks the casework dialog, without a severity", () => {
    decide(COMPLAINT, "record", io());
    assert.deepEqual(recorded, [{ conversationId: "c1", kind: "complaint", severity: null, seq: 7 }]);
  });

  test("a rating's prompt has no line", () => {
    const { seq, ...rating } = COMPLAINT;
    assert.equal(seq, 7);
    decide({ ...rating, trigger: "rating" }, "record", io());
    assert.equal(recorded[0].seq, null);
  });

  test("not relevant sends the decision and asks for nothing", () => {
    const agent = io();
    decide(HAZARD, "not_relevant", agent);
    assert.deepEqual(agent.sent.map((frame) => frame.decision), ["not_relevant"]);
    assert.deepEqual(recorded, []);
  });

  test("nothing happens when the decision cannot be sent", () => {
    const agent = io(false);
    assert.equal(decide(HAZARD, "record", agent), false);
    assert.equal(decide(COMPLAINT, "offer", agent), false);
    assert.deepEqual(recorded, []);
    assert.deepEqual(agent.drafts, []);
  });
});

describe("the casework dialog hears the prompt", () => {
  test("recording a hazard opens the dialog with its chat, kind, severity and line", () => {
    const opened = [];
    listenForCaseRequests(document, (prefill) => opened.push(prefill));
    decide(HAZARD, "record", io());
    assert.deepEqual(opened, [{ conversationId: "c2", kind: "hazard", severity: "significant", seq: 4 }]);
  });

  test("recording a complaint from a rating opens it with no line chosen", () => {
    const opened = [];
    listenForCaseRequests(document, (prefill) => opened.push(prefill));
    decide({ ...COMPLAINT, trigger: "rating", seq: undefined }, "record", io());
    assert.deepEqual(opened, [{ conversationId: "c1", kind: "complaint", severity: "", seq: null }]);
  });
});
