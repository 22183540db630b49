// @ts-check
/* What the agent sees: the queue, their conversations, the one on screen and its
 * visitor. Typed text is isolated (<bdi>) so that right-to-left text cannot reorder
 * the console around it; every text is rendered with textContent. */
import * as outbound from "./outbound.js";
import { HIDDEN_MARKER } from "../chatserver/protocol.js";
import { linesInOrder, writerLabel } from "./conversations.js";
import { clockTime, dayAndTime } from "./dates.js";
import { noticeOpened, renderTitle } from "./alerting.js";
import { renderCasePrompts } from "./case-prompts.js";
import { send } from "./connection.js";
import { LANGUAGES, el } from "./page.js";
import { firstLine, languageName, lineLanguage, queueLabel, spoken } from "./queue.js";
import { selectedConversation, state } from "./state.js";
import { renderHandover } from "./transfer.js";
import { shown, unreadLabel } from "./unread.js";
import { endedNotice, presenceOf } from "./visitor-status.js";
import { showTopicChoice } from "./topics.js";

/** @typedef {import("../chatserver/frames.js").QueueEntry} QueueEntry */
/** @typedef {import("../chatserver/frames.js").Attachment} Attachment */
/** @typedef {{from: string, text: string, at?: string, attachment?: Attachment, author?: {id: number, name: string}}} Line */

const HIDDEN_NOTICE = `Hidden formatting characters were removed where ${HIDDEN_MARKER} appears.`;
const UNREADABLE = "This transcript cannot be opened: its master key is missing. Ask an administrator.";

/**
 * Text someone typed, isolated, its direction from its own first letter; in `lang` when
 * known, so that a screen reader reads Welsh as Welsh.
 * @param {string} value @param {string} [lang]
 */
export function typed(value, lang) {
  const element = document.createElement("bdi");
  element.className = "typed";
  element.textContent = value;
  if (lang) element.lang = lang;
  return element;
}

/** A chat's unread count: a badge, with the words for a screen reader. @param {number} count */
function unreadBadge(count) {
  const badge = document.createElement("span");
  badge.className = "unread";
  const figure = document.createElement("span");
  figure.setAttribute("aria-hidden", "true");
  figure.textContent = String(count);
  const words = document.createElement("span");
  words.className = "visually-hidden";
  words.textContent = unreadLabel(count);
  badge.append(figure, words);
  return badge;
}

/* Where the server took hidden or direction-changing characters out (docs/protocol.md). */
function hiddenNotice() {
  const notice = document.createElement("span");
  notice.className = "hidden-notice";
  notice.textContent = HIDDEN_NOTICE;
  return notice;
}

/** @param {QueueEntry} entry */
function queueItem(entry) {
  const item = document.createElement("li");
  const label = document.createElement("span");
  label.textContent = queueLabel(entry, LANGUAGES);
  if (entry.emergency) {
    item.classList.add("emergency");
    const badge = document.createElement("strong");
    badge.className = "emergency-label";
    badge.textContent = `Emergency: ${entry.emergency.label}`;
    label.prepend(badge, document.createElement("br"));
  }
  const line = firstLine(entry);
  if (line) {
    const said = line.typed ? typed(line.text, entry.language) : document.createElement("span");
    if (!line.typed) said.textContent = line.text;
    said.classList.add("first-line");
    label.append(document.createElement("br"), said);
  }
  const accept = document.createElement("button");
  accept.type = "button";
  accept.textContent = "Accept";
  accept.addEventListener("click", () => send(outbound.accept(entry.conversation_id)));
  item.append(label, accept);
  return item;
}

export function renderQueue() {
  el.queueCount.textContent = String(state.queueTotal);
  el.queue.textContent = "";
  state.queue.forEach((entry) => el.queue.appendChild(queueItem(entry)));
  if (state.queueTotal > state.queue.length) {
    const more = document.createElement("li");
    more.className = "queue-more";
    more.textContent = `and ${state.queueTotal - state.queue.length} more`;
    el.queue.appendChild(more);
  }
}

export function renderMine() {
  el.mine.textContent = "";
  state.conversations.forEach((conversation) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    const urgent = conversation.emergency ? `Emergency: ${conversation.emergency.label} · ` : "";
    const presence = presenceOf(conversation);
    const status = conversation.endedBy ? "ended" : conversation.status;
    button.append(
      urgent,
      typed(conversation.details.name || "Visitor"),
      `${spoken(conversation.language, LANGUAGES)} · ${status}${presence ? ` · ${presence.short}` : ""}`
    );
    if (conversation.endedBy) item.classList.add("ended");
    if (conversation.unread) button.append(unreadBadge(conversation.unread));
    if (conversation.emergency) item.classList.add("emergency");
    button.setAttribute("aria-current", conversation.id === state.selected ? "true" : "false");
    button.addEventListener("click", () => {
      select(conversation.id);
      el.text.focus();
    });
    item.appendChild(button);
    el.mine.appendChild(item);
  });
  renderTitle();
}

