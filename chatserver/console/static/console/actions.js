// @ts-check
/* The agent's other controls: presence, transfer (transfer.js), close, clearing a false
 * emergency, and sending a photo. */
import * as outbound from "./outbound.js";
import { askPermission } from "./alerting.js";
import { PHOTO_TYPES, uploadPhoto } from "../chatserver/photos.js";
import { newClientId } from "../chatserver/socket.js";
import { send } from "./connection.js";
import { el } from "./page.js";
import { state } from "./state.js";
import { openWrapUp } from "./wrapup.js";
import { installTransfer } from "./transfer.js";

/** The event the dismiss button of an ended chat fires on `document` (cancelable), with
 * `detail.conversationId`. The wrap-up dialog listens for it: it calls preventDefault(),
 * asks for the reason and outcome, and calls dismissEnded(id) when done. Unanswered, the
 * chat is dismissed at once. */
export const WRAP_UP_REQUESTED = "wrapup-requested";

/** Tells the server the agent is done with an ended chat; the `dismissed` frame that
 * answers (on every console of the agent) takes it off the screen. @param {string} id */
export function dismissEnded(id) {
  send(outbound.dismiss(id));
}

/** The single entry point of the "Wrap up" button of an ended chat. @param {string} id */
export function requestWrapUp(id) {
  const event = new CustomEvent(WRAP_UP_REQUESTED, { detail: { conversationId: id }, cancelable: true });
  if (document.dispatchEvent(event)) dismissEnded(id);
}

/** The CSRF token Django set in its cookie, which an upload or a post must send back. */
export function csrfToken() {
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("csrftoken="));
  return cookie ? decodeURIComponent(cookie.split("=")[1]) : "";
}

async function sendPhoto() {
  const input = el.agentPhoto;
  const file = input.files ? input.files[0] : undefined;
  const status = el.photoStatus;
  input.value = "";
  if (!file || !state.selected) return;
  if (!PHOTO_TYPES.includes(file.type)) {
    status.textContent = "Only photos (JPEG, PNG, WebP or HEIC) can be sent.";
    return;
  }
  const url = `/console/photos/?conversation_id=${state.selected}&client_id=${newClientId()}`;
  try {
    el.photoProgress.value = 0;
    el.photoProgress.hidden = false;
    await uploadPhoto(url, file, { "X-CSRFToken": csrfToken() }, (percent) => {
      el.photoProgress.value = percent;
      status.textContent = `Sending photo… ${percent}%`;
    });
    status.textContent = "";
  } catch (problem) {
    status.textContent = /** @type {{message: string}} */ (problem).message;
  } finally {
    el.photoProgress.hidden = true;
  }
}

export function installActions() {
  el.available.addEventListener("change", () => {
    send(outbound.presence(el.available.checked ? "available" : "away"));
    if (el.available.checked) askPermission();
  });
  installTransfer();
  el.closeChat.addEventListener("click", () => {
    if (state.selected) openWrapUp(state.selected, false);
  });
  el.clearEmergency.addEventListener("click", () => {
    if (state.selected) send(outbound.clearEmergency(state.selected));
  });
  el.viewerClose.addEventListener("click", () => el.viewer.close());
  el.wrapUp.addEventListener("click", () => {
    if (state.selected) requestWrapUp(state.selected);
  });
  el.agentPhoto.addEventListener("change", sendPhoto);
}
