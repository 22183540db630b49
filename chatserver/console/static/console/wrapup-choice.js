// @ts-check
/* The close dialog's rules, no DOM: what the agent must choose and the frame it makes. */
import * as outbound from "../chatserver/outbound.js";

/** @typedef {import("../chatserver/outbound.js").WrapUp} WrapUp */

export const NEED_BOTH = "Choose a contact reason and an outcome.";
export const BOTH_OR_NEITHER = "Choose both a contact reason and an outcome, or neither.";
export const TAGS_NEED_BOTH = "Choose a contact reason and an outcome to add tags.";

/**
 * What is wrong with the choice, or null. A chat the visitor already ended is only ever
 * wrapped up, so it needs both whatever the policy.
 * @param {WrapUp} choice @param {boolean} required @param {boolean} [ended]
 * @returns {string | null}
 */
export function wrapUpProblem(choice, required, ended = false) {
  const given = [choice.reason, choice.outcome].filter(Boolean).length;
  if (given === 2) return null;
  if (required || ended) return NEED_BOTH;
  if (given === 1) return BOTH_OR_NEITHER;
  return choice.tags.length ? TAGS_NEED_BOTH : null;
}

/**
 * The frame for a checked choice: a close (with the wrap-up, if any) for an open chat, a
 * wrap_up for one the visitor ended.
 * @param {string} conversationId @param {WrapUp} choice @param {boolean} ended
 */
export function wrapUpFrame(conversationId, choice, ended) {
  if (ended) return outbound.wrapUp(conversationId, choice);
  return choice.reason ? outbound.close(conversationId, choice) : outbound.close(conversationId);
}
