// @ts-check
/* The prompts on the conversation on screen: a box above the composer for each open
 * prompt (never a dialog: the agent keeps typing), its buttons carried out by
 * case-prompt-choice.js. Prompts are kept by conversation as the server sends them. */
import { decide, promptView } from "./case-prompt-choice.js";
import { send } from "./connection.js";
import { el } from "./page.js";
import { state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").CasePromptFrame} CasePromptFrame */

/** The open prompts, by conversation and kind. @type {Map<string, Map<string, CasePromptFrame>>} */
const open = new Map();

/** The open prompts of a conversation the server sent whole (a snapshot, or a chat
 * assigned to the agent), in place of those known.
 * @param {string} conversationId @param {CasePromptFrame[] | undefined} frames */
export function casePromptsOf(conversationId, frames) {
  open.delete(conversationId);
  (frames || []).forEach(casePromptArrived);
  renderCasePrompts();
}

/** A prompt opened, was offered, or was answered (on any of the agent's consoles).
 * @param {CasePromptFrame} frame */
export function casePromptArrived(frame) {
  const prompts = open.get(frame.conversation_id) || new Map();
  if (frame.state === "decided") prompts.delete(frame.prompt);
  else prompts.set(frame.prompt, frame);
  if (prompts.size) open.set(frame.conversation_id, prompts);
  else open.delete(frame.conversation_id);
  renderCasePrompts();
}

/** Puts the offer in the composer, after what the agent has typed; it is not sent.
 * @param {string} text */
function draft(text) {
  el.text.value = el.text.value.trim() ? `${el.text.value.trimEnd()}\n${text}` : text;
  el.text.focus();
}

/** @param {CasePromptFrame} prompt @param {boolean} ended its chat is no longer on screen */
function promptBox(prompt, ended) {
  const view = promptView(prompt, ended);
  const box = document.createElement("div");
  box.className = `case-prompt case-prompt-${prompt.prompt}`;
  const message = document.createElement("p");
  message.textContent = view.message;
  box.appendChild(message);
  view.buttons.forEach((button) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.textContent = button.label;
    element.addEventListener("click", () => decide(prompt, button.choice, { send, draft }));
    box.appendChild(element);
  });
  return box;
}

/** The selected conversation's open prompts; and, beside the agent's chats, those of
 * chats no longer on the console (a low rating after the agent closed the chat). */
export function renderCasePrompts() {
  el.casePrompts.textContent = "";
  const prompts = state.selected ? open.get(state.selected) : undefined;
  el.casePrompts.hidden = !prompts;
  prompts?.forEach((prompt) => el.casePrompts.appendChild(promptBox(prompt, false)));
  el.endedChatPrompts.textContent = "";
  const away = [...open.values()].flatMap((byKind) => [...byKind.values()]);
  const gone = away.filter((prompt) => !state.conversations.has(prompt.conversation_id));
  el.endedChatPrompts.hidden = gone.length === 0;
  gone.forEach((prompt) => el.endedChatPrompts.appendChild(promptBox(prompt, true)));
}
