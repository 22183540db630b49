// @ts-check
/* Before an idle chat is closed the visitor is warned, in an alert a screen reader reads
 * out, and can keep it open (WCAG 2.2.1, docs/protocol.md "Liveness and idle chats"). */
import * as outbound from "../chatserver/outbound.js";
import { send } from "./connection.js";
import { el, t } from "./page.js";

/** @typedef {import("../chatserver/frames.js").IdleWarningFrame} IdleWarningFrame */

/** Shows the warning once for each close the server announces (it repeats it).
 * @param {IdleWarningFrame} frame */
export function idleWarning(frame) {
  if (!el.idle.hidden && el.idle.dataset.closesAt === frame.closes_at) return;
  el.idle.dataset.closesAt = frame.closes_at;
  el.idle.hidden = false;
  // Written after the alert is shown, so that it is read out.
  el.idleText.textContent = t("idle_warning", { minutes: Math.max(1, Math.ceil(frame.closes_in / 60)) });
}

/** The chat was kept open, something was said, or it closed: the warning goes. */
export function idleOver() {
  if (el.idle.hidden) return;
  const hadFocus = el.idle.contains(document.activeElement);
  el.idle.hidden = true;
  delete el.idle.dataset.closesAt;
  if (hadFocus && !el.text.closest("[hidden]")) el.text.focus();
}

export function keptOpen() {
  if (el.idle.hidden) return;
  idleOver();
  el.announce.textContent = t("kept_open");
}

export function installIdle() {
  el.keepOpen.addEventListener("click", () => {
    if (!send(outbound.keepOpen())) el.idleText.textContent = t("not_connected");
  });
}
