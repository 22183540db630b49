// @ts-check
/* Writing a line: Enter sends, typing is announced, card and bank details are held back
 * with a warning until the visitor sends them anyway or edits them. */
import * as outbound from "../chatserver/outbound.js";
import { looksLikeBankDetails } from "./bankdetails.js";
import { queueMessage, send } from "./connection.js";
import { MAX_TEXT, el, t } from "./page.js";
import { state } from "./state.js";

const TYPING_IDLE_MS = 4000;

/** @param {SubmitEvent} event */
function submitted(event) {
  event.preventDefault();
  el.sendError.textContent = "";
  const text = el.text.value.trim();
  if (!text) return;
  if (text.length > MAX_TEXT) {
    el.sendError.textContent = t("too_long", { limit: MAX_TEXT });
    return;
  }
  if (looksLikeBankDetails(text)) {
    state.heldText = text;
    el.warning.hidden = false;
    el.editMessage.focus();
    return;
  }
  el.text.value = "";
  stopTyping();
  queueMessage(text);
}

function typed() {
  if (!state.typingSent) state.typingSent = send(outbound.visitorTyping(true));
  clearTimeout(state.typingTimer);
  state.typingTimer = setTimeout(stopTyping, TYPING_IDLE_MS);
}

function stopTyping() {
  clearTimeout(state.typingTimer);
  if (state.typingSent) send(outbound.visitorTyping(false));
  state.typingSent = false;
}

export function installComposer() {
  el.composer.addEventListener("submit", submitted);
  el.sendAnyway.addEventListener("click", () => {
    el.warning.hidden = true;
    if (state.heldText) queueMessage(state.heldText);
    state.heldText = null;
    el.text.value = "";
    el.text.focus();
  });
  el.editMessage.addEventListener("click", () => {
    el.warning.hidden = true;
    state.heldText = null;
    el.text.focus();
  });
  el.text.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      el.composer.requestSubmit();
    }
  });
  el.text.addEventListener("input", typed);
}
