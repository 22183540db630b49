// @ts-check
/* The agent's other controls: presence, transfer, close, clearing a false emergency,
 * and sending a photo. */
import * as outbound from "../chatserver/outbound.js";
import { askPermission } from "./alerting.js";
import { PHOTO_TYPES, uploadPhoto } from "../chatserver/photos.js";
import { newClientId } from "../chatserver/socket.js";
import { send } from "./connection.js";
import { el } from "./page.js";
import { state } from "./state.js";

async function loadAgents() {
  const select = el.transferTo;
  const response = await fetch("/console/agents/", { credentials: "same-origin" });
  /** @type {{agents: Array<{id: number, name: string}>}} */
  const { agents } = await response.json();
  select.textContent = "";
  const placeholder = document.createElement("option");
  placeholder.value = "";
  placeholder.textContent = agents.length ? "Transfer to…" : "No one else is available";
  select.appendChild(placeholder);
  agents.forEach((agent) => {
    const option = document.createElement("option");
    option.value = String(agent.id);
    option.textContent = agent.name;
    select.appendChild(option);
  });
}

function transfer() {
  const target = Number(el.transferTo.value);
  if (!state.selected || !target) {
    el.error.textContent = "Choose an available agent to transfer to.";
    return;
  }
  send(outbound.transfer(state.selected, target));
}

/** The CSRF token Django set in its cookie, which an upload must send back. */
function csrfToken() {
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
  el.transferTo.addEventListener("focus", loadAgents);
  el.transferTo.addEventListener("mousedown", loadAgents);
  el.transfer.addEventListener("click", transfer);
  el.closeChat.addEventListener("click", () => {
    if (state.selected) send(outbound.close(state.selected));
  });
  el.clearEmergency.addEventListener("click", () => {
    if (state.selected) send(outbound.clearEmergency(state.selected));
  });
  el.viewerClose.addEventListener("click", () => el.viewer.close());
  el.agentPhoto.addEventListener("change", sendPhoto);
}
