// @ts-check
/* The "Record a case" dialog's rules, no DOM: which requests to open it on, the lines an
 * agent may choose (the visitor's and the agents', shown with the words already on the
 * agent's screen: only the line's number is posted), the chat's cases, and what to post. */

export const RECORD_EVENT = "casework:record";
export const KINDS = ["complaint", "service_request", "hazard"];
export const SEVERITIES = ["emergency", "significant"];

/**
 * What the dialog opens with: a conversation, and what the prompt or agent already chose.
 * @typedef {{conversationId: string, kind: string, severity: string, seq: number | null}} CasePrefill
 */

/**
 * A `casework:record` event's detail as a prefill, or null when it names no conversation;
 * a kind, severity or line the dialog does not know is left for the agent to choose.
 * @param {unknown} detail @returns {CasePrefill | null}
 */
export function prefillFrom(detail) {
  if (!detail || typeof detail !== "object") return null;
  const given = /** @type {Record<string, unknown>} */ (detail);
  if (typeof given.conversationId !== "string" || !given.conversationId) return null;
  const kind = typeof given.kind === "string" && KINDS.includes(given.kind) ? given.kind : "";
  const severity = kind === "hazard" && typeof given.severity === "string" && SEVERITIES.includes(given.severity) ? given.severity : "";
  const seq = Number.isInteger(given.seq) && Number(given.seq) > 0 ? Number(given.seq) : null;
  return { conversationId: given.conversationId, kind, severity, seq };
}

/**
 * Opens the dialog (`open`) whenever someone dispatches `casework:record` on `target` (the
 * document) with a usable detail: the prompts ask for a case this way.
 * @param {EventTarget} target @param {(prefill: CasePrefill) => void} open
 */
export function listenForCaseRequests(target, open) {
  target.addEventListener(RECORD_EVENT, (event) => {
    const prefill = prefillFrom(/** @type {CustomEvent} */ (event).detail);
    if (prefill) open(prefill);
  });
}

/** The longest excerpt of a line offered to choose from. */
export const EXCERPT_LENGTH = 60;
const PEOPLE = ["visitor", "agent"];

/**
 * A line's words on one line, cut to EXCERPT_LENGTH characters with "…"; the transcript
 * page cuts them the same way (console/casework_lines.py).
 * @param {string} text @returns {string}
 */
export function excerpt(text) {
  const words = text.replace(/\s+/g, " ").trim();
  if (!words) return "[no words]";
  return words.length > EXCERPT_LENGTH ? `${words.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : words;
}

/**
 * The lines to choose from, newest first: the visitor's and the agents' (the chat's own
 * notices and the agents' notes never made the landlord aware), each by its time, side
 * and an excerpt, e.g. "19:09 visitor: there is black mould in the…".
 * @param {{seq: number, from: string, text: string, at?: string, attachment?: unknown}[]} lines
 * @param {(iso: string) => string} time how a time is shown
 * @returns {{seq: number, label: string}[]}
 */
export function lineChoices(lines, time) {
  return lines
    .filter((line) => PEOPLE.includes(line.from))
    .sort((a, b) => b.seq - a.seq)
    .map((line) => {
      const words = line.attachment ? "[photo]" : excerpt(line.text);
      return { seq: line.seq, label: `${line.at ? time(line.at) : "time unknown"} ${line.from}: ${words}` };
    });
}

/**
 * The chat's cases as the dialog lists them, "ASPK-RP27: Hazard (closed)", from the
 * server's answer; anything else in it is left out.
 * @param {unknown[]} cases @returns {string[]}
 */
export function caseSummaries(cases) {
  return cases.flatMap((found) => {
    if (!found || typeof found !== "object") return [];
    const { reference, label, open } = /** @type {Record<string, unknown>} */ (found);
    if (typeof reference !== "string" || typeof label !== "string") return [];
    return [`${reference}: ${label}${open === false ? " (closed)" : ""}`];
  });
}

/**
 * What is missing from the agent's choice, or null.
 * @param {{kind: string, severity: string, category: string, seq: string}} choice
 * @returns {string | null}
 */
export function caseProblem(choice) {
  if (!KINDS.includes(choice.kind)) return "Choose what kind of case this is.";
  if (choice.kind === "hazard" && !SEVERITIES.includes(choice.severity)) return "Choose how serious the hazard is.";
  if (choice.kind === "hazard" && !choice.category) return "Choose the hazard's category.";
  if (choice.kind === "hazard" && choice.severity === "significant" && choice.category !== "damp_and_mould") return "A significant hazard's clock is for damp and mould: record another hazard as an emergency, or choose damp and mould.";
  if (!choice.seq) return "Choose the line that made us aware.";
  return null;
}
