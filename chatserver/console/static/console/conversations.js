// @ts-check
/* The agent's conversations as the console keeps them: lines by number, lines sent and
 * not yet acked, and what the snapshot or an assignment said about each. */

/** @typedef {import("../chatserver/frames.js").ConversationSummary} ConversationSummary */
/** @typedef {import("../chatserver/frames.js").AgentMessageFrame} AgentMessageFrame */
/** @typedef {import("../chatserver/frames.js").Emergency} Emergency */

/**
 * @typedef {object} Conversation
 * @property {string} id
 * @property {Map<number, AgentMessageFrame>} messages by seq
 * @property {Map<string, {text: string, note: boolean}>} pending sent, not acked, by client_id
 * @property {number} unread the visitor's lines since the agent last looked
 * @property {string} status
 * @property {string} startedAt
 * @property {Record<string, string>} details
 * @property {boolean} detailsErased
 * @property {boolean} special special-category data
 * @property {Emergency | null} emergency
 * @property {string} language
 * @property {boolean} unreadable its master key is missing
 * @property {import("../chatserver/frames.js").Handover | null} handover its last transfer, shown first
 * @property {string} visitorPresence connected, away or gone ("" when the server does not say)
 * @property {string | null} endedBy who ended it, when it stays on screen after ending
 * @property {import("../chatserver/frames.js").TopicRef | null} topic what the chat is about
 * @property {string | null} team the team it was routed to
 * @property {string} welshChoice the Welsh visitor's answer when no Welsh speaker was free
 * @property {import("../chatserver/frames.js").PortalTenant | null} portal the tenant the
 * landlord's portal vouched for, when it did
 */

/**
 * Takes in a conversation from a snapshot or an assignment (again: updated, lines merged).
 * @param {Map<string, Conversation>} conversations @param {ConversationSummary} summary
 */
export function adopt(conversations, summary) {
  const conversation = conversations.get(summary.conversation_id) || {
    id: summary.conversation_id,
    messages: new Map(),
    pending: new Map(),
    unread: 0,
  };
  /** @type {Conversation} */
  const adopted = Object.assign(conversation, {
    status: summary.status,
    startedAt: summary.started_at,
    details: summary.details || {},
    detailsErased: summary.details_erased,
    special: summary.special_category,
    emergency: summary.emergency,
    language: summary.language,
    unreadable: Boolean(summary.unreadable),
    handover: summary.handover || null,
    visitorPresence: summary.visitor_presence || "",
    endedBy: summary.status === "closed" ? summary.ended_by || "visitor" : null,
    topic: summary.topic || null,
    team: summary.team || null,
    welshChoice: summary.welsh_choice || "",
    portal: summary.portal || null,
  });
  summary.messages.forEach((message) => adopted.messages.set(message.seq, message));
  conversations.set(adopted.id, adopted);
  return adopted;
}

/** The lines in order of their numbers. @param {Conversation} conversation */
export function linesInOrder(conversation) {
  return [...conversation.messages.keys()].sort((a, b) => a - b).map((seq) => /** @type {AgentMessageFrame} */ (conversation.messages.get(seq)));
}

/**
 * The number after which lines are missing when line `seq` arrives (null: none are),
 * so the console asks for the history in between.
 * @param {Conversation} conversation @param {number} seq
 */
export function missingAfter(conversation, seq) {
  const last = Math.max(0, ...conversation.messages.keys());
  return seq > last + 1 && last > 0 ? last : null;
}

/**
 * Who a line is from, as the console labels it: the agent's own lines and notes as
 * theirs, another staff member's under their name (after a transfer), the visitor's as
 * the visitor's; the chat's own lines carry no label.
 * @param {{from: string, author?: {id: number, name: string}}} line
 * @param {number | null} me the signed-in agent's id
 */
export function writerLabel(line, me) {
  const other = line.author && line.author.id !== me ? line.author.name : null;
  if (line.from === "visitor") return "Visitor";
  if (line.from === "agent") return other || "You";
  if (line.from === "note") return other ? `Note by ${other}` : "Your note";
  return "";
}
