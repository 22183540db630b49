// @ts-check
/* The widget page: its settings (from the server, on <body>), its words and its elements. */
import { byId } from "../chatserver/dom.js";
import { wordsFrom } from "./strings.js";

const body = document.body;
export const MAX_TEXT = Number(body.dataset.maxText) || 4000;
export const ALLOWED_PARENTS = (body.dataset.allowedOrigins || "").split(" ").filter(Boolean);
export const EXIT_URL = body.dataset.exitUrl || "";
export const LANGUAGE = document.documentElement.lang; // the server's choice for this page

export const words = wordsFrom(JSON.parse(byId("strings").textContent || "{}"));
/** A line in the page's language, with {name} filled from `values`. */
export const t = words.t;

const input = (/** @type {string} */ id) => byId(id, HTMLInputElement);
const button = (/** @type {string} */ id) => byId(id, HTMLButtonElement);
const form = (/** @type {string} */ id) => byId(id, HTMLFormElement);

export const el = {
  body,
  state: byId("state"), hours: byId("hours"),
  prechat: form("prechat"), name: input("name"), email: input("email"), address: input("address"),
  prechatError: byId("prechat-error"), start: button("start"),
  chat: byId("chat"), log: byId("log", HTMLOListElement), typing: byId("typing"), announce: byId("announce"),
  idle: byId("idle"), idleText: byId("idle-text"), keepOpen: button("keep-open"),
  warning: byId("warning"), sendAnyway: button("send-anyway"), editMessage: button("edit-message"),
  composer: form("composer"), text: byId("text", HTMLTextAreaElement), sendError: byId("send-error"),
  end: button("end"),
  photoInput: input("photo-input"), photoPreview: byId("photo-preview"),
  photoPreviewImage: byId("photo-preview-image", HTMLImageElement), photoPreviewName: byId("photo-preview-name"),
  photoProgress: byId("photo-progress", HTMLProgressElement), photoError: byId("photo-error"),
  photoSend: button("photo-send"), photoRetry: button("photo-retry"), photoCancel: button("photo-cancel"),
  viewer: byId("viewer", HTMLDialogElement), viewerImage: byId("viewer-image", HTMLImageElement),
  viewerClose: button("viewer-close"),
  ended: byId("ended"), restart: button("restart"), clear: button("clear"),
  copyForm: form("copy-form"), copyEmail: input("copy-email"), copyResult: byId("copy-result"),
  codeForm: form("code-form"), copyCode: input("copy-code"),
  ratingForm: form("rating-form"), ratingComment: byId("rating-comment", HTMLTextAreaElement),
  ratingResult: byId("rating-result"),
  forget: button("forget"), forgetConfirm: byId("forget-confirm"), forgetYes: button("forget-yes"),
  forgetNo: button("forget-no"), forgetResult: byId("forget-result"),
  close: button("close"), quickExit: button("quick-exit"),
};

/** @typedef {"prechat" | "chat" | "ended"} View */

/**
 * Shows one view. Once the chat has ended its lines stay readable above the ended view's
 * controls, without the composer, until the visitor starts again or clears them.
 * @param {View} view
 */
export function show(view) {
  el.prechat.hidden = view !== "prechat";
  el.chat.hidden = view === "prechat";
  el.chat.classList.toggle("over", view === "ended");
  el.ended.hidden = view !== "ended";
  if (view === "ended") el.log.scrollTop = el.log.scrollHeight; // the last lines, once shorter
}

/** Whether the visitor can write: the chat is open, not ended. */
export function writing() {
  return !el.chat.hidden && !el.chat.classList.contains("over");
}

/** @param {string} text */
export function setState(text) {
  el.state.textContent = text;
}

export function focusFirst() {
  const target = writing() ? el.text : !el.ended.hidden ? el.restart : el.name;
  target.focus();
}
