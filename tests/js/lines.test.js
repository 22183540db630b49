/* What the widget writes beside a line (its time, and for the visitor's own whether it is
 * sent), which system lines are emergency advice, and what a refused photo says. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { clock } from "../../widget/static/widget/hours.js";
import { isEmergencyAdvice, lineNote, photoRefusal } from "../../widget/static/widget/lines.js";
import { wordsFrom } from "../../widget/static/widget/strings.js";

/* The English lines of widget/strings.py that these tests read. */
const words = wordsFrom({
  date_at: "{weekday} {day} {month} {time}",
  sending: "Sending…",
  sent_at: "Sent {time}",
  not_sent: "Not sent",
  emergency_opening: "This may be an emergency.",
  photo_choose_another: "Please choose another photo, or take a screenshot of it and send that.",
  photo_try_again: "Check your connection, then choose Try again.",
  weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
});
const LONDON = "Europe/London";
const NOW = new Date("2026-12-07T18:30:00Z"); // Monday 7 December 2026, 18:30 in London

describe("a line's time", () => {
  test("today: the time alone; another day: its day and date too", () => {
    assert.equal(clock("2026-12-07T09:05:00Z", words, NOW, LONDON), "09:05");
    assert.equal(clock("2026-12-06T23:59:00Z", words, NOW, LONDON), "Sunday 6 December 23:59");
    assert.equal(clock("2026-07-01T16:05:00Z", words, NOW, LONDON), "Wednesday 1 July 17:05");
  });

  test("the visitor's own line: sending, then sent with its time, or not sent", () => {
    assert.equal(lineNote("visitor", "pending", undefined, words, NOW, LONDON), "Sending…");
    assert.equal(lineNote("visitor", "stored", "2026-12-07T14:32:10Z", words, NOW, LONDON), "Sent 14:32");
    assert.equal(lineNote("visitor", "failed", undefined, words, NOW, LONDON), "Not sent");
  });

  test("an adviser's line: its time; a system line: nothing", () => {
    assert.equal(lineNote("agent", "stored", "2026-12-07T14:33:00Z", words, NOW, LONDON), "14:33");
    assert.equal(lineNote("agent", "stored", undefined, words, NOW, LONDON), "");
    assert.equal(lineNote("system", "stored", "2026-12-07T14:33:00Z", words, NOW, LONDON), "");
  });
});

describe("emergency advice", () => {
  test("a system line opening with the advice's first sentence, and nothing else", () => {
    assert.ok(isEmergencyAdvice("system", "This may be an emergency. If you smell gas: …", words));
    assert.ok(!isEmergencyAdvice("agent", "This may be an emergency. Call 999.", words));
    assert.ok(!isEmergencyAdvice("visitor", "This may be an emergency.", words));
    assert.ok(!isEmergencyAdvice("system", "Alice joined the chat.", words));
    assert.ok(!isEmergencyAdvice("system", "Note: This may be an emergency.", words));
  });
});

describe("a refused photo", () => {
  test("a refusal trying again cannot help says what to do instead, as a sentence, with no retry", () => {
    assert.deepEqual(photoRefusal({ message: "the file holds more than a picture (data after the image)", retryable: false }, words), {
      message: "The file holds more than a picture (data after the image). Please choose another photo, or take a screenshot of it and send that.",
      retry: false,
    });
    assert.deepEqual(photoRefusal({ message: "mae'r ffeil JPEG wedi'i difrodi.", retryable: false }, words).message.slice(0, 34),
      "Mae'r ffeil JPEG wedi'i difrodi. P");
  });

  test("a failure on the way or at the server offers trying again", () => {
    assert.deepEqual(photoRefusal({ message: "The connection failed while sending the photo.", retryable: true }, words), {
      message: "The connection failed while sending the photo. Check your connection, then choose Try again.",
      retry: true,
    });
  });
});
