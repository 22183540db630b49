// @ts-check
/* Where the visitor is and how a chat ended, as the console words it (no DOM): each
 * presence has an icon of its own shape and words, never colour alone. */

/** @typedef {import("./conversations.js").Conversation} Conversation */

/** Ended this way, a chat stays on screen with a notice until the agent dismisses it. */
export const STAYS = new Set(["visitor", "quick_exit", "idle"]);

/** @type {Record<string, string>} */
export const ENDED_NOTICES = {
  visitor: "The visitor ended the chat.",
  quick_exit: "The visitor left using quick exit.",
  idle: "The chat was closed because it was inactive.",
};

/** @type {Record<string, {icon: string, label: string, short: string}>} */
export const PRESENCE = {
  connected: { icon: "●", label: "Visitor connected", short: "visitor connected" },
  away: { icon: "◐", label: "Visitor away: the chat is not on their screen", short: "visitor away" },
  gone: { icon: "○", label: "Visitor gone: not connected", short: "visitor gone" },
};

/** The visitor's presence to show (null: the server did not say). @param {Conversation} conversation */
export function presenceOf(conversation) {
  const presence = conversation.endedBy ? "gone" : conversation.visitorPresence;
  return PRESENCE[presence] || null;
}

/** The notice of an ended chat kept on screen (null: it is open). @param {Conversation} conversation */
export function endedNotice(conversation) {
  return conversation.endedBy ? ENDED_NOTICES[conversation.endedBy] || "The chat has ended." : null;
}

/** @param {string | undefined} endedBy the closed status frame's reason */
export function staysOnScreen(endedBy) {
  return Boolean(endedBy && STAYS.has(endedBy));
}
