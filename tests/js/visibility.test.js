/* The widget's visibility reports: at once, then at most one every MIN_GAP_MS with the
 * latest state, and again on a new socket. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { MIN_GAP_MS, VisibilityReporter } from "../../widget/static/widget/visibility.js";

/* A browser's setTimeout throws "Illegal invocation" when called as a method of another
 * object (Node's does not care), so the fake timers below refuse a `this` just as strictly. */
function strictTimer(schedule) {
  return function timer(run, ms) {
    if (this !== undefined && this !== globalThis) throw new TypeError("Illegal invocation");
    return schedule(run, ms);
  };
}

function reporter({ connected = true } = {}) {
  const sent = [];
  const timers = [];
  let now = 0;
  const made = new VisibilityReporter(
    (frame) => connected && sent.push(frame) > 0,
    () => now,
    strictTimer((run, ms) => timers.push({ run, at: now + ms })),
  );
  return {
    made,
    sent,
    advance(ms) {
      now += ms;
      timers.splice(0).forEach((timer) => (timer.at <= now ? timer.run() : timers.push(timer)));
    },
  };
}

describe("visibility reports", () => {
  test("a change is sent at once, as the protocol's frame", () => {
    const { made, sent } = reporter();
    made.change(true);
    assert.deepEqual(sent, [{ type: "visibility", hidden: true }]);
  });

  test("a flapping tab sends one frame a gap, with its latest state", () => {
    const { made, sent, advance } = reporter();
    made.change(true);
    for (let n = 0; n < 50; n += 1) made.change(n % 2 === 0);
    assert.equal(sent.length, 1);
    advance(MIN_GAP_MS);
    assert.deepEqual(sent.map((frame) => frame.hidden), [true, false]);
    made.change(false);
    advance(MIN_GAP_MS);
    assert.equal(sent.length, 2, "nothing new to tell");
  });

  test("a new socket is told the page is hidden, and nothing when it is shown", () => {
    const { made, sent, advance } = reporter();
    made.greeted(false);
    assert.equal(sent.length, 0);
    made.change(true);
    advance(MIN_GAP_MS);
    made.greeted(true);
    advance(MIN_GAP_MS);
    assert.deepEqual(sent.map((frame) => frame.hidden), [true, true]);
  });

  test("the default timer (the page's own setTimeout) sends the latest state after the gap", async (t) => {
    const realTimeout = globalThis.setTimeout;
    globalThis.setTimeout = strictTimer((run, ms) => realTimeout(run, ms));
    t.after(() => {
      globalThis.setTimeout = realTimeout;
    });
    const sent = [];
    let now = 0;
    const made = new VisibilityReporter((frame) => sent.push(frame) > 0, () => now);
    made.change(true);
    now = MIN_GAP_MS - 20; // back within the gap: the send waits 20 ms on the real timer
    made.change(false);
    assert.equal(made.waiting, true);
    await new Promise((done) => realTimeout(done, 60));
    assert.deepEqual(sent.map((frame) => frame.hidden), [true, false]);
    assert.equal(made.waiting, false, "the reporter is free for the next change");
  });

  test("nothing is counted as told while not connected", () => {
    const { made, sent } = reporter({ connected: false });
    made.change(true);
    assert.equal(sent.length, 0);
    assert.equal(made.told, false);
  });
});
