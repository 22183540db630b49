// @ts-check
/* The close dialog: "Close chat" asks for the chat's wrap-up (contact reason, outcome,
 * tags) and a confirmation; a chat the visitor already ended is wrapped up the same way.
 * Other parts of the console open it with openWrapUp(id) or by dispatching a
 * "wrapup-requested" CustomEvent on document with detail {conversationId, ended?}. */
import { byId } from "../chatserver/dom.js";
import { state } from "./state.js";
import { wrapUpFrame, wrapUpProblem } from "./wrapup-choice.js";

/** @typedef {import("./outbound.js").WrapUp} WrapUp */
/** @typedef {{code: string, label: string}} Entry */
/** @typedef {{required: boolean, reasons: Entry[], outcomes: Entry[], tags: Entry[]}} Lists */
/** @typedef {(frame: import("../chatserver/frames.js").AgentInFrame) => boolean} Send */

/** @type {Lists} */
const LISTS = { required: false, reasons: [], outcomes: [], tags: [], ...JSON.parse(byId("wrap-up-lists").textContent || "{}") };

const ui = {
  dialog: byId("wrapup", HTMLDialogElement), form: byId("wrapup-form", HTMLFormElement),
  title: byId("wrapup-title"), intro: byId("wrapup-intro"),
  reason: byId("wrapup-reason", HTMLSelectElement), outcome: byId("wrapup-outcome", HTMLSelectElement),
  tagSet: byId("wrapup-tag-set"), tags: byId("wrapup-tags"), error: byId("wrapup-error"),
  confirm: byId("wrapup-confirm", HTMLButtonElement), cancel: byId("wrapup-cancel", HTMLButtonElement),
};

/** The chat the dialog is for, whether it had already ended, and whether it was sent.
 * @type {{conversationId: string, ended: boolean, sent: boolean, opener: Element | null} | null} */
let open = null;
/** @type {Send} */
let send = () => false;

/** @param {HTMLSelectElement} select @param {Entry[]} entries @param {string} empty */
function fill(select, entries, empty) {
  select.textContent = "";
  [{ code: "", label: empty }, ...entries].forEach((entry) => {
    const option = document.createElement("option");
    option.value = entry.code;
    option.textContent = entry.label;
    select.appendChild(option);
  });
}

function fillTags() {
  ui.tags.textContent = "";
  ui.tagSet.hidden = !LISTS.tags.length;
  LISTS.tags.forEach((tag) => {
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = tag.code;
    label.append(box, ` ${tag.label}`);
    ui.tags.appendChild(label);
  });
}

/** @returns {WrapUp} */
function chosen() {
  const boxes = /** @type {NodeListOf<HTMLInputElement>} */ (ui.tags.querySelectorAll("input:checked"));
  return { reason: ui.reason.value, outcome: ui.outcome.value, tags: [...boxes].map((box) => box.value) };
}

/** @param {string} message */
function showProblem(message) {
  ui.error.textContent = message;
  const missing = !ui.reason.value ? ui.reason : !ui.outcome.value ? ui.outcome : null;
  [ui.reason, ui.outcome].forEach((select) => {
    if (select === missing) select.setAttribute("aria-invalid", "true");
    else select.removeAttribute("aria-invalid");
  });
  (missing || ui.confirm).focus();
}

/** @param {boolean} ended */
function setWords(ended) {
  const required = LISTS.required || ended;
  ui.title.textContent = ended ? "Wrap up this chat" : "Close this chat?";
  ui.intro.textContent = ended
    ? "The visitor has ended this chat. Say why they got in touch and what came of it."
    : `The visitor will be told the chat has ended. Say why they got in touch and what came of it${required ? "" : " (optional)"}.`;
  const empty = required ? "Choose…" : "Not given";
  fill(ui.reason, LISTS.reasons, empty);
  fill(ui.outcome, LISTS.outcomes, empty);
  ui.reason.required = ui.outcome.required = required;
  ui.confirm.textContent = ended ? "Save wrap-up" : "Close chat";
  ui.cancel.textContent = ended ? "Not now" : "Keep chatting";
}

/**
 * Opens the dialog for a conversation: to close it, or to wrap it up when it has already
 * ended (by default: when the console no longer holds it open).
 * @param {string} conversationId @param {boolean} [ended]
 */
export function openWrapUp(conversationId, ended) {
  const conversation = state.conversations.get(conversationId);
  const hasEnded = ended ?? (!conversation || conversation.status === "closed");
  open = { conversationId, ended: hasEnded, sent: false, opener: document.activeElement };
  setWords(hasEnded);
  fillTags();
  ui.error.textContent = "";
  ui.confirm.disabled = false;
  [ui.reason, ui.outcome].forEach((select) => select.removeAttribute("aria-invalid"));
  if (!ui.dialog.open) ui.dialog.showModal();
  ui.reason.focus();
}

function submit() {
  if (!open || open.sent) return;
  const choice = chosen();
  const problem = wrapUpProblem(choice, LISTS.required);
  if (problem) {
    showProblem(problem);
    return;
  }
  if (!send(wrapUpFrame(open.conversationId, choice, open.ended))) {
    showProblem("Not connected. Nothing was sent: try again when the console reconnects.");
    return;
  }
  open.sent = true;
  ui.confirm.disabled = true;
  ui.error.textContent = "";
}

/** The chat closed or its wrap-up was stored: the dialog for it is done.
 * @param {string} conversationId */
export function wrapUpSettled(conversationId) {
  if (open && open.conversationId === conversationId && ui.dialog.open) ui.dialog.close();
}

/** The server refused a frame: when it was the dialog's, say why there (true).
 * @param {string} message @returns {boolean} */
export function wrapUpRefused(message) {
  if (!open || !open.sent || !ui.dialog.open) return false;
  open.sent = false;
  ui.confirm.disabled = false;
  showProblem(message);
  return true;
}

/** @param {Send} sendFrame how the dialog sends (the console's socket) */
export function installWrapUp(sendFrame) {
  send = sendFrame;
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  ui.cancel.addEventListener("click", () => ui.dialog.close());
  ui.dialog.addEventListener("close", () => {
    const opener = open && open.opener;
    open = null;
    if (opener instanceof HTMLElement && opener.isConnected && !opener.closest("[hidden]")) opener.focus();
  });
  document.addEventListener("wrapup-requested", (event) => {
    const detail = /** @type {CustomEvent<{conversationId: string, ended?: boolean}>} */ (event).detail;
    if (!detail || typeof detail.conversationId !== "string") return;
    // The dialog takes over from the ended chat's own dismissal: the stored wrap-up
    // takes the chat off the screen (the server's `dismissed`).
    event.preventDefault();
    openWrapUp(detail.conversationId, detail.ended);
  });
}
