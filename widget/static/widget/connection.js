// @ts-check
/* The widget's socket: greeting the server, reading its frames through one table of
 * handlers, and the outbox of lines sent again until the server acks them. */
import * as outbound from "../chatserver/outbound.js";
import { CLOSE, CLOSE_NORMAL, ERROR, TYPE } from "../chatserver/protocol.js";
import { ANSWER_WITHIN_MS, ChatSocket, HEARTBEAT_MS, newClientId } from "../chatserver/socket.js";
import { codeSent, copySent, endedRefusal, erased, forgotten, rated } from "./copy.js";
import { offlineText } from "./hours.js";
import { idleOver, idleWarning, keptOpen } from "./idle.js";
import { lastSeq } from "./log-order.js";
import { LANGUAGE, MAX_TEXT, el, setState, show, t, words } from "./page.js";
import { applyStatus, caseRecorded, pendingEntry, render, settle, showHours } from "./render.js";
import { takeAssertion } from "./portal.js";
import { outbox, saveState, saved, state } from "./state.js";
import { VisibilityReporter } from "./visibility.js";
import { chosenTopic, languageChosen, languageOffer, offerOver, showTopics } from "./topics.js";

/** @typedef {import("../chatserver/frames.js").VisitorOutFrame} VisitorOutFrame */
/** @typedef {import("../chatserver/frames.js").VisitorInFrame} VisitorInFrame */
/** @typedef {import("../chatserver/frames.js").WelcomeFrame} WelcomeFrame */
/** @typedef {import("../chatserver/frames.js").AckFrame} AckFrame */
/** @typedef {import("../chatserver/frames.js").ErrorFrame} ErrorFrame */

const RESEND_AFTER_SERVER_ERROR_MS = 2000;

export const chat = new ChatSocket("/ws/visitor/", {
  onOpen: () => send(outbound.hello(saved.token, lastSeq(state.bySeq.keys()), takeAssertion())),
  onFrame: (frame) => handle(frame),
  onRetry: (delay) => setState(t("retrying", { seconds: Math.ceil(delay / 1000) })),
  finalCodes: [CLOSE.IDLE, CLOSE_NORMAL],
  // A half-open connection is noticed (review 13) and shown as lost, like a closed one.
  pingMs: HEARTBEAT_MS,
  answerWithinMs: ANSWER_WITHIN_MS,
});

export function connect() {
  if (chat.isOpen) return;
  setState(t(state.greeted ? "reconnecting" : "connecting"));
  chat.connect();
}

/** @param {VisitorInFrame} frame @returns {boolean} false when not connected */
export function send(frame) {
  return chat.send(frame);
}

/* Tells the server when the page is hidden or shown, once greeted (hello goes first). */
const visibility = new VisibilityReporter((frame) => state.greeted && chat.isOpen && send(frame));

export function installVisibility() {
  document.addEventListener("visibilitychange", () => visibility.change(document.visibilityState === "hidden"));
}

/** @type {import("../chatserver/protocol.js").Handlers<VisitorOutFrame>} */
const HANDLERS = {
  [TYPE.WELCOME]: welcome,
  [TYPE.STATUS]: (frame) => {
    if (frame.status === "closed") idleOver();
    if (frame.status === "closed" || frame.status === "active") offerOver();
    applyStatus(frame);
  },
  [TYPE.MESSAGE]: stored,
  [TYPE.ACK]: acknowledged,
  [TYPE.TYPING]: (frame) => { el.typing.hidden = !frame.active; },
  [TYPE.ERROR]: refused,
  [TYPE.EMAIL_CODE_SENT]: codeSent,
  [TYPE.TRANSCRIPT_EMAILED]: copySent,
  [TYPE.RATED]: rated,
  [TYPE.FORGOTTEN]: (frame) => forgotten(frame.receipt),
  [TYPE.ERASED]: erased,
  [TYPE.IDLE_WARNING]: idleWarning,
  [TYPE.KEPT_OPEN]: keptOpen,
  [TYPE.LANGUAGE_OFFER]: languageOffer,
  [TYPE.LANGUAGE_CHOSEN]: languageChosen,
  [TYPE.CASE_RECORDED]: (frame) => caseRecorded(frame),
};

/** @param {VisitorOutFrame} frame */
export function handle(frame) {
  const handler = /** @type {((frame: VisitorOutFrame) => void) | undefined} */ (HANDLERS[frame.type]);
  if (handler) handler(frame);
}

/**
 * The pre-chat form, saying before the visitor starts whether anyone would answer: when
 * nobody would (closed, or no adviser free), the button leaves a message.
 * @param {WelcomeFrame} frame
 */
