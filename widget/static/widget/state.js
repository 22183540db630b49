// @ts-check
/* Everything the widget remembers while the page is open, in one object, with the part
 * kept across pages of this tab (the token and the outbox). */
import { Outbox } from "../chatserver/socket.js";
import { forgetSaved, loadSaved, store } from "./storage.js";

/** @typedef {import("../chatserver/frames.js").Details} Details */
/** @typedef {import("../chatserver/frames.js").Hours} Hours */

const session = () => sessionStorage;

export const saved = loadSaved(session);

/* Lines sent but not acked, sent again with the same client_id after a reconnect. */
export const outbox = new Outbox(saved.outbox, (frames) => {
  saved.outbox = frames;
  saveState();
});

/**
 * @typedef {object} WidgetState
 * @property {boolean} greeted the server has welcomed this page once
 * @property {Details | null} startWhenConnected the pre-chat details, while not connected
 * @property {ReturnType<typeof setTimeout> | undefined} typingTimer
 * @property {boolean} typingSent the server was told the visitor is typing
 * @property {string | null} parentOrigin the landlord page that opened the widget
 * @property {string | null} heldText a line held back by the bank details warning
 * @property {string} notice said once the pre-chat form shows again
 * @property {string} visitorEmail the address given on the pre-chat form
 * @property {string} codeEmail the address the last code was emailed to
 * @property {Hours | null} hours the latest opening hours
 * @property {string} status the conversation's status ("" before one starts)
 * @property {number} lastEscape when Escape was last pressed (twice: quick exit)
 * @property {boolean} ratingPending a rating was sent and not yet answered
 * @property {number} photoLimit the largest photo the server takes, in bytes
 * @property {{file: File, clientId: string} | null} chosenPhoto the photo in the preview
 * @property {Map<number, HTMLLIElement>} bySeq every shown line, by its number
 * @property {Map<string, HTMLLIElement>} pending lines sent and not acked, by client_id
 */

/** @type {WidgetState} */
export const state = {
  greeted: false,
  startWhenConnected: null,
  typingTimer: undefined,
  typingSent: false,
  parentOrigin: null,
  heldText: null,
  notice: "",
  visitorEmail: "",
  codeEmail: "",
  hours: null,
  status: "",
  lastEscape: 0,
  ratingPending: false,
  photoLimit: 10 * 1048576,
  chosenPhoto: null,
  bySeq: new Map(),
  pending: new Map(),
};

export function saveState() {
  store(session, saved);
}

export function clearState() {
  outbox.clear();
  saved.token = null;
  forgetSaved(session);
}

