/* The close dialog's logic that needs no browser: what the agent must choose, and the
 * frame a choice makes (a close for an open chat, a wrap_up for one the visitor ended). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { wrapUpFrame, wrapUpProblem } from "../../chatserver/console/static/console/wrapup-choice.js";
import { frameProblems } from "./protocol-check.js";

const NONE = { reason: "", outcome: "", tags: [] };
const REPAIR = { reason: "repair", outcome: "repair-raised", tags: ["escalated"] };

describe("the wrap-up an agent chooses", () => {
  test("a required wrap-up needs a reason and an outcome", () => {
    assert.equal(wrapUpProblem(NONE, true), "Choose a contact reason and an outcome.");
    assert.equal(wrapUpProblem({ ...NONE, reason: "repair" }, true), "Choose a contact reason and an outcome.");
    assert.equal(wrapUpProblem(REPAIR, true), null);
  });

  test("an optional one may be left out, but not half given", () => {
    assert.equal(wrapUpProblem(NONE, false), null);
    assert.equal(wrapUpProblem({ ...NONE, outcome: "signposted" }, false), "Choose both a contact reason and an outcome, or neither.");
    assert.equal(wrapUpProblem({ ...NONE, tags: ["escalated"] }, false), "Choose a contact reason and an outcome to add tags.");
  });

  test("a chat the visitor ended needs a wrap-up only when the policy requires one", () => {
    assert.equal(wrapUpProblem(NONE, true), "Choose a contact reason and an outcome.");
    assert.equal(wrapUpProblem(NONE, false), null);
    assert.equal(wrapUpProblem({ ...NONE, reason: "repair" }, false), "Choose both a contact reason and an outcome, or neither.");
  });

  test("an open chat is closed with its wrap-up, an ended one wrapped up", () => {
    assert.deepEqual(wrapUpFrame("c1", REPAIR, false), { type: "close", conversation_id: "c1", ...REPAIR });
    assert.deepEqual(wrapUpFrame("c1", NONE, false), { type: "close", conversation_id: "c1" });
    assert.deepEqual(wrapUpFrame("c1", REPAIR, true), { type: "wrap_up", conversation_id: "c1", ...REPAIR });
    assert.deepEqual(wrapUpFrame("c1", NONE, true), { type: "dismiss", conversation_id: "c1" });
    for (const frame of [wrapUpFrame("c1", REPAIR, false), wrapUpFrame("c1", NONE, false), wrapUpFrame("c1", REPAIR, true), wrapUpFrame("c1", NONE, true)]) {
      assert.deepEqual(frameProblems("agent", "in", frame), []);
    }
  });
});