function offerToStart(frame) {
  const answering = frame.answering !== false; // an older server does not say
  el.start.textContent = t(answering ? "start_chat" : "leave_message");
  const nobodyFree = !answering && frame.hours && frame.hours.open;
  setState(state.notice || (nobodyFree ? offlineText("busy", frame.hours, words) : ""));
  state.notice = "";
  show("prechat");
}

/** @param {WelcomeFrame} frame */
function welcome(frame) {
  state.greeted = true;
  chat.settled();
  visibility.greeted(document.visibilityState === "hidden");
  saved.token = frame.token;
  saveState();
  showHours(frame.hours);
  if (frame.limits && frame.limits.photo_bytes) state.photoLimit = frame.limits.photo_bytes;
  showTopics(frame.topics);
  if (!frame.conversation) {
    if (state.startWhenConnected) {
      send(outbound.start(state.startWhenConnected, LANGUAGE, chosenTopic()));
      state.startWhenConnected = null;
      return;
    }
    offerToStart(frame);
    return;
  }
  frame.messages.forEach(stored);
  applyStatus(frame.conversation);
  if (frame.conversation.language_offer) languageOffer();
  (frame.conversation.cases || []).forEach((known) => caseRecorded(known, false));
  flushOutbox();
}

/**
 * A stored line. One of the visitor's own is settled too: when a connection drops after
 * the server stored a line but before its ack arrived, the replay brings the line back
 * with its client_id, and the outbox must not show and send it again.
 * @param {import("../chatserver/frames.js").VisitorMessageFrame} frame
 */
function stored(frame) {
  if (frame.client_id) outbox.settle(frame.client_id);
  if (!state.bySeq.has(frame.seq)) idleOver(); // a new line: the chat is no longer idle
  render(frame);
}

/** @param {AckFrame} frame */
function acknowledged(frame) {
  outbox.settle(frame.client_id);
  idleOver(); // the visitor's line is stored: the chat is no longer idle
  const item = state.pending.get(frame.client_id);
  if (item) {
    settle(item, true);
    item.dataset.seq = String(frame.seq);
    state.pending.delete(frame.client_id);
    state.bySeq.set(frame.seq, item);
  }
  // A message left while nobody can answer: say it is safely kept.
  if (state.status === "offline") setState(t("message_left"));
}

/** What a refusal means to the visitor. @param {ErrorFrame} frame */
function refusalText(frame) {
  /** @type {Record<string, () => string>} */
  const messages = {
    [ERROR.TOO_LONG]: () => t("too_long", { limit: frame.limit || MAX_TEXT }),
    // A start refused on the pre-chat form: too many chats started, or waiting, from here.
    [ERROR.RATE_LIMITED]: () =>
      !el.prechat.hidden ? t("too_many_chats") : t("rate_limited", { seconds: Math.ceil(frame.retry_after || 1) }),
    [ERROR.NOT_STARTED]: () => t("not_started"),
    [ERROR.INVALID]: () => t("invalid"),
  };
  return (messages[frame.code] || (() => t("failed")))();
}

/** @param {ErrorFrame} frame */
function refused(frame) {
  const item = frame.ref && state.pending.get(frame.ref);
  if (frame.code === ERROR.SERVER_ERROR && frame.retryable && item) {
    setTimeout(flushOutbox, RESEND_AFTER_SERVER_ERROR_MS);
    return;
  }
  if (item && frame.ref) {
    settle(item, false);
    state.pending.delete(frame.ref);
    outbox.settle(frame.ref);
  }
  const text = refusalText(frame);
  if (!el.prechat.hidden) el.prechatError.textContent = text;
  else if (!el.ended.hidden && state.ratingPending) el.ratingResult.textContent = text;
  else if (!el.ended.hidden) endedRefusal(frame, text);
  else el.sendError.textContent = text;
}

/** Sends a line of the visitor's, shown as pending until acked. @param {string} text */
export function queueMessage(text) {
  const clientId = newClientId();
  const item = pendingEntry(text);
  el.log.scrollTop = el.log.scrollHeight;
  state.pending.set(clientId, item);
  const frame = outbound.visitorLine(clientId, text);
  outbox.add(frame);
  if (!send(frame)) connect();
}

/* Every line not yet acked (some from an earlier page of this tab) is shown and sent again. */
function flushOutbox() {
  outbox.list().forEach((frame) => {
    if (!state.pending.has(frame.client_id)) state.pending.set(frame.client_id, pendingEntry(frame.text));
  });
  outbox.resend(chat);
}
