// @ts-check
/* Everything the console remembers while the page is open, in one object. */
import { Outbox } from "../chatserver/socket.js";

/** @typedef {import("./conversations.js").Conversation} Conversation */
/** @typedef {import("../chatserver/frames.js").QueueEntry} QueueEntry */
/** @typedef {import("../chatserver/frames.js").AgentLineFrame} AgentLineFrame */

/**
 * @typedef {object} ConsoleState
 * @property {Map<string, Conversation>} conversations the agent's own, by id
 * @property {string | null} selected the conversation on screen
 * @property {Set<string>} knownQueue the ids in the queue last shown
 * @property {QueueEntry[]} queue the head of the queue, as the server sent it
 * @property {number} queueTotal the whole queue's length
 * @property {ReturnType<typeof setTimeout> | undefined} typingTimer
 * @property {boolean} typingSent the visitor was told the agent is typing
 * @property {import("./canned.js").Canned[]} suggested the canned responses suggested for the draft
 * @property {string | null} warnedDraft the unknown "/shortcut" the agent was warned about
 * @property {number | null} agentId the signed-in agent, from the snapshot
 * @property {boolean} detailsOpen the visitor column is shown (by default on a wide screen)
 */

/** @type {ConsoleState} */
export const state = {
  conversations: new Map(),
  selected: null,
  knownQueue: new Set(),
  queue: [],
  queueTotal: 0,
  typingTimer: undefined,
  typingSent: false,
  suggested: [],
  warnedDraft: null,
  agentId: null,
  detailsOpen: true,
};

/** Lines and notes sent but not yet acked, sent again after a reconnect. @type {Outbox<AgentLineFrame>} */
export const outbox = new Outbox();

/** The conversation on screen, if any. */
export function selectedConversation() {
  return state.selected ? state.conversations.get(state.selected) : undefined;
}
