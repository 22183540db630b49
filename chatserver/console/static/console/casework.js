// @ts-check
/* The "Record a case" dialog on a live chat: the agent picks the kind (a hazard's severity
 * and category too) and the line that made the landlord aware, and the console posts them
 * to /console/cases/record/; only the line's number leaves the page. It opens from the
 * chat's "Record a case…" button, or pre-filled when a prompt dispatches `casework:record`
 * on document with detail {conversationId, kind, severity?, seq?}. */
import { byId } from "../chatserver/dom.js";
import { csrfToken } from "./actions.js";
import { caseProblem, caseSummaries, lineChoices, listenForCaseRequests } from "./casework-choice.js";
import { clockTime } from "./dates.js";
import { linesInOrder } from "./conversations.js";
import { state } from "./state.js";

/** @typedef {import("./casework-choice.js").CasePrefill} CasePrefill */

const ui = {
  open: byId("record-case", HTMLButtonElement), dialog: byId("casework", HTMLDialogElement),
  form: byId("casework-form", HTMLFormElement), kind: byId("casework-kind", HTMLSelectElement),
  hazard: byId("casework-hazard"), severity: byId("casework-severity", HTMLSelectElement),
  category: byId("casework-category", HTMLSelectElement), line: byId("casework-line", HTMLSelectElement),
  error: byId("casework-error"), done: byId("casework-done"),
  cases: byId("casework-cases"), caseList: byId("casework-case-list", HTMLUListElement),
  confirm: byId("casework-confirm", HTMLButtonElement), cancel: byId("casework-cancel", HTMLButtonElement),
};

/** The conversation the dialog is for. @type {string | null} */
let forConversation = null;

/** The line a prompt named is chosen; otherwise none is: the agent must choose. @param {number | null} chosen */
function fillLines(chosen) {
  const conversation = forConversation ? state.conversations.get(forConversation) : undefined;
  const lines = conversation ? linesInOrder(conversation) : [];
  const none = document.createElement("option");
  none.value = "";
  none.textContent = "Choose…";
  ui.line.replaceChildren(none);
  lineChoices(lines, (iso) => clockTime(iso)).forEach((choice) => {
    const option = document.createElement("option");
    option.value = String(choice.seq);
    option.textContent = choice.label;
    option.selected = choice.seq === chosen;
    ui.line.appendChild(option);
  });
}

/** Lists the chat's cases (reference and kind), so the same one is not recorded twice. */
async function showCases() {
  const asked = forConversation;
  ui.cases.hidden = true;
  if (!asked) return;
  try {
    const response = await fetch(`/console/cases/of/${encodeURIComponent(asked)}/`, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    });
    const answer = response.ok ? await response.json() : { cases: [] };
    if (asked !== forConversation) return;
    const summaries = caseSummaries(Array.isArray(answer.cases) ? answer.cases : []);
    ui.caseList.replaceChildren(...summaries.map((summary) => Object.assign(document.createElement("li"), { textContent: summary })));
    ui.cases.hidden = summaries.length === 0;
  } catch {
    ui.cases.hidden = true;
  }
}

function showHazard() {
  ui.hazard.hidden = ui.kind.value !== "hazard";
}

/** Opens the dialog for a conversation on the agent's screen. @param {CasePrefill} prefill */
export function openCasework(prefill) {
  forConversation = prefill.conversationId;
  ui.kind.value = prefill.kind;
  ui.severity.value = prefill.severity;
  ui.category.value = prefill.severity === "significant" ? "damp_and_mould" : "";
  fillLines(prefill.seq);
  showHazard();
  ui.error.textContent = ui.done.textContent = "";
  ui.confirm.disabled = false;
  void showCases();
  if (!ui.dialog.open) ui.dialog.showModal();
  (prefill.kind ? ui.line : ui.kind).focus();
}

async function submit() {
  const choice = { kind: ui.kind.value, severity: ui.severity.value, category: ui.category.value, seq: ui.line.value };
  ui.error.textContent = ui.done.textContent = "";
  const problem = caseProblem(choice);
  if (problem || !forConversation) {
    ui.error.textContent = problem || "This chat is no longer on your screen.";
    return;
  }
  const body = new URLSearchParams({ conversation: forConversation, ...choice });
  if (choice.kind !== "hazard") ["severity", "category"].forEach((name) => body.set(name, ""));
  ui.confirm.disabled = true;
  try {
    const response = await fetch("/console/cases/record/", {
      method: "POST", body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || "The case was not recorded.");
    ui.error.textContent = "";
    ui.done.textContent = `Recorded: reference ${answer.reference}. The visitor has been told it.`;
    void showCases();
  } catch (failure) {
    ui.error.textContent = /** @type {Error} */ (failure).message || "The case was not recorded: try again.";
    ui.confirm.disabled = false;
  }
}

export function installCasework() {
  ui.open.addEventListener("click", () => {
    if (state.selected) openCasework({ conversationId: state.selected, kind: "", severity: "", seq: null });
  });
  ui.kind.addEventListener("change", showHazard);
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit();
  });
  ui.cancel.addEventListener("click", () => ui.dialog.close());
  listenForCaseRequests(document, openCasework);
}
