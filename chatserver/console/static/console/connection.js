// @ts-check
/* The console's socket: the agent side of docs/protocol.md over /ws/agent/ with the
 * session cookie, read through one table of handlers, one per frame type. */
import * as outbound from "./outbound.js";
import { CLOSE, ERROR, TYPE } from "../chatserver/protocol.js";
import { ANSWER_WITHIN_MS, ChatSocket, HEARTBEAT_MS } from "../chatserver/socket.js";
import { alerts, flagged, showPreferences, tick } from "./alerting.js";
import { casePromptArrived, casePromptsOf, renderCasePrompts } from "./case-prompts.js";
import { adopt, missingAfter } from "./conversations.js";
import { el } from "./page.js";
import { queueAlertShown, queueView } from "./queue.js";
import { renderBoard } from "./board.js";
import { renderLog, renderMine, renderQueue, renderStanding, renderVisitor, select } from "./render.js";
import { outbox, state } from "./state.js";
import { setTopics, topicChanged } from "./topics.js";
import { arrived } from "./unread.js";
import { transferRefused, transferSettled } from "./transfer.js";
import { wrapUpRefused, wrapUpSettled } from "./wrapup.js";
import { staysOnScreen } from "./visitor-status.js";

/** @typedef {import("../chatserver/frames.js").AgentOutFrame} AgentOutFrame */
/** @typedef {import("../chatserver/frames.js").AgentInFrame} AgentInFrame */
/** @typedef {import("../chatserver/frames.js").SnapshotFrame} SnapshotFrame */
/** @typedef {import("../chatserver/frames.js").AgentMessageFrame} AgentMessageFrame */
/** @typedef {import("../chatserver/frames.js").AgentAckFrame} AgentAckFrame */
/** @typedef {import("../chatserver/frames.js").ErrorFrame} ErrorFrame */
/** @typedef {import("../chatserver/frames.js").AgentStatusFrame} StatusFrame */
/** @typedef {import("../chatserver/frames.js").QueueEntry} QueueEntry */

const QUEUE_ALERT_MS = 6000;
const RESEND_AFTER_SERVER_ERROR_MS = 2000;
const ERASED = "A conversation was erased at the visitor's request and has been removed.";

export const chat = new ChatSocket("/ws/agent/", {
  onFrame: (frame) => handle(frame),
  onRetry: (delay) => {
    el.connection.textContent = `Disconnected. Reconnecting in ${Math.ceil(delay / 1000)} s…`;
  },
  onFinal: () => {
    el.connection.textContent = "Your session has ended. Sign in again.";
  },
  finalCodes: [CLOSE.UNAUTHENTICATED],
  // The same heartbeat as the widget's: an agent whose network dropped is told so.
  pingMs: HEARTBEAT_MS,
  answerWithinMs: ANSWER_WITHIN_MS,
});

/** The chat the agent asked to accept, until the server answers. @type {string | null} */
let acceptAsked = null;

/**
 * A problem where the agent sees and hears it: by the queue for a queue action or when no
 * chat is on screen (the conversation pane is hidden then), else under the conversation.
 * @param {string} message
 */
function showProblem(message) {
  const byQueue = acceptAsked !== null || !state.selected;
  acceptAsked = null;
  (byQueue ? el.queueError : el.error).textContent = message;
}

/**
 * @param {AgentInFrame} frame @param {boolean} [sayIfNot] say so when not connected
 * @returns {boolean} false when not connected
 */
export function send(frame, sayIfNot = true) {
  if (frame.type === TYPE.ACCEPT) {
    // A chat the agent accepts (by button or shortcut) needs no alert when it is theirs.
    alerts.accept(frame.conversation_id);
    acceptAsked = frame.conversation_id;
    el.queueError.textContent = "";
  }
  if (chat.send(frame)) return true;
  if (sayIfNot) showProblem("Not connected. Your message was not sent.");
  else acceptAsked = null;
  return false;
}

