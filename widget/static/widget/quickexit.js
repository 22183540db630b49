// @ts-check
/* The landlord's page around the widget, and leaving it fast: quick exit (the button,
 * or Escape twice) clears this chat from the browser and replaces the page with a
 * neutral site. Escape once closes the widget; Tab stays inside it. */
import * as outbound from "../chatserver/outbound.js";
import { CLOSE_NORMAL } from "../chatserver/protocol.js";
import { chat, send } from "./connection.js";
import { wipeLocalCopy } from "./copy.js";
import { ALLOWED_PARENTS, EXIT_URL, el, focusFirst } from "./page.js";
import { state } from "./state.js";

const DOUBLE_ESCAPE_MS = 1000;

/** @param {Record<string, unknown>} message */
function toParent(message) {
  if (state.parentOrigin) window.parent.postMessage(message, state.parentOrigin);
}

function quickExit() {
  send(outbound.quickExit());
  wipeLocalCopy([el.name, el.email, el.address, el.copyEmail, el.copyCode, el.text, el.ratingComment]);
  chat.close(CLOSE_NORMAL);
  if (state.parentOrigin) {
    toParent({ type: "chat:exit", url: EXIT_URL });
  } else if (window.top) {
    window.top.location.replace(EXIT_URL); // opened on its own, not inside a landlord page
  }
}

/** @param {MessageEvent} event */
function fromParent(event) {
  if (event.source !== window.parent || !ALLOWED_PARENTS.includes(event.origin)) return;
  const data = event.data || {};
  if (data.type === "chat:open") {
    state.parentOrigin = event.origin;
    toParent({ type: "chat:ready", exitUrl: EXIT_URL });
    focusFirst();
  } else if (data.type === "chat:quick-exit") {
    state.parentOrigin = event.origin;
    quickExit();
  }
}

/** @param {KeyboardEvent} event */
function keyPressed(event) {
  if (event.key === "Escape") {
    const now = Date.now();
    if (now - state.lastEscape < DOUBLE_ESCAPE_MS) {
      quickExit();
      return;
    }
    state.lastEscape = now;
    toParent({ type: "chat:close", via: "escape" });
    return;
  }
  if (event.key === "Tab") keepFocusInside(event);
}

/** @param {KeyboardEvent} event */
function keepFocusInside(event) {
  const focusable = [...document.querySelectorAll("button, input, textarea, a[href]")].filter(
    (node) => node instanceof HTMLElement && !(/** @type {HTMLButtonElement} */ (node).disabled) && node.offsetParent !== null
  );
  if (!focusable.length) return;
  const first = /** @type {HTMLElement} */ (focusable[0]);
  const last = /** @type {HTMLElement} */ (focusable[focusable.length - 1]);
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

export function installQuickExit() {
  window.addEventListener("message", fromParent);
  el.close.addEventListener("click", () => toParent({ type: "chat:close" }));
  el.quickExit.addEventListener("click", quickExit);
  document.addEventListener("keydown", keyPressed);
}
