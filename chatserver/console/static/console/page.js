// @ts-check
/* The console page: its elements, the canned responses and the visitor languages. */
import { byId } from "../chatserver/dom.js";

/** @typedef {import("./canned.js").Canned} Canned */

/** @type {Canned[]} */
export const canned = JSON.parse(byId("canned-responses").textContent || "[]");
/** @type {import("./queue.js").Languages} */
export const LANGUAGES = JSON.parse(byId("languages").textContent || "{}");

export const el = {
  connection: byId("connection"), available: byId("available", HTMLInputElement),
  queueCount: byId("queue-count"), queueAlert: byId("queue-alert"), queue: byId("queue"),
  queueError: byId("queue-error"),
  mine: byId("mine"), notice: byId("notice"), endedChatPrompts: byId("ended-chat-prompts"),
  empty: byId("empty"), conversation: byId("conversation"), conversationTitle: byId("conversation-title"),
  transfer: byId("transfer"), closeChat: byId("close-chat"),
  log: byId("log"), typing: byId("typing"), casePrompts: byId("case-prompts"),
  composer: byId("composer", HTMLFormElement), text: byId("text", HTMLTextAreaElement),
  asNote: byId("as-note", HTMLInputElement), agentPhoto: byId("agent-photo", HTMLInputElement),
  suggestions: byId("canned-suggestions"), photoStatus: byId("photo-status"), error: byId("error"),
  emergency: byId("emergency"), emergencyLabel: byId("emergency-label"), clearEmergency: byId("clear-emergency"),
  special: byId("special"), portalVerified: byId("portal-verified"), details: byId("details"),
  viewer: byId("viewer", HTMLDialogElement), viewerImage: byId("viewer-image", HTMLImageElement),
  viewerClose: byId("viewer-close"),
  workspace: /** @type {HTMLElement} */ (document.querySelector("main.console")),
  visitorPanel: byId("visitor-panel"), detailsToggle: byId("details-toggle"),
  photoProgress: byId("photo-progress", HTMLProgressElement), shortcutStatus: byId("shortcut-status"),
  shortcuts: byId("shortcuts", HTMLDialogElement), shortcutList: byId("shortcut-list"),
  shortcutsOpen: byId("shortcuts-open"), shortcutsClose: byId("shortcuts-close"),
  // The transfer dialog, and the handover a transferred chat opens with.
  transferDialog: byId("transfer-dialog", HTMLDialogElement), transferForm: byId("transfer-form", HTMLFormElement),
  transferNone: byId("transfer-none"), transferChoices: byId("transfer-choices"),
  transferTo: byId("transfer-to", HTMLSelectElement), transferNote: byId("transfer-note", HTMLTextAreaElement),
  transferError: byId("transfer-error"), transferSend: byId("transfer-send", HTMLButtonElement),
  transferCancel: byId("transfer-cancel"),
  handover: byId("handover"), handoverTitle: byId("handover-title"), handoverNote: byId("handover-note"),
  visitorPresence: byId("visitor-presence"), visitorPresenceIcon: byId("visitor-presence-icon"),
  visitorPresenceText: byId("visitor-presence-text"), ended: byId("ended"), endedText: byId("ended-text"),
  wrapUp: byId("wrap-up"), send: byId("send", HTMLButtonElement),
  alertSound: byId("alert-sound", HTMLInputElement), alertDesktop: byId("alert-desktop", HTMLInputElement),
  alertVolume: byId("alert-volume", HTMLInputElement), alertPermission: byId("alert-permission"),
  alertPermissionStatus: byId("alert-permission-status"), alertTest: byId("alert-test"),
};
