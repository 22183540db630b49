// @ts-check
/* Unread counts: how many of a visitor's lines came in while their chat was not on
 * screen. No DOM here; render.js shows the counts. */

/** @typedef {{id: string, unread: number}} Counted */

/**
 * Counts a line that arrived: a visitor's line in a chat not on screen is unread.
 * Returns the chat's count.
 * @param {Counted} conversation @param {{from: string}} line @param {string | null} selected
 */
export function arrived(conversation, line, selected) {
  if (line.from === "visitor" && conversation.id !== selected) conversation.unread += 1;
  return conversation.unread;
}

/** The chat is on screen: all of it has been seen. @param {Counted | undefined} conversation */
export function shown(conversation) {
  if (conversation) conversation.unread = 0;
}

/** Unread lines over all the agent's chats. @param {Map<string, Counted>} conversations */
export function unreadTotal(conversations) {
  return [...conversations.values()].reduce((total, conversation) => total + conversation.unread, 0);
}

/** The count in words, for a screen reader ("" for none). @param {number} count */
export function unreadLabel(count) {
  if (!count) return "";
  return `${count} unread message${count === 1 ? "" : "s"}`;
}