/** @type {import("../chatserver/protocol.js").Handlers<AgentOutFrame>} */
const HANDLERS = {
  [TYPE.SNAPSHOT]: snapshot,
  [TYPE.PRESENCE]: (frame) => {
    el.available.checked = frame.status === "available";
    el.available.dataset.confirmed = frame.status; // what the server last confirmed
    alerts.configure({ available: frame.status === "available" });
    tick();
  },
  [TYPE.QUEUE]: (frame) => setQueue(frame.queue, frame.total),
  [TYPE.ASSIGNED]: (frame) => {
    const id = frame.conversation.conversation_id;
    // A chat this console accepted opens at once (its handover note first), even from
    // another chat; one routed or transferred to the agent waits in the list.
    const accepted = acceptAsked === id;
    if (accepted) acceptAsked = null;
    const queued = state.queue.find((entry) => entry.conversation_id === id);
    alerts.assigned(id, { emergency: frame.conversation.emergency, topic: queued ? queued.topic : null });
    adopt(state.conversations, frame.conversation);
    casePromptsOf(id, frame.conversation.case_prompts);
    renderMine();
    if (!state.selected || accepted) {
      select(id);
      el.text.focus();
    }
    tick();
  },
  [TYPE.ALERT_PREFERENCES]: (frame) => showPreferences(frame.alerts),
  [TYPE.UNASSIGNED]: (frame) => {
    casePromptsOf(frame.conversation_id, []); // its prompts go with it to whoever has it now
    drop(frame.conversation_id);
  },
  [TYPE.ERASED]: (frame) => {
    if (!("conversation_id" in frame)) return;
    casePromptsOf(frame.conversation_id, []);
    drop(frame.conversation_id);
    el.notice.textContent = ERASED;
    el.notice.hidden = false;
  },
  [TYPE.MESSAGE]: addMessage,
  [TYPE.ACK]: acknowledged,
  [TYPE.STATUS]: statusChanged,
  [TYPE.TYPING]: (frame) => {
    if (frame.conversation_id === state.selected) el.typing.hidden = !frame.active;
  },
  [TYPE.DETAILS]: (frame) => {
    const conversation = state.conversations.get(frame.conversation_id);
    if (!conversation) return;
    conversation.details = frame.details;
    if (frame.portal) conversation.portal = frame.portal;
    if (state.selected === frame.conversation_id) renderVisitor();
  },
  [TYPE.HISTORY]: (frame) => frame.messages.forEach((message) => addMessage(message)),
  [TYPE.EMERGENCY]: (frame) => {
    const conversation = state.conversations.get(frame.conversation_id);
    if (!conversation) return;
    conversation.emergency = frame.emergency;
    renderMine();
    if (state.selected === frame.conversation_id) renderVisitor();
    flagged(frame.conversation_id, frame.emergency);
  },
  [TYPE.WRAPPED_UP]: (frame) => {
    if (!("conversation_id" in frame)) return;
    const conversation = state.conversations.get(frame.conversation_id);
    if (conversation && conversation.status === "closed") drop(frame.conversation_id);
    wrapUpSettled(frame.conversation_id);
    document.dispatchEvent(new CustomEvent("wrapped-up", { detail: { conversationId: frame.conversation_id } }));
  },
  [TYPE.VISITOR_PRESENCE]: (frame) => {
    const conversation = state.conversations.get(frame.conversation_id);
    if (!conversation) return;
    conversation.visitorPresence = frame.presence;
    renderMine();
    if (state.selected === frame.conversation_id) renderStanding();
  },
  [TYPE.DISMISSED]: (frame) => drop(frame.conversation_id),
  [TYPE.BOARD]: renderBoard,
  [TYPE.TOPIC]: topicChanged,
  [TYPE.CASE_PROMPT]: casePromptArrived,
  [TYPE.ERROR]: refused,
};

/** @param {AgentOutFrame} frame */
export function handle(frame) {
  const handler = /** @type {((frame: AgentOutFrame) => void) | undefined} */ (HANDLERS[frame.type]);
  if (handler) handler(frame);
}

