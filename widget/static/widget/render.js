// @ts-check
/* What the visitor sees of the conversation: its lines in order, and its status. */
import { hoursText, moment, offlineText } from "./hours.js";
import { isEmergencyAdvice, lineNote } from "./lines.js";
import { linkParts } from "./links.js";
import { firstAfter } from "./log-order.js";
import { el, setState, show, t, words } from "./page.js";
import { phoneParts } from "./phones.js";
import { showPhoto } from "./photos.js";
import { state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").VisitorMessageFrame} MessageFrame */
/** @typedef {import("../chatserver/frames.js").Hours} Hours */
/** @typedef {import("../chatserver/frames.js").AgentName} AgentName */
/** @typedef {import("./links.js").Part} Part */
/** @typedef {import("./lines.js").LineState} LineState */
/** @typedef {{from?: string, text: string, at?: string, attachment?: MessageFrame["attachment"]}} Line */
/**
 * A status frame, or the conversation a welcome frame describes.
 * @typedef {{status: string, queue_position?: number, agent?: AgentName, reason?: "closed" | "busy", hours?: Hours}} Status
 */

/**
 * A line of the log: its text (an adviser's with web links, emergency advice as an alert
 * with tap-to-call numbers) or photo, then a note of its time, and for the visitor's own
 * whether it is sent.
 * @param {Line} frame @param {HTMLLIElement | null} [li] the item to reuse
 * @param {LineState} [lineState]
 */
export function entry(frame, li, lineState = "stored") {
  const item = li || document.createElement("li");
  const from = frame.from || "visitor";
  const emergency = isEmergencyAdvice(from, frame.text, words);
  item.className = emergency ? "system emergency" : from;
  const text = document.createElement("span");
  text.className = "text";
  if (from === "agent") text.replaceChildren(...linkParts(frame.text).map(linkOrText));
  else if (emergency) text.replaceChildren(...phoneParts(frame.text).map(linkOrText));
  else text.textContent = frame.text;
  item.replaceChildren(text);
  if (frame.at) item.title = moment(frame.at, words);
  if (frame.attachment) showPhoto(text, from, frame.attachment);
  if (from !== "system") {
    const note = document.createElement("span");
    note.className = "meta";
    note.textContent = lineNote(from, lineState, frame.at, words);
    item.appendChild(note);
  }
  return item;
}

/** A part of a line: a link (a web address opening in a new tab, or a tel: number), or text.
 * @param {Part} part */
function linkOrText(part) {
  if (!part.href) return document.createTextNode(part.text);
  const link = document.createElement("a");
  link.href = part.href;
  link.textContent = part.text;
  if (!part.href.startsWith("tel:")) {
    link.target = "_blank";
    link.rel = "noopener noreferrer";
  }
  return link;
}

/** A line the visitor sent, shown greyed until the server acks it. @param {string} text */
export function pendingEntry(text) {
  const item = entry({ from: "visitor", text }, null, "pending");
  item.classList.add("pending");
  el.log.appendChild(item);
  return item;
}

/** A line of the visitor's the server has stored (acked: sent now) or refused.
 * @param {HTMLLIElement} item @param {boolean} stored */
export function settle(item, stored) {
  item.classList.remove("pending");
  item.classList.toggle("failed", !stored);
  const note = item.querySelector(".meta");
  if (note && !stored) note.textContent = t("not_sent");
  else if (note) note.textContent = lineNote("visitor", "stored", new Date().toISOString(), words);
}

/** Shows a line of the conversation once, in its place. @param {MessageFrame} frame */
export function render(frame) {
  if (state.bySeq.has(frame.seq)) return;
  let item = null;
  if (frame.client_id && state.pending.has(frame.client_id)) {
    item = state.pending.get(frame.client_id) || null;
    state.pending.delete(frame.client_id);
  }
  item = entry(frame, item);
  state.bySeq.set(frame.seq, item);
  if (!item.isConnected) {
    el.log.insertBefore(item, firstAfter(/** @type {HTMLElement[]} */ ([...el.log.children]), frame.seq) || firstPending());
  }
  item.dataset.seq = String(frame.seq);
  if (frame.from !== "visitor") {
    el.announce.textContent = frame.from === "agent" ? t("adviser_said", { text: frame.text }) : frame.text;
    el.typing.hidden = true;
  }
  el.log.scrollTop = el.log.scrollHeight;
}

function firstPending() {
  return el.log.querySelector(".pending") || null;
}

/** @param {Hours | null | undefined} answer the latest hours (none: keep the last) */
export function showHours(answer) {
  state.hours = answer || state.hours;
  el.hours.textContent = hoursText(state.hours, words);
}

/** @param {Status} frame */
export function applyStatus(frame) {
  const status = frame.status;
  state.status = status;
  if (frame.hours) showHours(frame.hours);
  if (status === "waiting") {
    show("chat");
    setState(frame.queue_position ? t("queue_position", { position: frame.queue_position }) : t("waiting"));
  } else if (status === "offline") {
    show("chat");
    setState(offlineText(frame.reason, frame.hours || state.hours, words));
  } else if (status === "active") {
    show("chat");
    const name = frame.agent && frame.agent.name;
    setState(name ? t("chatting_with", { name }) : t("chatting"));
  } else if (status === "closed") {
    show("ended");
    setState(t("ended"));
    el.copyEmail.value = state.visitorEmail;
    el.ratingForm.hidden = Boolean(el.ratingResult.textContent);
    el.typing.hidden = true;
  }
}

/** Empties the log and forgets its lines. */
export function clearLog() {
  el.log.textContent = "";
  state.bySeq.clear();
  state.pending.clear();
}

/** A case recorded from the chat: a line with its reference, once (not announced when a
 * welcome lists it again). @param {import("../chatserver/frames.js").CaseRef} frame @param {boolean} [announce] */
export function caseRecorded(frame, announce = true) {
  if ([...el.log.querySelectorAll("[data-case]")].some((item) => item instanceof HTMLElement && item.dataset.case === frame.reference)) return;
  const known = ["complaint", "service_request", "hazard"].includes(frame.kind);
  const text = t(`case_recorded_${known ? frame.kind : "other"}`, { reference: frame.reference });
  const item = entry({ from: "system", text }, null);
  item.dataset.case = frame.reference;
  el.log.insertBefore(item, firstPending());
  if (announce) el.announce.textContent = text;
  el.log.scrollTop = el.log.scrollHeight;
}
