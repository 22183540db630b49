// @ts-check
/* The keyboard shortcuts (shortcuts.js says which key does what), their help list, and
 * the visitor column's toggle, open by default on a wide screen. */
import * as outbound from "./outbound.js";
import { send } from "./connection.js";
import { el } from "./page.js";
import { renderDetails, select } from "./render.js";
import { SHORTCUTS, neighbour, shortcutFor } from "./shortcuts.js";
import { state } from "./state.js";

/** @typedef {import("./shortcuts.js").Action} Action */

const WIDE = window.matchMedia("(min-width: 80rem)");

/** Where the focus is, as shortcutFor needs it. @param {EventTarget | null} target */
function targetKind(target) {
  if (target instanceof HTMLSelectElement) return "select";
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement) return "text";
  return target instanceof HTMLElement && target.isContentEditable ? "text" : "other";
}

/** @param {1 | -1} step */
function showNeighbour(step) {
  const next = neighbour([...state.conversations.keys()], state.selected, step);
  if (next) select(next);
}

function acceptNext() {
  const first = state.queue[0];
  el.shortcutStatus.textContent = first ? "" : "No one is waiting.";
  if (first) send(outbound.accept(first.conversation_id));
}

function toggleDetails() {
  state.detailsOpen = !state.detailsOpen;
  renderDetails();
}

/** @type {Record<Action, () => void>} */
const ACTIONS = {
  next: () => showNeighbour(1),
  previous: () => showNeighbour(-1),
  composer: () => {
    if (state.selected) el.text.focus();
    else el.shortcutStatus.textContent = "Open a chat first.";
  },
  accept: acceptNext,
  details: toggleDetails,
  help: () => {
    if (!el.shortcuts.open) el.shortcuts.showModal();
  },
};

/** @param {KeyboardEvent} event */
function pressed(event) {
  const action = shortcutFor(event, targetKind(event.target));
  if (!action || (el.shortcuts.open && action !== "help") || el.viewer.open) return;
  event.preventDefault();
  ACTIONS[action]();
}

function fillHelp() {
  SHORTCUTS.forEach((shortcut) => {
    const term = document.createElement("dt");
    const keys = document.createElement("kbd");
    keys.textContent = shortcut.keys;
    term.appendChild(keys);
    const description = document.createElement("dd");
    description.textContent = shortcut.description;
    el.shortcutList.append(term, description);
  });
}

export function installKeys() {
  fillHelp();
  document.addEventListener("keydown", pressed);
  el.shortcutsOpen.addEventListener("click", () => el.shortcuts.showModal());
  el.shortcutsClose.addEventListener("click", () => el.shortcuts.close());
  el.shortcuts.addEventListener("close", () => el.shortcutsOpen.focus());
  el.detailsToggle.addEventListener("click", toggleDetails);
  const byWidth = () => {
    state.detailsOpen = WIDE.matches;
    renderDetails();
  };
  WIDE.addEventListener("change", byWidth);
  byWidth();
}
