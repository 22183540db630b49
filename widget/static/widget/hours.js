// @ts-check
/* Times and opening hours as the widget words them, in the landlord's time zone. */

/** @typedef {import("../chatserver/frames.js").Hours} Hours */
/** @typedef {import("./strings.js").Words} Words */

const DAY_MS = 86400000;

/**
 * The moment's date and time in `timeZone` (the visitor's own when undefined), with
 * the names of its day and month in the page's language.
 * @param {string} iso @param {string | undefined} timeZone @param {Words} words
 */
export function localParts(iso, timeZone, words) {
  /** @type {Record<string, string>} */
  const parts = {};
  new Intl.DateTimeFormat("en-GB", {
    timeZone, day: "numeric", month: "numeric", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(new Date(iso)).forEach((part) => { parts[part.type] = part.value; });
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    day, year: parts.year,
    month: words.months[month - 1], weekday: words.weekdays[weekday],
  };
}

/**
 * "today at 09:00", "Monday at 09:00" within the week, else the date.
 * @param {string} iso @param {string} timeZone @param {Words} words @param {Date} [now]
 */
export function when(iso, timeZone, words, now = new Date()) {
  const then = localParts(iso, timeZone, words);
  if (then.date === localParts(now.toISOString(), timeZone, words).date) return words.t("today_at", then);
  const days = (new Date(iso).getTime() - now.getTime()) / DAY_MS;
  return words.t(days < 6 ? "weekday_at" : "date_at", then);
}

/**
 * A line's time: the time alone today, else with its day and date too.
 * @param {string} iso @param {Words} words @param {Date} [now]
 * @param {string} [timeZone] the visitor's own when undefined
 */
export function clock(iso, words, now = new Date(), timeZone = undefined) {
  const then = localParts(iso, timeZone, words);
  return then.date === localParts(now.toISOString(), timeZone, words).date ? then.time : words.t("date_at", then);
}

/** A line's time, in the visitor's own time zone. @param {string} iso @param {Words} words */
export const moment = (iso, words) => words.t("moment", localParts(iso, undefined, words));

/**
 * "We're open until 17:00", "Closed: opens Monday at 09:00", or nothing to say.
 * @param {Hours | null} answer @param {Words} words @param {Date} [now]
 */
export function hoursText(answer, words, now = new Date()) {
  if (!answer) return "";
  if (answer.open && answer.closes_at) return words.t("open_until", localParts(answer.closes_at, answer.time_zone, words));
  if (!answer.open && answer.opens_at) {
    return words.t("closed_opens", { when: when(answer.opens_at, answer.time_zone, words, now) });
  }
  return answer.open ? "" : words.t("closed");
}

/**
 * Why no adviser answers: the chat is closed (until when, if known), or everyone is busy.
 * @param {"closed" | "busy" | undefined} reason @param {Hours | null} answer
 * @param {Words} words @param {Date} [now]
 */
export function offlineText(reason, answer, words, now = new Date()) {
  if (reason === "closed") {
    return answer && answer.opens_at
      ? words.t("offline_closed_until", { when: when(answer.opens_at, answer.time_zone, words, now) })
      : words.t("offline_closed");
  }
  return words.t("offline_busy");
}
