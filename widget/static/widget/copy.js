// @ts-check
/* The visitor's copies of the conversation: the emailed copy (a code is emailed first,
 * the copy once it is typed), asking us to forget it, and clearing this device's copy. */
import * as outbound from "../chatserver/outbound.js";
import { ERROR } from "../chatserver/protocol.js";
import { connect, send } from "./connection.js";
import { moment } from "./hours.js";
import { el, setState, show, t, words } from "./page.js";
import { clearLog } from "./render.js";
import { clearState, state } from "./state.js";

/** @typedef {import("../chatserver/frames.js").EmailCodeSentFrame} EmailCodeSentFrame */
/** @typedef {import("../chatserver/frames.js").ErrorFrame} ErrorFrame */
/** @typedef {import("../chatserver/frames.js").Receipt} Receipt */

const CODE = /^[0-9]{6}$/;

/** @param {EmailCodeSentFrame} frame */
export function codeSent(frame) {
  el.codeForm.hidden = false;
  el.copyCode.value = "";
  el.copyResult.textContent = t("code_sent", { email: state.codeEmail, minutes: Math.ceil(frame.expires_in / 60) });
  el.copyCode.focus();
}

export function copySent() {
  hideCodeForm();
  el.copyResult.textContent = t("copy_sent");
}

export function rated() {
  el.ratingForm.hidden = true;
  el.ratingResult.textContent = t("rated");
}

export function hideCodeForm() {
  el.codeForm.hidden = true;
  el.copyCode.value = "";
}

/** A refused "forget" has a reference. @param {ErrorFrame} frame @param {string} text */
export function endedRefusal(frame, text) {
  if (frame.reference) el.forgetResult.textContent = t("forget_held", { reference: frame.reference });
  else el.copyResult.textContent = copyRefusal(frame) || text;
}

/** @param {ErrorFrame} frame @returns {string | null} */
function copyRefusal(frame) {
  if (frame.code === ERROR.WRONG_CODE) {
    el.copyCode.select();
    return t("wrong_code", { attempts: frame.attempts_left });
  }
  if (frame.code === ERROR.CODE_EXPIRED || frame.code === ERROR.TOO_MANY_ATTEMPTS) {
    hideCodeForm();
    el.copyEmail.focus();
    return t(frame.code);
  }
  if (frame.code === ERROR.RATE_LIMITED) {
    return t("copy_limited", { minutes: Math.ceil((frame.retry_after || 60) / 60) });
  }
  return null;
}

/** @param {SubmitEvent} event */
function askForCode(event) {
  state.ratingPending = false;
  event.preventDefault();
  el.copyResult.textContent = "";
  const email = el.copyEmail.value.trim();
  if (!email) {
    el.copyResult.textContent = t("enter_email");
    return;
  }
  state.codeEmail = email;
  if (!send(outbound.emailTranscript(email))) {
    el.copyResult.textContent = t("not_connected");
    connect();
  }
}

/** @param {SubmitEvent} event */
function confirmCode(event) {
  state.ratingPending = false;
  event.preventDefault();
  el.copyResult.textContent = "";
  const code = el.copyCode.value.replace(/\s+/g, "");
  if (!CODE.test(code)) {
    el.copyResult.textContent = t("enter_code");
    el.copyCode.focus();
    return;
  }
  if (!send(outbound.emailTranscript(state.codeEmail, code))) {
    el.copyResult.textContent = t("not_connected");
    connect();
  }
}

function forgetTranscript() {
  clearState();
  clearLog();
  el.copyForm.hidden = true;
  hideCodeForm();
  el.ratingForm.hidden = true;
  el.forget.hidden = true;
}

export function erased() {
  forgetTranscript();
  show("ended");
  el.typing.hidden = true;
  setState(t("erased"));
}

/** @param {Receipt} receipt */
export function forgotten(receipt) {
  forgetTranscript();
  const many = receipt.conversations > 1; // every chat of this session, "Start a new chat" included
  el.forgetResult.textContent = t(many ? "forgotten_many" : "forgotten", {
    count: receipt.conversations,
    when: moment(receipt.erased_at, words),
    reference: receipt.reference || receipt.request_id, // a server before short references
  });
}

/** Forgets this device's copy: the stored token and outbox, the log and what was typed.
 * @param {Array<HTMLInputElement | HTMLTextAreaElement>} fields */
export function wipeLocalCopy(fields) {
  clearState();
  state.visitorEmail = "";
  state.codeEmail = "";
  clearLog();
  fields.forEach((field) => {
    field.value = "";
  });
}

export function installCopy() {
  el.copyForm.addEventListener("submit", askForCode);
  el.codeForm.addEventListener("submit", confirmCode);
  el.forget.addEventListener("click", () => {
    el.forgetConfirm.hidden = false;
    el.forgetNo.focus();
  });
  el.forgetNo.addEventListener("click", () => {
    el.forgetConfirm.hidden = true;
    el.forget.focus();
  });
  el.forgetYes.addEventListener("click", () => {
    el.forgetConfirm.hidden = true;
    if (!send(outbound.forget())) el.forgetResult.textContent = t("not_connected");
  });
}
