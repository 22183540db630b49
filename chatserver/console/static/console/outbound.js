// @ts-check
/* Every frame the agent console sends, built in one place: each builder's return type is
 * the server's own frame type (frames.js, generated from chatserver/chat/protocol), so tsc
 * refuses a frame the server would not accept.
 */
import { TYPE } from "../chatserver/protocol.js";

/** @param {"available" | "away"} status @returns {import("../chatserver/frames.js").PresenceRequestFrame} */
export const presence = (status) => ({ type: TYPE.PRESENCE, status });

/** The agent sets or changes a chat's topic (null: none).
 * @param {string} conversationId @param {string | null} topic
 * @returns {import("../chatserver/frames.js").AgentTopicFrame} */
export const agentTopic = (conversationId, topic) => ({ type: TYPE.TOPIC, conversation_id: conversationId, topic });

/** @param {string} conversationId @returns {import("../chatserver/frames.js").AcceptFrame} */
export const accept = (conversationId) => ({ type: TYPE.ACCEPT, conversation_id: conversationId });

/** A line to the visitor, or an internal note (never shown to the visitor).
 * @param {string} conversationId @param {string} clientId @param {string} text @param {boolean} note
 * @returns {import("../chatserver/frames.js").AgentLineFrame} */
export const agentLine = (conversationId, clientId, text, note) => ({
  type: note ? TYPE.NOTE : TYPE.MESSAGE,
  conversation_id: conversationId,
  client_id: clientId,
  text,
});

/** @param {string} conversationId @param {boolean} active @returns {import("../chatserver/frames.js").AgentTypingFrame} */
export const agentTyping = (conversationId, active) => ({ type: TYPE.TYPING, conversation_id: conversationId, active });

/** A transfer to an agent (a number: their id) or back to waiting for a team
 * (`{ team: id }`), with an optional internal note for whoever takes the chat.
 * @param {string} conversationId @param {number | {team: number}} target @param {string} [note]
 * @returns {import("../chatserver/frames.js").TransferFrame} */
export const transfer = (conversationId, target, note = "") => ({
  type: TYPE.TRANSFER,
  conversation_id: conversationId,
  ...(typeof target === "number" ? { to_agent_id: target } : { to_team_id: target.team }),
  ...(note.trim() ? { note } : {}),
});

/**
 * A chat's wrap-up: codes from the lists the console's page carries.
 * @typedef {{reason: string, outcome: string, tags: string[]}} WrapUp
 */

/** Closes the chat, with its wrap-up when one is given.
 * @param {string} conversationId @param {WrapUp} [wrapUp]
 * @returns {import("../chatserver/frames.js").CloseFrame} */
export const close = (conversationId, wrapUp) =>
  wrapUp ? { type: TYPE.CLOSE, conversation_id: conversationId, ...wrapUp } : { type: TYPE.CLOSE, conversation_id: conversationId };

/** The wrap-up of a chat that closed while the agent had it (the visitor ended it).
 * @param {string} conversationId @param {WrapUp} choice
 * @returns {import("../chatserver/frames.js").WrapUpFrame} */
export const wrapUp = (conversationId, choice) => ({ type: TYPE.WRAP_UP, conversation_id: conversationId, ...choice });

/** @param {string} conversationId @param {number} afterSeq @returns {import("../chatserver/frames.js").HistoryRequestFrame} */
export const history = (conversationId, afterSeq) => ({
  type: TYPE.HISTORY,
  conversation_id: conversationId,
  after_seq: afterSeq,
});

/** @param {string} conversationId @returns {import("../chatserver/frames.js").ClearEmergencyFrame} */
export const clearEmergency = (conversationId) => ({ type: TYPE.CLEAR_EMERGENCY, conversation_id: conversationId });

/** Done with a conversation the visitor ended. @param {string} conversationId
 * @returns {import("../chatserver/frames.js").DismissFrame} */
export const dismiss = (conversationId) => ({ type: TYPE.DISMISS, conversation_id: conversationId });

/** How the console alerts this agent, kept for them on the server.
 * @param {import("../chatserver/frames.js").AlertPreferences} prefs
 * @returns {import("../chatserver/frames.js").AlertPreferencesRequestFrame} */
export const alertPreferences = (prefs) => ({ type: TYPE.ALERT_PREFERENCES, ...prefs });

/** The agent's answer to a complaint or hazard prompt (see case-prompt-choice.js).
 * @param {string} conversationId @param {"complaint" | "hazard"} prompt
 * @param {"offered" | "declined" | "recorded" | "not_relevant"} decision
 * @returns {import("../chatserver/frames.js").CasePromptDecisionFrame} */
export const casePromptDecision = (conversationId, prompt, decision) => ({
  type: TYPE.CASE_PROMPT_DECISION,
  conversation_id: conversationId,
  prompt,
  decision,
});
