/* The widget's logic that needs no browser: its words, times and opening hours, where a
 * line goes in the log, what it keeps in sessionStorage, and spotting bank details. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { looksLikeBankDetails, luhn } from "../../widget/static/widget/bankdetails.js";
import { hoursText, localParts, moment, offlineText, when } from "../../widget/static/widget/hours.js";
import { firstAfter, lastSeq } from "../../widget/static/widget/log-order.js";
import { STORAGE_KEY, forgetSaved, loadSaved, store } from "../../widget/static/widget/storage.js";
import { fill, wordsFrom } from "../../widget/static/widget/strings.js";

/* The English lines of widget/strings.py that these tests read. */
const words = wordsFrom({
  open_until: "We're open until {time}.",
  closed_opens: "We're closed. Opens {when}.",
  closed: "We're closed.",
  today_at: "today {time}",
  weekday_at: "{weekday} {time}",
  date_at: "{weekday} {day} {month} {time}",
  moment: "{day} {month} {year}, {time}",
  offline_busy: "busy",
  offline_closed_until: "closed until {when}",
  offline_closed: "closed",
  weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
  months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
});
const LONDON = "Europe/London";
// Wednesday 1 July 2026, 10:00 in London (summer time).
const NOW = new Date("2026-07-01T09:00:00Z");

describe("words", () => {
  test("fill puts in each value and leaves an unknown placeholder as it is", () => {
    assert.equal(fill("{a} and {b}, {a}", { a: 1 }), "1 and {b}, 1");
  });
});

describe("times and hours, in the landlord's time zone", () => {
  test("a moment's parts in London in summer and in winter", () => {
    assert.deepEqual(localParts("2026-07-01T16:05:00Z", LONDON, words), {
      date: "2026-07-01", time: "17:05", day: 1, year: "2026", month: "July", weekday: "Wednesday",
    });
    assert.equal(localParts("2026-12-31T23:30:00Z", LONDON, words).time, "23:30");
    assert.equal(localParts("2026-03-29T00:59:00Z", LONDON, words).weekday, "Sunday");
  });

  test("today, within the week by its day, later by its date", () => {
    assert.equal(when("2026-07-01T16:00:00Z", LONDON, words, NOW), "today 17:00");
    assert.equal(when("2026-07-06T08:00:00Z", LONDON, words, NOW), "Monday 09:00");
    assert.equal(when("2026-07-08T08:00:00Z", LONDON, words, NOW), "Wednesday 8 July 09:00");
  });

  test("open until, closed until, closed, or nothing to say", () => {
    const zone = { time_zone: LONDON };
    assert.equal(hoursText({ ...zone, open: true, closes_at: "2026-07-01T16:00:00Z" }, words, NOW), "We're open until 17:00.");
    assert.equal(hoursText({ ...zone, open: false, opens_at: "2026-07-02T08:00:00Z" }, words, NOW), "We're closed. Opens Thursday 09:00.");
    assert.equal(hoursText({ ...zone, open: false }, words, NOW), "We're closed.");
    assert.equal(hoursText({ ...zone, open: true }, words, NOW), "");
    assert.equal(hoursText(null, words, NOW), "");
  });

  test("why nobody answers: closed until when, closed, or busy", () => {
    const hours = { time_zone: LONDON, open: false, opens_at: "2026-07-01T15:00:00Z" };
    assert.equal(offlineText("closed", hours, words, NOW), "closed until today 16:00");
    assert.equal(offlineText("closed", null, words, NOW), "closed");
    assert.equal(offlineText("busy", hours, words, NOW), "busy");
  });

  test("a line's moment has its date and time", () => {
    assert.match(moment("2026-07-01T16:05:00Z", words), /^1 July 2026, \d\d:05$/);
  });
});

describe("the log's order", () => {
  const shown = (...seqs) => seqs.map((seq) => ({ dataset: seq === null ? {} : { seq: String(seq) } }));

  test("a line goes before the first line numbered after it, else last", () => {
    const items = shown(1, 2, 5, null);
    assert.equal(firstAfter(items, 3), items[2]);
    assert.equal(firstAfter(items, 0), items[0]);
    assert.equal(firstAfter(items, 2), items[2]); // strictly after
    assert.equal(firstAfter(items, 9), null);
  });

  test("the last number shown, none when the log is empty", () => {
    assert.equal(lastSeq([3, 10, 7]), 10);
    assert.equal(lastSeq([]), null);
  });
});

describe("what the widget keeps in sessionStorage", () => {
  const memory = () => {
    const items = new Map();
    return {
      getItem: (key) => items.get(key) ?? null,
      setItem: (key, value) => items.set(key, value),
      removeItem: (key) => items.delete(key),
      items,
    };
  };

  test("the token and the unacked lines come back in order, as plain message frames", () => {
    const storage = memory();
    const lines = [
      { type: "message", client_id: "b", text: "second" },
      { type: "message", client_id: "a", text: "first", extra: "dropped" },
    ];
    store(() => storage, { token: "t", outbox: lines });
    assert.deepEqual(loadSaved(() => storage), {
      token: "t",
      outbox: [
        { type: "message", client_id: "b", text: "second" },
        { type: "message", client_id: "a", text: "first" },
      ],
    });
    forgetSaved(() => storage);
    assert.equal(storage.items.has(STORAGE_KEY), false);
  });

  test("nothing saved, spoilt or refused storage: a fresh start, never an exception", () => {
    const empty = { token: null, outbox: [] };
    assert.deepEqual(loadSaved(() => memory()), empty);
    const spoilt = memory();
    spoilt.setItem(STORAGE_KEY, "{not json");
    assert.deepEqual(loadSaved(() => spoilt), empty);
    const refused = () => { throw new Error("SecurityError"); };
    assert.deepEqual(loadSaved(refused), empty);
    store(refused, { token: "t", outbox: [] });
    forgetSaved(refused);
  });
});

describe("bank details", () => {
  test("the Luhn check", () => {
    assert.equal(luhn("4111111111111111"), true);
    assert.equal(luhn("4111111111111112"), false);
  });

  test("a card number, with spaces or dashes, is spotted", () => {
    assert.equal(looksLikeBankDetails("my card is 4111 1111 1111 1111 thanks"), true);
    assert.equal(looksLikeBankDetails("5500-0000-0000-0004"), true);
  });

  test("a sort code with an account number is spotted", () => {
    assert.equal(looksLikeBankDetails("Sort code 12-34-56, account 12345678"), true);
    assert.equal(looksLikeBankDetails("sortcode 123456 account 12345678"), true);
  });

  test("ordinary numbers are not", () => {
    assert.equal(looksLikeBankDetails("my tenancy is TN123456, phone 07700 900123"), false);
    assert.equal(looksLikeBankDetails("4111 1111 1111 1112"), false);
    assert.equal(looksLikeBankDetails("account 12345678"), false);
    assert.equal(looksLikeBankDetails("reference 79927398713"), false); // passes Luhn, too short for a card
  });
});
