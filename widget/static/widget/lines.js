// @ts-check
/* What the widget writes beside a line of the log, which system lines are emergency
 * advice, and what a refused photo tells the visitor to do. No page access here. */
import { clock } from "./hours.js";

/** @typedef {import("./strings.js").Words} Words */
/** @typedef {"pending" | "failed" | "stored"} LineState */
/** @typedef {import("../chatserver/photos.js").UploadProblem} UploadProblem */

/**
 * The note under a line: the visitor's own say whether they are sent (and when), an
 * adviser's give their time, system lines none.
 * @param {string} from @param {LineState} lineState @param {string | undefined} at
 * @param {Words} words @param {Date} [now] @param {string} [timeZone] the visitor's own when undefined
 */
export function lineNote(from, lineState, at, words, now = new Date(), timeZone = undefined) {
  if (from === "visitor") {
    if (lineState === "pending") return words.t("sending");
    if (lineState === "failed") return words.t("not_sent");
  }
  if (from === "system" || !at) return "";
  const time = clock(at, words, now, timeZone);
  return from === "visitor" ? words.t("sent_at", { time }) : time;
}

/**
 * Whether a line is the server's emergency advice: a system line (no one else writes
 * those) opening with the advice's first sentence, from the same catalogue entry.
 * @param {string} from @param {string} text @param {Words} words
 */
export function isEmergencyAdvice(from, text, words) {
  return from === "system" && text.startsWith(words.t("emergency_opening"));
}

/** A reason as a sentence: a capital first, a full stop last. @param {string} reason */
function sentence(reason) {
  const text = reason.trim();
  const capital = text.charAt(0).toLocaleUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * A refused upload for the visitor: what went wrong and what to do; "Try again" only
 * when it can help (the connection, or the server, failed).
 * @param {UploadProblem} problem @param {Words} words
 */
export function photoRefusal(problem, words) {
  const next = problem.retryable ? words.t("photo_try_again") : words.t("photo_choose_another");
  return { message: `${sentence(problem.message)} ${next}`, retry: problem.retryable };
}
