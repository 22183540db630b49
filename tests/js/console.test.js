/* The console's logic that needs no browser: the queue as shown (order, length, who is
 * new, how long each has waited) and the conversations it keeps. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { adopt, linesInOrder, missingAfter, writerLabel } from "../../chatserver/console/static/console/conversations.js";
import { queueAlertShown, queueLabel, queueView, since, spoken } from "../../chatserver/console/static/console/queue.js";

const LANGUAGES = { default: "en-gb", names: { "en-gb": "English", cy: "Cymraeg" } };
const NOW = Date.parse("2026-07-01T12:00:00Z");

const waiting = (id, extra = {}) => ({
  conversation_id: id,
  status: "waiting",
  waiting_since: "2026-07-01T11:58:30Z",
  has_details: false,
  special_category: false,
  emergency: null,
  awaiting_reply: false,
  language: "en-gb",
  ...extra,
});

describe("the queue", () => {
  test("keeps the server's order: emergencies first as sent, then the longest waiting", () => {
    const entries = [waiting("fire", { emergency: { category: "fire", label: "Fire" } }), waiting("old"), waiting("new")];
    const view = queueView(entries, 3, new Set());
    assert.deepEqual(view.entries.map((entry) => entry.conversation_id), ["fire", "old", "new"]);
  });

  test("counts the whole queue when the server sends only its head", () => {
    assert.deepEqual(
      (({ total, more }) => ({ total, more }))(queueView([waiting("a"), waiting("b")], 60, new Set())),
      { total: 60, more: 58 }
    );
    assert.equal(queueView([waiting("a")], undefined, new Set()).total, 1); // an older server: the whole queue
    assert.equal(queueView([waiting("a"), waiting("b")], 1, new Set()).more, 0);
  });

  test("alerts only when someone joined since the last queue", () => {
    const first = queueView([waiting("a")], 1, new Set());
    assert.equal(first.fresh, true);
    assert.equal(queueView([waiting("a")], 1, first.ids).fresh, false);
    assert.equal(queueView([], 0, first.ids).fresh, false);
    assert.equal(queueView([waiting("a"), waiting("b")], 2, first.ids).fresh, true);
  });

  test("the waiting alert goes as soon as the queue is empty", () => {
    const first = queueView([waiting("a")], 1, new Set());
    assert.equal(queueAlertShown(first, false), true);
    const accepted = queueView([], 0, first.ids);
    assert.equal(queueAlertShown(accepted, true), false);
    assert.equal(queueAlertShown(queueView([waiting("a")], 1, first.ids), true), true); // still waiting: stays until its time
    assert.equal(queueAlertShown(queueView([waiting("a")], 1, first.ids), false), false);
  });

  test("how long someone has waited", () => {
    assert.equal(since("2026-07-01T11:59:15Z", NOW), "45s");
    assert.equal(since("2026-07-01T11:48:00Z", NOW), "12m");
    assert.equal(since("2026-07-01T10:55:00Z", NOW), "1h 5m");
    assert.equal(since("2026-07-01T12:00:09Z", NOW), "0s"); // a clock a little ahead
  });

  test("each entry's label says what it is, in which language and what was given", () => {
    assert.equal(queueLabel(waiting("a"), LANGUAGES, NOW), "Waiting 1m");
    assert.equal(
      queueLabel(waiting("a", { status: "offline", language: "cy", has_details: true, special_category: true }), LANGUAGES, NOW),
      "Leaving a message 1m · Cymraeg · details given · special category"
    );
    assert.equal(queueLabel(waiting("a", { awaiting_reply: true }), LANGUAGES, NOW), "Message left, visitor gone 1m");
    assert.equal(spoken("fr", LANGUAGES), " · fr");
  });
});

describe("the agent's conversations", () => {
  const line = (seq, extra = {}) => ({
    type: "message", conversation_id: "c", seq, from: "visitor", text: `line ${seq}`, at: "2026-07-01T12:00:00Z", ...extra,
  });
  const summary = (messages, extra = {}) => ({
    conversation_id: "c", status: "active", started_at: "2026-07-01T11:00:00Z", special_category: false,
    emergency: null, language: "cy", details: { name: "Ann" }, details_erased: false, messages, unreadable: false, ...extra,
  });

  test("adopting again updates the conversation and merges its lines, keeping what was pending", () => {
    const conversations = new Map();
    const first = adopt(conversations, summary([line(1), line(2)]));
    first.pending.set("x", { text: "sending", note: false });
    const again = adopt(conversations, summary([line(3)], { status: "closed" }));
    assert.equal(again, first);
    assert.equal(again.status, "closed");
    assert.deepEqual([...again.messages.keys()], [1, 2, 3]);
    assert.equal(again.pending.size, 1);
  });

  test("lines are shown in the order of their numbers, whatever order they came in", () => {
    const conversation = adopt(new Map(), summary([line(3), line(1), line(10), line(2)]));
    assert.deepEqual(linesInOrder(conversation).map((message) => message.seq), [1, 2, 3, 10]);
  });

  test("a line past a gap asks for the history after the last one held", () => {
    const conversation = adopt(new Map(), summary([line(1), line(2)]));
    assert.equal(missingAfter(conversation, 3), null);
    assert.equal(missingAfter(conversation, 6), 2);
    assert.equal(missingAfter(adopt(new Map(), summary([])), 6), null); // nothing held yet
  });
});

describe("who wrote a line", () => {
  const alice = { id: 1, name: "Alice" };
  const bob = { id: 2, name: "Bob" };

  test("the agent's own lines and notes are theirs, another's carry the writer's name", () => {
    assert.equal(writerLabel({ from: "agent", author: alice }, 1), "You");
    assert.equal(writerLabel({ from: "agent", author: alice }, 2), "Alice");
    assert.equal(writerLabel({ from: "note", author: bob }, 2), "Your note");
    assert.equal(writerLabel({ from: "note", author: bob }, 1), "Note by Bob");
  });

  test("a line not yet stored is the agent's own; the visitor's and the chat's are labelled as such", () => {
    assert.equal(writerLabel({ from: "agent" }, 1), "You");
    assert.equal(writerLabel({ from: "note" }, 1), "Your note");
    assert.equal(writerLabel({ from: "visitor" }, 1), "Visitor");
    assert.equal(writerLabel({ from: "system" }, 1), "");
  });
});

describe("triage in the queue", () => {
  test("the label names the topic, and the first line shows unless withheld", async () => {
    const { firstLine, WITHHELD } = await import("../../chatserver/console/static/console/queue.js");
    const topic = { slug: "repairs", label: "Repairs", label_cy: "Atgyweirio" };
    assert.match(queueLabel(waiting("a", { topic }), LANGUAGES, NOW), /Waiting 1m · Repairs/);
    assert.deepEqual(firstLine(waiting("a", { first_line: "The fan is broken", first_line_withheld: false })), {
      text: "The fan is broken",
      typed: true,
    });
    assert.deepEqual(firstLine(waiting("b", { first_line: null, first_line_withheld: true })), { text: WITHHELD, typed: false });
    assert.equal(firstLine(waiting("c", { first_line: null, first_line_withheld: false })), null);
  });
});