/** Shows or hides the visitor column (it needs a conversation on screen). */
export function renderDetails() {
  const open = state.detailsOpen && Boolean(state.selected);
  el.visitorPanel.hidden = !open;
  el.workspace.classList.toggle("with-details", open);
  el.detailsToggle.setAttribute("aria-expanded", String(state.detailsOpen));
}

/** Puts a conversation on screen (null: none). @param {string | null} id */
export function select(id) {
  state.selected = id;
  el.empty.hidden = Boolean(id);
  el.conversation.hidden = !id;
  el.typing.hidden = true;
  el.error.textContent = "";
  const conversation = selectedConversation();
  shown(conversation);
  noticeOpened();
  renderDetails();
  renderHandover();
  renderStanding();
  renderCasePrompts();
  if (conversation) {
    renderLog();
    renderVisitor();
  } else {
    el.log.textContent = "";
    el.details.textContent = "";
  }
  renderMine();
}

export function renderLog() {
  const conversation = selectedConversation();
  if (!conversation) return;
  el.log.textContent = "";
  if (conversation.unreadable) el.log.appendChild(lineItem({ from: "system", text: UNREADABLE }));
  linesInOrder(conversation).forEach((message) => el.log.appendChild(lineItem(message)));
  conversation.pending.forEach((pending) => {
    const item = lineItem({ from: pending.note ? "note" : "agent", text: pending.text });
    item.classList.add("pending");
    el.log.appendChild(item);
  });
  el.log.scrollTop = el.log.scrollHeight;
}

/** @param {Attachment} attachment */
function photoButton(attachment) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "photo-button";
  const image = document.createElement("img");
  image.src = attachment.thumbnail_url;
  image.alt = `Photo (${attachment.width} × ${attachment.height}); open full size`;
  button.appendChild(image);
  button.addEventListener("click", () => {
    el.viewerImage.src = attachment.url;
    el.viewer.showModal();
  });
  return button;
}

/** @param {Line} message */
function lineItem(message) {
  const language = lineLanguage(message.from, selectedConversation()?.language, LANGUAGES);
  const item = document.createElement("li");
  item.className = message.from;
  const meta = document.createElement("span");
  meta.className = "meta";
  const when = message.at ? clockTime(message.at) : "";
  meta.textContent = `${when} ${writerLabel(message, state.agentId)}`.trim();
  if (language) {
    const tag = document.createElement("span");
    tag.className = "line-language";
    tag.textContent = language.label;
    meta.append(" ", tag);
  }
  const text = typed(message.text, language?.code);
  text.classList.add("text");
  item.append(meta, text);
  if (message.text && message.text.includes(HIDDEN_MARKER)) item.append(hiddenNotice());
  if (message.attachment) text.replaceWith(photoButton(message.attachment));
  return item;
}

export function renderVisitor() {
  const conversation = selectedConversation();
  if (!conversation) return;
  el.conversationTitle.replaceChildren(typed(conversation.details.name || "Visitor"));
  el.special.hidden = !conversation.special;
  el.portalVerified.hidden = !conversation.portal;
  el.emergency.hidden = !conversation.emergency;
  el.emergencyLabel.textContent = conversation.emergency ? `Emergency: ${conversation.emergency.label}` : "";
  el.details.textContent = "";
  const rows = conversation.detailsErased
    ? [["Details", "Details erased"]]
    : [
        ["Name", conversation.details.name || "not given"],
        ["Email", conversation.details.email || "not given"],
        ["Address", conversation.details.address || "not given"],
      ];
  if (conversation.portal) {
    rows.unshift(["Tenancy reference", conversation.portal.reference]);
    if (conversation.portal.name) rows.splice(1, 0, ["Name from the portal", conversation.portal.name]);
  }
  rows.push(["Language", languageName(conversation.language, LANGUAGES)]);
  rows.push(["Started", conversation.startedAt ? dayAndTime(conversation.startedAt) : ""]);
  rows.forEach(([term, value]) => {
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.append(typed(value));
    if (value.includes(HIDDEN_MARKER)) dd.append(hiddenNotice());
    el.details.append(dt, dd);
  });
  showTopicChoice(conversation);
}

/* The controls that write in the chat: off once it has ended. */
const WRITING = () => [el.text, el.send, el.asNote, el.agentPhoto, el.transferTo, el.transfer, el.closeChat];

/** Where the visitor is, and for a chat they ended its notice, its "Wrap up" button and
 * the writing controls turned off. */
export function renderStanding() {
  const conversation = selectedConversation();
  const presence = conversation ? presenceOf(conversation) : null;
  el.visitorPresence.hidden = !presence;
  el.visitorPresence.dataset.presence = presence ? presence.short : "";
  el.visitorPresenceIcon.textContent = presence ? presence.icon : "";
  el.visitorPresenceText.textContent = presence ? presence.label : "";
  const notice = conversation ? endedNotice(conversation) : null;
  el.endedText.textContent = notice || "";
  el.wrapUp.hidden = !notice;
  el.ended.classList.toggle("shown", Boolean(notice));
  WRITING().forEach((control) => {
    /** @type {HTMLInputElement} */ (control).disabled = Boolean(notice);
  });
}
