// @ts-check
/* Starting a chat (the pre-chat form), ending it, rating it, and starting again. */
import { CLOSE_NORMAL } from "../chatserver/protocol.js";
import * as outbound from "../chatserver/outbound.js";
import { chat, connect, send } from "./connection.js";
import { hideCodeForm, wipeLocalCopy } from "./copy.js";
import { LANGUAGE, el, setState, show, t } from "./page.js";
import { clearLog } from "./render.js";
import { state } from "./state.js";
import { chosenTopic } from "./topics.js";

/** @typedef {import("../chatserver/frames.js").Details} Details */

/** @param {SubmitEvent} event */
function startChat(event) {
  event.preventDefault();
  el.prechatError.textContent = "";
  /** @type {Details} */
  const details = {};
  for (const field of /** @type {const} */ (["name", "email", "address"])) {
    const value = el[field].value.trim();
    if (value) details[field] = value;
  }
  if (details.email && !el.email.checkValidity()) {
    el.prechatError.textContent = t("bad_email");
    el.email.focus();
    return;
  }
  state.visitorEmail = details.email || "";
  setState(t("starting"));
  if (!send(outbound.start(details, LANGUAGE, chosenTopic()))) {
    state.startWhenConnected = details; // sent as soon as the server greets this page
    connect();
  }
}

/** @param {SubmitEvent} event */
function sendRating(event) {
  event.preventDefault();
  el.ratingResult.textContent = "";
  const chosen = el.ratingForm.querySelector("input[name=score]:checked");
  if (!(chosen instanceof HTMLInputElement)) {
    el.ratingResult.textContent = t("choose_score");
    return;
  }
  const comment = el.ratingComment.value.trim();
  state.ratingPending = true;
  if (!send(outbound.rate(Number(chosen.value), comment || null))) {
    el.ratingResult.textContent = t("not_connected");
    connect();
  }
}

function resetRating() {
  state.ratingPending = false;
  el.ratingForm.reset();
  el.ratingForm.hidden = false;
  el.ratingResult.textContent = "";
}

function restart() {
  el.copyForm.hidden = false;
  hideCodeForm();
  el.copyResult.textContent = "";
  resetRating();
  el.forget.hidden = false;
  el.forgetResult.textContent = "";
  clearLog();
  show("prechat");
  setState("");
  el.name.focus();
}

/* On a shared computer: forget this device's copy and start afresh. */
function clearDevice() {
  wipeLocalCopy([el.name, el.email, el.address, el.copyEmail]);
  hideCodeForm();
  el.copyResult.textContent = "";
  chat.close(CLOSE_NORMAL);
  show("prechat");
  state.notice = t("cleared");
  setState(state.notice);
  state.greeted = false;
  connect();
}

export function installForms() {
  el.prechat.addEventListener("submit", startChat);
  el.end.addEventListener("click", () => send(outbound.end()));
  el.restart.addEventListener("click", restart);
  el.clear.addEventListener("click", clearDevice);
  el.ratingForm.addEventListener("submit", sendRating);
}
