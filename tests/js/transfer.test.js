/* The console's transfer dialog without a browser: the choices it offers (teams and
 * agents, or nobody), what a choice sends, and the handover the receiver reads first. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { handoverHeading, parseTarget, targetGroups } from "../../chatserver/console/static/console/transfer-targets.js";

describe("the transfer dialog", () => {
  test("offers teams (with how many are free) and agents, in groups", () => {
    const groups = targetGroups({
      teams: [{ id: 2, name: "Repairs", available: 3 }, { id: 3, name: "Safeguarding team", available: 1 }],
      agents: [{ id: 7, name: "Bob" }],
    });
    assert.deepEqual(groups, [
      {
        label: "Teams",
        options: [
          { value: "team:2", label: "Repairs — 3 available" },
          { value: "team:3", label: "Safeguarding team — 1 available" },
        ],
      },
      { label: "Agents", options: [{ value: "agent:7", label: "Bob" }] },
    ]);
  });

  test("offers no empty group, and nothing at all when no one is free", () => {
    assert.deepEqual(targetGroups({ teams: [], agents: [{ id: 7, name: "Bob" }] }).map((g) => g.label), ["Agents"]);
    assert.deepEqual(targetGroups({ teams: [], agents: [] }), []);
  });

  test("reads a choice as an agent's id or a team", () => {
    assert.equal(parseTarget("agent:7"), 7);
    assert.deepEqual(parseTarget("team:2"), { team: 2 });
    for (const nothing of ["", "team:", "agent:x", "team:0", "other:3"]) assert.equal(parseTarget(nothing), null);
  });

  test("names who handed the chat over and to which team", () => {
    const at = "2026-07-01T12:00:00Z";
    assert.equal(handoverHeading({ from: { id: 1, name: "Alice" }, team: { id: 2, name: "Repairs" }, note: null, at }, 9),
      "Handed over by Alice to the Repairs team");
    assert.equal(handoverHeading({ from: { id: 1, name: "Alice" }, team: { id: 3, name: "Safeguarding team" }, note: null, at }, 9),
      "Handed over by Alice to the Safeguarding team");
    assert.equal(handoverHeading({ from: { id: 1, name: "Alice" }, team: null, note: "x", at }, 9), "Handed over by Alice");
    assert.equal(handoverHeading({ from: null, team: null, note: null, at }, 9), "Handed over");
    assert.equal(handoverHeading({ from: { id: 9, name: "Me" }, team: null, note: null, at }, 9), "You handed this chat over");
  });
});
