// @ts-check
/* Transferring the chat on screen, in a dialog: to a team (back to waiting for it) or to an
 * available agent, with a note for whoever takes it. With nobody to take it, the dialog says
 * so before anything is sent. Once sent, the dialog stays open until the server answers:
 * the chat leaves (it closes), or a refusal shows in it with the note kept. Also shows a
 * transferred chat's handover above its lines. */
import * as outbound from "./outbound.js";
import { send } from "./connection.js";
import { el } from "./page.js";
import { selectedConversation, state } from "./state.js";
import { handoverHeading, parseTarget, targetGroups } from "./transfer-targets.js";

/** @typedef {import("./transfer-targets.js").Targets} Targets */
/** @typedef {import("./transfer-targets.js").TargetGroup} TargetGroup */

const NOT_SENT = "Not connected. The chat was not transferred.";

/** The chat whose transfer was sent and not yet answered. @type {string | null} */
let sentFor = null;

/** @param {string} conversationId @returns {Promise<Targets>} */
async function loadTargets(conversationId) {
  const url = `/console/agents/?conversation_id=${encodeURIComponent(conversationId)}`;
  const response = await fetch(url, { credentials: "same-origin" });
  if (!response.ok) throw new Error("The list of agents and teams could not be loaded.");
  return response.json();
}

/** @param {TargetGroup[]} groups */
function showChoices(groups) {
  const select = el.transferTo;
  select.textContent = "";
  const placeholder = document.createElement("option");
  placeholder.value = "";
  placeholder.textContent = "Choose a team or an agent";
  select.appendChild(placeholder);
  groups.forEach((group) => {
    const optgroup = document.createElement("optgroup");
    optgroup.label = group.label;
    group.options.forEach((choice) => {
      const option = document.createElement("option");
      option.value = choice.value;
      option.textContent = choice.label;
      optgroup.appendChild(option);
    });
    select.appendChild(optgroup);
  });
  const nobody = !groups.length;
  el.transferNone.hidden = !nobody;
  el.transferChoices.hidden = nobody;
  el.transferSend.disabled = nobody;
  (nobody ? el.transferCancel : select).focus();
}

async function openTransfer() {
  const conversationId = state.selected;
  if (!conversationId) return;
  el.transferError.textContent = "";
  el.transferNote.value = "";
  el.transferDialog.showModal();
  try {
    showChoices(targetGroups(await loadTargets(conversationId)));
  } catch (problem) {
    showChoices([]);
    el.transferError.textContent = /** @type {Error} */ (problem).message;
  }
}

/** @param {SubmitEvent} event */
function submitTransfer(event) {
  event.preventDefault();
  const target = parseTarget(el.transferTo.value);
  if (!state.selected || target === null) {
    el.transferError.textContent = "Choose a team or an agent to transfer to.";
    el.transferTo.focus();
    return;
  }
  el.transferError.textContent = "";
  if (!send(outbound.transfer(state.selected, target, el.transferNote.value), false)) {
    el.transferError.textContent = NOT_SENT;
    return;
  }
  sentFor = state.selected;
  el.transferSend.disabled = true;
}

/** The chat left this agent: a transfer of it was done. @param {string} conversationId */
export function transferSettled(conversationId) {
  if (sentFor !== conversationId) return;
  sentFor = null;
  el.transferSend.disabled = false;
  if (el.transferDialog.open) el.transferDialog.close();
}

/** An error while a transfer waits is its refusal: shown in the dialog, the note kept.
 * @param {string} message @returns {boolean} whether it was the transfer's */
export function transferRefused(message) {
  if (sentFor === null || !el.transferDialog.open) return false;
  sentFor = null;
  el.transferSend.disabled = false;
  el.transferError.textContent = message;
  el.transferTo.focus();
  return true;
}

/** The handover of the chat on screen, above its lines (hidden when it has none). */
export function renderHandover() {
  const conversation = selectedConversation();
  const handover = conversation ? conversation.handover : null;
  el.handover.hidden = !handover;
  if (!handover) return;
  el.handoverTitle.textContent = handoverHeading(handover, state.agentId);
  const note = document.createElement("bdi");
  note.textContent = handover.note || "";
  el.handoverNote.replaceChildren(handover.note ? note : "No note was left.");
}

export function installTransfer() {
  el.transfer.addEventListener("click", openTransfer);
  el.transferForm.addEventListener("submit", submitTransfer);
  el.transferCancel.addEventListener("click", () => el.transferDialog.close());
  el.transferDialog.addEventListener("close", () => {
    sentFor = null;
  });
}