/** @param {SnapshotFrame} frame */
function snapshot(frame) {
  chat.settled();
  el.connection.textContent = `Connected as ${frame.agent.name}.`;
  state.agentId = frame.agent.id;
  el.available.checked = frame.agent.status === "available";
  alerts.configure({
    teams: frame.agent.teams,
    available: frame.agent.status === "available",
    max: frame.agent.max_conversations,
  });
  showPreferences(frame.agent.alerts);
  setTopics(frame.topics || []);
  frame.conversations.forEach((summary) => {
    adopt(state.conversations, summary);
    casePromptsOf(summary.conversation_id, summary.case_prompts);
  });
  setQueue(frame.queue, frame.queue_total);
  renderMine();
  outbox.resend(chat);
}

/** @param {QueueEntry[]} entries @param {number | undefined} total */
function setQueue(entries, total) {
  const view = queueView(entries, total, state.knownQueue);
  state.queue = view.entries;
  state.queueTotal = view.total;
  state.knownQueue = view.ids;
  el.queueAlert.hidden = !queueAlertShown(view, !el.queueAlert.hidden);
  if (view.fresh) {
    setTimeout(() => {
      el.queueAlert.hidden = true;
    }, QUEUE_ALERT_MS);
  }
  renderQueue();
  alerts.setQueue(view.entries);
  tick();
}

/** @param {string} id */
function drop(id) {
  transferSettled(id);
  alerts.gone(id);
  state.conversations.delete(id);
  if (state.selected === id) select(null);
  renderMine();
  renderCasePrompts();
}

/** @param {AgentMessageFrame} frame */
function addMessage(frame) {
  const conversation = state.conversations.get(frame.conversation_id);
  if (!conversation || conversation.messages.has(frame.seq)) return;
  const gap = missingAfter(conversation, frame.seq);
  if (gap !== null) send(outbound.history(conversation.id, gap));
  conversation.messages.set(frame.seq, frame);
  if (frame.client_id) conversation.pending.delete(frame.client_id);
  arrived(conversation, frame, state.selected);
  if (frame.conversation_id === state.selected) {
    renderLog();
    if (frame.from === "visitor") el.typing.hidden = true;
  } else if (frame.from === "visitor") {
    renderMine();
  }
}

/** @param {ErrorFrame} frame */
function refused(frame) {
  const ref = frame.ref;
  if (ref && outbox.has(ref)) {
    if (frame.code === ERROR.SERVER_ERROR && frame.retryable) {
      setTimeout(() => outbox.resend(chat), RESEND_AFTER_SERVER_ERROR_MS);
      return;
    }
    outbox.settle(ref);
    state.conversations.forEach((conversation) => conversation.pending.delete(ref));
    if (state.selected) renderLog();
  }
  if (acceptAsked !== null) alerts.accepting.delete(acceptAsked); // not theirs after all
  if (!wrapUpRefused(frame.message) && !transferRefused(frame.message)) showProblem(frame.message);
}

/** @param {AgentAckFrame} frame */
function acknowledged(frame) {
  outbox.settle(frame.client_id);
  const conversation = state.conversations.get(frame.conversation_id);
  if (conversation) {
    conversation.pending.delete(frame.client_id);
    if (frame.conversation_id === state.selected) renderLog();
  }
}

/** @param {StatusFrame} frame */
function statusChanged(frame) {
  const conversation = frame.conversation_id ? state.conversations.get(frame.conversation_id) : undefined;
  if (!conversation) return;
  conversation.status = frame.status;
  if (frame.status !== "closed") {
    renderMine();
    return;
  }
  // A chat the visitor ended stays, with its notice, until the agent wraps it up.
  wrapUpSettled(conversation.id);
  if (!staysOnScreen(frame.ended_by)) {
    drop(conversation.id);
    return;
  }
  conversation.endedBy = frame.ended_by || "visitor";
  conversation.visitorPresence = "gone";
  renderMine();
  if (state.selected === conversation.id) renderStanding();
}
