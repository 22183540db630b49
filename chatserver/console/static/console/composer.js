// @ts-check
/* Writing to the visitor: lines and internal notes, canned responses after "/", typing. */
import * as outbound from "./outbound.js";
import { newClientId } from "../chatserver/socket.js";
import { cannedGloss, cannedMatches, cannedText, composerKey, isShortcutDraft, shortcutHold } from "./canned.js";
import { chat, send } from "./connection.js";
import { canned, el } from "./page.js";
import { renderLog, typed as isolated } from "./render.js";
import { outbox, selectedConversation, state } from "./state.js";

/** @typedef {import("./canned.js").Canned} Canned */

const TYPING_IDLE_MS = 4000;
const SUGGESTIONS = 6;

/** A canned response in the selected conversation's language. @param {Canned} item */
function cannedFor(item) {
  return cannedText(item, selectedConversation()?.language);
}

/** @param {SubmitEvent} event */
function submitted(event) {
  event.preventDefault();
  const text = el.text.value.trim();
  const conversation = selectedConversation();
  if (!text || !conversation) return;
  const hold = shortcutHold(text, canned, state.warnedDraft);
  state.warnedDraft = hold ? text : null;
  if (hold) {
    el.error.textContent = hold;
    return;
  }
  const note = el.asNote.checked;
  const id = newClientId();
  conversation.pending.set(id, { text, note });
  const frame = outbound.agentLine(conversation.id, id, text, note);
  outbox.add(frame);
  el.text.value = "";
  stopTyping();
  el.error.textContent = chat.send(frame) ? "" : "Not connected: it will be sent when the connection is back.";
  renderLog();
}

/** @param {KeyboardEvent} event */
function keyPressed(event) {
  const suggested = state.suggested;
  const action = composerKey(event, !el.suggestions.hidden && suggested.length > 0);
  if (action) event.preventDefault();
  if (action === "take") take(suggested[0]);
  else if (action === "send") el.composer.requestSubmit();
}

/** Puts a canned response in the composer, in place of its shortcut. @param {Canned} item */
function take(item) {
  el.text.value = cannedFor(item);
  el.suggestions.hidden = true;
  state.suggested = [];
  el.text.focus();
}

/** @param {Canned} item */
function suggestion(item) {
  const option = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  const language = selectedConversation()?.language;
  const gloss = cannedGloss(item, language);
  button.append(`/${item.shortcut}: `, isolated(cannedFor(item), gloss ? language : undefined));
  if (gloss) {
    const english = document.createElement("span");
    english.append("English: ", isolated(gloss));
    button.append(english);
  }
  button.addEventListener("click", () => take(item));
  option.appendChild(button);
  return option;
}

function typed() {
  state.suggested = cannedMatches(el.text.value, canned, SUGGESTIONS);
  el.suggestions.textContent = "";
  state.suggested.forEach((item) => el.suggestions.appendChild(suggestion(item)));
  el.suggestions.hidden = state.suggested.length === 0;
  if (state.selected && !isShortcutDraft(el.text.value)) {
    if (!state.typingSent) state.typingSent = send(outbound.agentTyping(state.selected, true));
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
  }
}

function stopTyping() {
  clearTimeout(state.typingTimer);
  if (state.typingSent && state.selected) send(outbound.agentTyping(state.selected, false));
  state.typingSent = false;
}

export function installComposer() {
  el.composer.addEventListener("submit", submitted);
  el.text.addEventListener("keydown", keyPressed);
  el.text.addEventListener("input", typed);
}
