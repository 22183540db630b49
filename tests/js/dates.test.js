/* The console's dates: the UK form whatever the browser's locale. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { clockTime, dayAndTime } from "../../chatserver/console/static/console/dates.js";

test("times are on the 24-hour clock and dates day first, in the UK form", () => {
  assert.equal(clockTime("2026-12-07T11:57:22Z", "Europe/London"), "11:57");
  assert.equal(clockTime("2026-12-07T15:04:00Z", "Europe/London"), "15:04");
  assert.equal(dayAndTime("2026-12-07T11:57:22Z", "Europe/London"), "7 Dec 2026, 11:57");
  assert.equal(dayAndTime("2026-07-01T08:05:00Z", "Europe/London"), "1 Jul 2026, 09:05");
});
