// @ts-check
/* Every frame the widget sends, built in one place (the console's are in
 * console/outbound.js, so the widget does not carry them): each builder's return type is
 * the server's own frame type (frames.js, generated from chatserver/chat/protocol), so tsc
 * refuses a frame the server would not accept.
 */
import { TYPE } from "./protocol.js";

/** @typedef {import("./frames.js").Details} Details */

/* ---------- the visitor's socket ---------- */

/**
 * @param {string | null} token the resume token, if this tab has one
 * @param {number | null} afterSeq the last line this tab has shown
 * @param {string | null} [assertion] the landlord's portal's signed assertion, sent once
 * (without one the frame is as it always was)
 * @returns {import("./frames.js").HelloFrame}
 */
export const hello = (token, afterSeq, assertion = null) =>
  assertion ? { type: TYPE.HELLO, token, after_seq: afterSeq, assertion } : { type: TYPE.HELLO, token, after_seq: afterSeq };

/** The visitor's language travels with the start, so the server answers in it, and the
 * topic they chose, if any (without one the frame is as it always was).
 * @param {Details} details @param {string} language @param {string | null} [topic]
 * @returns {import("./frames.js").StartFrame} */
export const start = (details, language, topic = null) =>
  topic ? { type: TYPE.START, details, language, topic } : { type: TYPE.START, details, language };

/** The answer to a language offer.
 * @param {"wait" | "english" | "message"} choice
 * @returns {import("./frames.js").LanguageChoiceFrame} */
export const languageChoice = (choice) => ({ type: TYPE.LANGUAGE_CHOICE, choice });

/** @param {string} clientId @param {string} text @returns {import("./frames.js").VisitorLineFrame} */
export const visitorLine = (clientId, text) => ({ type: TYPE.MESSAGE, client_id: clientId, text });

/** What the chat is about, chosen while waiting (null: none).
 * @param {string | null} topic @returns {import("./frames.js").VisitorTopicFrame} */
export const visitorTopic = (topic) => ({ type: TYPE.TOPIC, topic });

/** @param {boolean} active @returns {import("./frames.js").VisitorTypingFrame} */
export const visitorTyping = (active) => ({ type: TYPE.TYPING, active });

/** @returns {import("./frames.js").EndFrame} */
export const end = () => ({ type: TYPE.END });

/** @returns {import("./frames.js").PingFrame} */
export const ping = () => ({ type: TYPE.PING });

/** Without a code: asks for one to be emailed; with it, the copy itself.
 * @param {string} email @param {string} [code]
 * @returns {import("./frames.js").EmailTranscriptFrame} */
export const emailTranscript = (email, code) =>
  code === undefined ? { type: TYPE.EMAIL_TRANSCRIPT, email } : { type: TYPE.EMAIL_TRANSCRIPT, email, code };

/** @returns {import("./frames.js").ForgetFrame} */
export const forget = () => ({ type: TYPE.FORGET });

/** @param {number} score @param {string | null} comment @returns {import("./frames.js").RateFrame} */
export const rate = (score, comment) => ({ type: TYPE.RATE, score, comment });

/** The answer to an idle warning. @returns {import("./frames.js").KeepOpenFrame} */
export const keepOpen = () => ({ type: TYPE.KEEP_OPEN });

/** @returns {import("./frames.js").QuickExitFrame} */
export const quickExit = () => ({ type: TYPE.EXIT });

/** The widget's page was hidden or shown again.
 * @param {boolean} hidden @returns {import("./frames.js").VisibilityFrame} */
export const visibility = (hidden) => ({ type: TYPE.VISIBILITY, hidden });
