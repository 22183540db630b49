// @ts-check
/* The console's alerts in the page: the scheduler (alerts.js) driven by the socket's
 * frames and a one-second tick, its sounds, desktop notifications, the count in the tab
 * title and on the favicon, and the agent's alert settings (kept on the server).
 *
 * Desktop notifications need the browser's permission, asked only from something the
 * agent does: going available, or the "Allow desktop notifications" button; never again
 * once they have answered. A notification says only "New chat: <topic>" or the like. */
import * as outbound from "./outbound.js";
import { AlertScheduler, titleWith } from "./alerts.js";
import { send } from "./connection.js";
import { drawFavicon } from "./favicon.js";
import { el } from "./page.js";
import { playAlert, unlockAudio } from "./sounds.js";
import { state } from "./state.js";
import { unreadTotal } from "./unread.js";

/** @typedef {import("../chatserver/frames.js").AlertPreferences} AlertPreferences */
/** @typedef {import("../chatserver/frames.js").Emergency} Emergency */

const TICK_MS = 1000;
const TITLE = document.title;
const BLOCKED = "Desktop notifications are blocked for this site in your browser's settings.";
const NO_NOTIFICATIONS = "This browser cannot show desktop notifications.";

export const alerts = new AlertScheduler();

function supported() {
  return typeof Notification !== "undefined";
}

/** The count (chats that need the agent and unread lines) in the title and on the icon. */
export function renderTitle() {
  const count = alerts.count + unreadTotal(state.conversations);
  document.title = titleWith(TITLE, count);
  drawFavicon(count, alerts.urgent);
}

/** How many of the agent's chats are open (the server's count against their maximum). */
function openChats() {
  return [...state.conversations.values()].filter((conversation) => conversation.status === "active").length;
}

/** Sounds and shows the alert that is due, if one is. */
export function tick() {
  alerts.configure({ open: openChats() });
  const alert = alerts.due();
  if (alert) {
    if (alert.sound) playAlert(alert.sound, alert.volume);
    if (alert.notification && supported() && Notification.permission === "granted") {
      // One tag: each alert replaces the last, and shows again (renotify, which the DOM
      // types lack); the console plays its own sound.
      const options = /** @type {NotificationOptions} */ ({ tag: alert.notification.tag, renotify: true, silent: true });
      const shown = new Notification(alert.notification.title, options);
      shown.onclick = () => window.focus();
    }
  }
  renderTitle();
}

/** Whether the agent can see the console now. */
function watching() {
  return document.visibilityState === "visible" && document.hasFocus();
}

/** The chat on screen counts as opened once the agent can see it. */
export function noticeOpened() {
  if (state.selected && watching()) alerts.opened(state.selected);
  renderTitle();
}

/** One of the agent's chats was flagged (or cleared) as an emergency: it alerts at once
 * unless the agent is reading it. @param {string} id @param {Emergency | null} emergency */
export function flagged(id, emergency) {
  alerts.emergency(id, emergency, state.selected === id && watching());
  tick();
}

function renderPermission() {
  const permission = supported() ? Notification.permission : "unsupported";
  el.alertPermission.hidden = permission !== "default" || !el.alertDesktop.checked;
  el.alertPermissionStatus.textContent =
    permission === "denied" && el.alertDesktop.checked ? BLOCKED : permission === "unsupported" ? NO_NOTIFICATIONS : "";
}

/** Asks for the permission, once, from the agent's own action. */
export function askPermission() {
  unlockAudio();
  if (!supported() || Notification.permission !== "default" || !alerts.prefs.desktop) return;
  void Notification.requestPermission().then(renderPermission);
}

/** The agent's settings as the server sent them. @param {AlertPreferences} prefs */
export function showPreferences(prefs) {
  alerts.configure({ prefs });
  el.alertSound.checked = prefs.sound;
  el.alertDesktop.checked = prefs.desktop;
  el.alertVolume.value = String(prefs.volume);
  renderPermission();
}

function savePreferences() {
  const prefs = {
    sound: el.alertSound.checked,
    desktop: el.alertDesktop.checked,
    volume: Number(el.alertVolume.value),
  };
  alerts.configure({ prefs });
  send(outbound.alertPreferences(prefs));
  renderPermission();
}

export function installAlerts() {
  // The first click or key press lets the page play sound.
  document.addEventListener("pointerdown", unlockAudio, { once: true });
  document.addEventListener("keydown", unlockAudio, { once: true });
  document.addEventListener("visibilitychange", noticeOpened);
  window.addEventListener("focus", noticeOpened);
  el.alertSound.addEventListener("change", savePreferences);
  el.alertDesktop.addEventListener("change", savePreferences);
  el.alertVolume.addEventListener("change", savePreferences);
  el.alertPermission.addEventListener("click", askPermission);
  el.alertTest.addEventListener("click", () => playAlert("chat", Number(el.alertVolume.value)));
  setInterval(tick, TICK_MS);
  renderTitle();
}
