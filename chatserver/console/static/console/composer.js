// @ts-check
/* Writing to the visitor: lines and internal notes, canned responses after "/", typing. */
import * as outbound from "../chatserver/outbound.js";
import { newClientId } from "../chatserver/socket.js";
import { chat, send } from "./connection.js";
import { canned, el } from "./page.js";
import { renderLog } from "./render.js";
import { outbox, selectedConversation, state } from "./state.js";

/** @typedef {import("./page.js").Canned} Canned */

const TYPING_IDLE_MS = 4000;
const SUGGESTIONS = 6;

/** A canned response in the conversation's language, when it has one. @param {Canned} item */
function cannedText(item) {
  const conversation = selectedConversation();
  return (conversation && item.translations[conversation.language]) || item.text;
}

/** @param {SubmitEvent} event */
function submitted(event) {
  event.preventDefault();
  const text = el.text.value.trim();
  const conversation = selectedConversation();
  if (!text || !conversation) return;
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
  const suggestions = el.suggestions;
  if (event.key === "Tab" && !suggestions.hidden && suggestions.firstChild) {
    event.preventDefault();
    /** @type {HTMLElement} */ (suggestions.firstChild).click();
    return;
  }
  if (event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    el.composer.requestSubmit();
  }
}

/** @param {Canned} item */
function suggestion(item) {
  const option = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = `/${item.shortcut}: ${cannedText(item)}`;
  button.addEventListener("click", () => {
    el.text.value = cannedText(item);
    el.suggestions.hidden = true;
    el.text.focus();
  });
  option.appendChild(button);
  return option;
}

function typed() {
  const match = el.text.value.match(/^\/(\S*)$/);
  const options = match ? canned.filter((item) => item.shortcut.startsWith(match[1])) : [];
  el.suggestions.textContent = "";
  options.slice(0, SUGGESTIONS).forEach((item) => el.suggestions.appendChild(suggestion(item)));
  el.suggestions.hidden = options.length === 0;
  if (state.selected && !match) {
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
