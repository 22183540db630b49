/* Alerts an agent cannot miss (issue 30): which chats need them, a repeat every 30 s until
 * the chat is taken or opened, the count for the title, an emergency's sound that cannot
 * be muted, and notifications that carry no personal data. The clock is the test's. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { AlertScheduler, REPEAT_MS, titleWith } from "../../chatserver/console/static/console/alerts.js";

const PREFS = { sound: true, desktop: true, volume: 50 };

const entry = (id, extra = {}) => ({
  conversation_id: id,
  status: "waiting",
  waiting_since: "2026-07-01T11:58:30Z",
  has_details: false,
  special_category: false,
  emergency: null,
  awaiting_reply: false,
  language: "en-gb",
  topic: null,
  team_id: null,
  first_line: "My name is Tess and my boiler is broken",
  first_line_withheld: false,
  ...extra,
});

const REPAIRS = { slug: "repairs", label: "Repairs", label_cy: "Atgyweirio" };

function scheduler(teams = [], prefs = PREFS) {
  let now = 1_000_000;
  const alerts = new AlertScheduler({ now: () => now });
  alerts.configure({ teams, available: true, prefs });
  return { alerts, advance: (ms) => (now += ms), at: () => now };
}

describe("alerts", () => {
  test("a new chat alerts at once and again every 30 s until someone takes it", () => {
    const { alerts, advance } = scheduler();
    alerts.setQueue([entry("a", { topic: REPAIRS })]);
    const first = alerts.due();
    assert.equal(first?.sound, "chat");
    assert.deepEqual(first?.notification, { title: "New chat: Repairs", tag: "chat-alert" });
    assert.equal(alerts.due(), null, "nothing more until 30 s have passed");
    advance(REPEAT_MS - 1);
    assert.equal(alerts.due(), null);
    advance(1);
    assert.equal(alerts.due()?.sound, "chat");
    advance(REPEAT_MS);
    alerts.setQueue([]); // taken, by anyone
    assert.equal(alerts.due(), null);
    assert.equal(alerts.count, 0);
  });

  test("the title counts the chats that need the agent", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("a"), entry("b")]);
    assert.equal(alerts.count, 2);
    assert.equal(titleWith("Agent console", alerts.count), "(2) Agent console");
    assert.equal(titleWith("Agent console", 0), "Agent console");
  });

  test("only new chats of the agent's teams, or any team's when they are in none", () => {
    const { alerts } = scheduler([7]);
    alerts.setQueue([entry("mine", { team_id: 7 }), entry("other", { team_id: 8 }), entry("anyone")]);
    assert.equal(alerts.count, 2);
    const teamless = scheduler([]);
    teamless.alerts.setQueue([entry("x", { team_id: 8 }), entry("y", { team_id: 9 })]);
    assert.equal(teamless.alerts.count, 2);
  });

  test("a message left by a visitor who has gone is not alerted", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("left", { status: "closed", awaiting_reply: true })]);
    assert.equal(alerts.count, 0);
  });

  test("an agent who is away hears of no queued chat, but of one assigned to them", () => {
    const { alerts } = scheduler();
    alerts.configure({ teams: [], available: false, prefs: PREFS });
    alerts.setQueue([entry("a")]);
    assert.equal(alerts.due(), null);
    alerts.assigned("b", { emergency: null, topic: REPAIRS });
    assert.deepEqual(alerts.due()?.notification, { title: "Chat assigned to you: Repairs", tag: "chat-alert" });
  });

  test("a chat assigned to the agent alerts until they open it", () => {
    const { alerts, advance } = scheduler();
    alerts.assigned("b", { emergency: null, topic: null });
    assert.equal(alerts.due()?.notification?.title, "Chat assigned to you");
    advance(REPEAT_MS);
    assert.equal(alerts.due()?.sound, "chat");
    alerts.opened("b");
    advance(REPEAT_MS);
    assert.equal(alerts.due(), null);
    assert.equal(alerts.count, 0);
  });

  test("the agent taking a queued chat ends its alert (it becomes theirs, already open)", () => {
    const { alerts, advance } = scheduler();
    alerts.setQueue([entry("a")]);
    alerts.due();
    alerts.setQueue([]);
    alerts.assigned("a", { emergency: null, topic: null });
    alerts.opened("a");
    advance(REPEAT_MS);
    assert.equal(alerts.due(), null);
  });

  test("sound off silences a chat's sound but never an emergency's", () => {
    const { alerts, advance } = scheduler([], { sound: false, desktop: true, volume: 0 });
    alerts.setQueue([entry("a")]);
    const quiet = alerts.due();
    assert.equal(quiet?.sound, null);
    assert.ok(quiet?.notification, "the notification still goes");
    alerts.setQueue([entry("a"), entry("fire", { emergency: { category: "fire", label: "Fire" } })]);
    const loud = alerts.due();
    assert.equal(loud?.sound, "emergency");
    assert.ok((loud?.volume ?? 0) >= 80, "an emergency is heard whatever the volume");
    assert.equal(loud?.notification?.title, "Emergency chat: Fire");
    advance(REPEAT_MS);
    assert.equal(alerts.due()?.sound, "emergency", "it repeats like the others");
  });

  test("desktop notifications off: sound only", () => {
    const { alerts } = scheduler([], { sound: true, desktop: false, volume: 40 });
    alerts.setQueue([entry("a")]);
    const alert = alerts.due();
    assert.equal(alert?.notification, null);
    assert.equal(alert?.sound, "chat");
    assert.equal(alert?.volume, 40);
  });

  test("several chats due together make one alert that counts them", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("a", { topic: REPAIRS }), entry("b")]);
    assert.equal(alerts.due()?.notification?.title, "2 new chats");
  });

  test("a notification never carries the first line, a name or any detail", () => {
    const { alerts, advance } = scheduler();
    alerts.setQueue([entry("a", { topic: REPAIRS, has_details: true })]);
    const seen = [];
    for (let round = 0; round < 3; round += 1) {
      seen.push(JSON.stringify(alerts.due()));
      advance(REPEAT_MS);
    }
    assert.ok(seen.every((text) => !text.includes("Tess") && !text.includes("boiler")), seen.join());
  });

  test("the next alert's time, for the caller's timer", () => {
    const { alerts, advance } = scheduler();
    assert.equal(alerts.nextIn(), null);
    alerts.setQueue([entry("a")]);
    assert.equal(alerts.nextIn(), 0);
    alerts.due();
    advance(10_000);
    assert.equal(alerts.nextIn(), REPEAT_MS - 10_000);
  });
});

describe("a chat the agent accepted", () => {
  test("needs no alert when it is assigned to them, even while another chat is on screen", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("a")]);
    alerts.due();
    alerts.accept("a");
    alerts.setQueue([]);
    alerts.assigned("a", { emergency: null, topic: null });
    assert.equal(alerts.count, 0);
    assert.equal(alerts.due(), null);
  });
});

describe("a chat that turns out to be an emergency", () => {
  test("alerts at once with the emergency's sound, not 30 s later", () => {
    const { alerts } = scheduler([], { sound: false, desktop: true, volume: 20 });
    alerts.setQueue([entry("a")]);
    alerts.due();
    alerts.setQueue([entry("a", { emergency: { category: "gas", label: "Gas" } })]);
    const alert = alerts.due();
    assert.equal(alert?.sound, "emergency");
    assert.equal(alert?.notification?.title, "Emergency chat: Gas");
  });
});

describe("an emergency on a chat already assigned to the agent (auto routing)", () => {
  test("alerts at once with the emergency's sound, muted or not, and repeats until opened", () => {
    const { alerts, advance } = scheduler([], { sound: false, desktop: true, volume: 10 });
    alerts.assigned("a", { emergency: null, topic: null });
    assert.equal(alerts.due()?.sound, null, "the chat's own sound is off");
    advance(1_000);
    alerts.emergency("a", { category: "gas", label: "Gas" }, false);
    const alert = alerts.due();
    assert.equal(alert?.sound, "emergency");
    assert.ok((alert?.volume ?? 0) >= 80);
    assert.equal(alert?.notification?.title, "Emergency chat: Gas");
    advance(REPEAT_MS);
    assert.equal(alerts.due()?.sound, "emergency");
    alerts.opened("a");
    advance(REPEAT_MS);
    assert.equal(alerts.due(), null);
  });

  test("a chat opened before, not on screen now, alerts again; the one being read does not", () => {
    const { alerts } = scheduler();
    alerts.assigned("a", { emergency: null, topic: null });
    alerts.assigned("b", { emergency: null, topic: null });
    alerts.opened("a");
    alerts.opened("b");
    alerts.emergency("a", { category: "fire", label: "Fire" }, false);
    alerts.emergency("b", { category: "gas", label: "Gas" }, true);
    const alert = alerts.due();
    assert.equal(alert?.notification?.title, "Emergency chat: Fire");
    assert.equal(alerts.count, 1);
  });
});

describe("an agent at full capacity", () => {
  test("is not alerted, nor counted, for queued chats they cannot take", () => {
    const { alerts } = scheduler();
    alerts.configure({ max: 2, open: 2 });
    alerts.setQueue([entry("a"), entry("b")]);
    assert.equal(alerts.due(), null);
    assert.equal(alerts.count, 0);
    alerts.configure({ open: 1 }); // a chat closed: they can take one now
    assert.equal(alerts.due()?.notification?.title, "2 new chats");
  });

  test("hears of a queued emergency once, without repeats", () => {
    const { alerts, advance } = scheduler();
    alerts.configure({ max: 1, open: 1 });
    alerts.setQueue([entry("fire", { emergency: { category: "fire", label: "Fire" } }), entry("b")]);
    const alert = alerts.due();
    assert.equal(alert?.sound, "emergency");
    assert.equal(alert?.notification?.title, "Emergency chat: Fire");
    advance(REPEAT_MS);
    alerts.setQueue([entry("fire", { emergency: { category: "fire", label: "Fire" } }), entry("b")]);
    assert.equal(alerts.due(), null);
    assert.equal(alerts.nextIn(), null, "nothing to wake up for");
  });
});

describe("a queued chat routed to the agent", () => {
  test("makes one alert, not a second one when it is assigned", () => {
    const { alerts, advance } = scheduler();
    alerts.setQueue([entry("a", { topic: REPAIRS })]);
    assert.equal(alerts.due()?.notification?.title, "New chat: Repairs");
    advance(130);
    alerts.setQueue([]);
    alerts.assigned("a", { emergency: null, topic: REPAIRS });
    assert.equal(alerts.due(), null);
    assert.equal(alerts.count, 1, "it still needs them until they open it");
    advance(REPEAT_MS);
    assert.equal(alerts.due()?.notification?.title, "Chat assigned to you: Repairs");
  });

  test("opened before the queue says it has gone, it does not alert again as new", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("a")]);
    alerts.due();
    alerts.assigned("a", { emergency: null, topic: null });
    alerts.opened("a");
    alerts.configure({ open: 1 }); // the queue still lists it: the server's next one will not
    assert.equal(alerts.due(), null);
    assert.equal(alerts.count, 0);
  });

  test("assigned before its queue alert went: one alert, as assigned", () => {
    const { alerts } = scheduler();
    alerts.setQueue([entry("a")]);
    alerts.assigned("a", { emergency: null, topic: null });
    assert.equal(alerts.due()?.notification?.title, "Chat assigned to you");
    assert.equal(alerts.due(), null);
  });
});
