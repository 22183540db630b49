/* The "Record a case" dialog's logic that needs no browser: the prompts' `casework:record`
 * event opens it pre-filled, the lines offered (the people's, with their words), the chat's
 * cases, and what is missing is said. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { caseProblem, caseSummaries, excerpt, lineChoices, listenForCaseRequests, prefillFrom, RECORD_EVENT } from "../../chatserver/console/static/console/casework-choice.js";

/** Dispatches the prompts' event on a fresh target and returns what the dialog was opened with. */
function opened(detail) {
  const target = new EventTarget();
  const calls = [];
  listenForCaseRequests(target, (prefill) => calls.push(prefill));
  target.dispatchEvent(new CustomEvent(RECORD_EVENT, { detail }));
  return calls;
}

describe("the casework:record listener", () => {
  test("opens the dialog pre-filled with the prompt's kind, severity and line", () => {
    assert.deepEqual(opened({ conversationId: "c1", kind: "hazard", severity: "significant", seq: 4 }), [
      { conversationId: "c1", kind: "hazard", severity: "significant", seq: 4 },
    ]);
    assert.deepEqual(opened({ conversationId: "c1", kind: "complaint" }), [{ conversationId: "c1", kind: "complaint", severity: "", seq: null }]);
  });

  test("leaves what it does not know for the agent to choose", () => {
    assert.deepEqual(opened({ conversationId: "c1", kind: "grumble", severity: "emergency", seq: -2 }), [
      { conversationId: "c1", kind: "", severity: "", seq: null },
    ]);
    assert.deepEqual(prefillFrom({ conversationId: "c1", kind: "complaint", severity: "emergency", seq: 1.5 }), {
      conversationId: "c1", kind: "complaint", severity: "", seq: null,
    });
  });

  test("does not open for an event naming no conversation", () => {
    for (const detail of [undefined, null, "c1", {}, { conversationId: "" }, { conversationId: 7 }]) assert.deepEqual(opened(detail), []);
  });

  test("ignores other events", () => {
    const target = new EventTarget();
    const calls = [];
    listenForCaseRequests(target, (prefill) => calls.push(prefill));
    target.dispatchEvent(new CustomEvent("wrapup-requested", { detail: { conversationId: "c1" } }));
    assert.equal(calls.length, 0);
  });
});

describe("the dialog's choices", () => {
  test("only the visitor's and the agents' lines are offered, newest first, with the words on screen", () => {
    const lines = [
      { seq: 1, from: "system", text: "Tess joined the chat", at: "2026-12-07T10:00:00Z" },
      { seq: 2, from: "visitor", text: "there is black mould in the\n  bathroom and it is spreading up the wall", at: "2026-12-07T10:01:00Z" },
      { seq: 3, from: "note", text: "rang the surveyor", at: "2026-12-07T10:02:00Z" },
      { seq: 4, from: "agent", text: "I am sorry to hear that", at: "2026-12-07T10:03:00Z" },
      { seq: 5, from: "visitor", text: "", at: "2026-12-07T10:04:00Z", attachment: { id: "a1" } },
    ];
    const choices = lineChoices(lines, (iso) => iso.slice(11, 16));
    assert.deepEqual(choices, [
      { seq: 5, label: "10:04 visitor: [photo]" },
      { seq: 4, label: "10:03 agent: I am sorry to hear that" },
      { seq: 2, label: "10:01 visitor: there is black mould in the bathroom and it is spreading up…" },
    ]);
  });

  test("an excerpt is the line's words on one line, at most 60 characters", () => {
    assert.equal(excerpt("  short\tand\n\nsweet "), "short and sweet");
    assert.equal(excerpt("x".repeat(60)), "x".repeat(60));
    assert.equal(excerpt("x".repeat(61)), `${"x".repeat(59)}…`);
    assert.equal(excerpt("a".repeat(58) + "   bc"), `${"a".repeat(58)}…`);
    assert.equal(excerpt(""), "[no words]");
  });

  test("the chat's cases are listed by reference and kind", () => {
    const cases = [
      { reference: "ASPK-RP27", kind: "hazard", label: "Hazard", open: true },
      { reference: "K7QM-2XPD", kind: "complaint", label: "Complaint", open: false },
    ];
    assert.deepEqual(caseSummaries(cases), ["ASPK-RP27: Hazard", "K7QM-2XPD: Complaint (closed)"]);
    assert.deepEqual(caseSummaries([{ nonsense: 1 }, null]), []);
  });

  test("says what is missing", () => {
    const complaint = { kind: "complaint", severity: "", category: "", seq: "3" };
    assert.equal(caseProblem(complaint), null);
    assert.equal(caseProblem({ ...complaint, kind: "" }), "Choose what kind of case this is.");
    assert.equal(caseProblem({ ...complaint, seq: "" }), "Choose the line that made us aware.");
    const hazard = { kind: "hazard", severity: "significant", category: "damp_and_mould", seq: "1" };
    assert.equal(caseProblem(hazard), null);
    assert.equal(caseProblem({ ...hazard, severity: "" }), "Choose how serious the hazard is.");
    assert.equal(caseProblem({ ...hazard, category: "" }), "Choose the hazard's category.");
    assert.match(caseProblem({ ...hazard, category: "fire" }) || "", /damp and mould/);
    assert.equal(caseProblem({ ...hazard, severity: "emergency", category: "fire" }), null);
  });
});
