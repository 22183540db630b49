/* The "Record a case" dialog's logic that needs no browser: the prompts' `casework:record`
 * event opens it pre-filled, the lines offered carry no words, and what is missing is said. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { caseProblem, lineChoices, listenForCaseRequests, prefillFrom, RECORD_EVENT } from "../../chatserver/console/static/console/casework-choice.js";

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
  test("lines are offered newest first by number, time and side, without their words", () => {
    const lines = [
      { seq: 1, from: "visitor", text: "my name is Ann", at: "2026-12-07T10:00:00Z" },
      { seq: 2, from: "agent", text: "hello Ann", at: "2026-12-07T10:01:00Z" },
    ];
    const choices = lineChoices(lines, (iso) => iso.slice(11, 16));
    assert.deepEqual(choices, [{ seq: 2, label: "Line 2, 10:01, agent" }, { seq: 1, label: "Line 1, 10:00, visitor" }]);
    assert.ok(!JSON.stringify(choices).includes("Ann"));
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
