// @ts-check
/* The queue as the console shows it: the server's order (emergencies first, then the
 * longest waiting), how long each has waited, and whether someone new has joined. */

/** @typedef {import("../chatserver/frames.js").QueueEntry} QueueEntry */
/** @typedef {{default: string, names: Record<string, string>, english: Record<string, string>}} Languages */

/**
 * "45s", "12m", "1h 5m" since `iso` (never negative).
 * @param {string} iso @param {number} [now] milliseconds since the epoch
 */
export function since(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/**
 * A language as an English-speaking agent reads it: "Cymraeg (Welsh)".
 * @param {string | undefined} language @param {Languages} languages
 */
export function languageName(language, languages) {
  return language ? languages.names[language] || language : "";
}

/**
 * " · Cymraeg (Welsh)" for a visitor who chats in another language than the default.
 * @param {string | undefined} language @param {Languages} languages
 */
export function spoken(language, languages) {
  return language && language !== languages.default ? ` · ${languageName(language, languages)}` : "";
}

/**
 * The language a line is marked in: a visitor's line, or one of the chat's own (written
 * in the conversation's language), in a chat not in the default language, with the
 * language's name in English ("Welsh"); null for the agents' lines and notes.
 * @param {string} from @param {string | undefined} language @param {Languages} languages
 * @returns {{code: string, label: string} | null}
 */
export function lineLanguage(from, language, languages) {
  if ((from !== "visitor" && from !== "system") || !language || language === languages.default) return null;
  return { code: language, label: (languages.english && languages.english[language]) || language };
}

/**
 * What an agent reads about one waiting visitor (the emergency is shown apart).
 * @param {QueueEntry} entry @param {Languages} languages @param {number} [now]
 */
export function queueLabel(entry, languages, now = Date.now()) {
  const kind = entry.awaiting_reply ? "Message left, visitor gone" : entry.status === "offline" ? "Leaving a message" : "Waiting";
  const details = entry.has_details ? " · details given" : "";
  const special = entry.special_category ? " · special category" : "";
  const topic = entry.topic ? ` · ${entry.topic.label}` : "";
  return `${kind} ${since(entry.waiting_since, now)}${topic}${spoken(entry.language, languages)}${details}${special}`;
}

export const WITHHELD = "First line withheld: a restricted team's chat";

/**
 * What the queue shows of the visitor's first line: the line itself (typed text), a
 * note that it is withheld, or nothing yet.
 * @param {QueueEntry} entry @returns {{text: string, typed: boolean} | null}
 */
export function firstLine(entry) {
  if (entry.first_line_withheld) return { text: WITHHELD, typed: false };
  return entry.first_line ? { text: entry.first_line, typed: true } : null;
}

/**
 * A queue frame's entries, in the server's order, with the whole queue's length (the
 * server sends only its head) and whether anyone joined since the `known` ids.
 * @param {QueueEntry[]} entries @param {number | undefined} total @param {Set<string>} known
 */
export function queueView(entries, total, known) {
  const ids = new Set(entries.map((entry) => entry.conversation_id));
  const whole = Math.max(total ?? entries.length, entries.length);
  return { entries, ids, total: whole, more: whole - entries.length, fresh: [...ids].some((id) => !known.has(id)) };
}

/**
 * Whether "A visitor is waiting" shows after a queue frame: on when someone joined,
 * kept while it was on and anyone still waits, and off once the queue is empty.
 * @param {{fresh: boolean, total: number}} view @param {boolean} shown
 */
export function queueAlertShown(view, shown) {
  return view.total > 0 && (view.fresh || shown);
}
