// @ts-check
/* What the visitor sees of the conversation: its lines in order, and its status. */
import { hoursText, moment, offlineText } from "./hours.js";
import { linkParts } from "./links.js";
import { firstAfter } from "./log-order.js";
import { el, setState, show, t, words } from "./page.js";
import { showPhoto } from "./photos.js";
import { state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").VisitorMessageFrame} MessageFrame */
/** @typedef {import("../chatserver/frames.js").Hours} Hours */
/** @typedef {import("../chatserver/frames.js").AgentName} AgentName */
/** @typedef {import("./links.js").Part} Part */
/** @typedef {{from?: string, text: string, at?: string, attachment?: MessageFrame["attachment"]}} Line */
/**
 * A status frame, or the conversation a welcome frame describes.
 * @typedef {{status: string, queue_position?: number, agent?: AgentName, reason?: "closed" | "busy", hours?: Hours}} Status
 */

/** @param {Line} frame @param {HTMLLIElement | null} [li] the item to reuse */
export function entry(frame, li) {
  const item = li || document.createElement("li");
  item.className = frame.from || "visitor";
  if (frame.from === "agent") item.replaceChildren(...linkParts(frame.text).map(linkOrText));
  else item.textContent = frame.text;
  if (frame.at) item.title = moment(frame.at, words);
  if (frame.attachment) showPhoto(item, frame.attachment);
  return item;
}

/** A part of an adviser's line: a link opening in a new tab, or text. @param {Part} part */
function linkOrText(part) {
  if (!part.href) return document.createTextNode(part.text);
  const link = document.createElement("a");
  link.href = part.href;
  link.textContent = part.text;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

/** A line the visitor sent, shown greyed until the server acks it. @param {string} text */
export function pendingEntry(text) {
  const item = entry({ from: "visitor", text });
  item.classList.add("pending");
  el.log.appendChild(item);
  return item;
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
