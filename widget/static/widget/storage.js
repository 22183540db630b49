// @ts-check
/* What the widget keeps in this iframe's sessionStorage so a page navigation or reload
 * resumes the chat: the resume token and the lines not yet acked. Nothing is stored
 * until the visitor opens the widget, because the loader creates this iframe only then. */

import { visitorLine } from "../chatserver/outbound.js";

export const STORAGE_KEY = "housing-chat";

/** @typedef {import("../chatserver/frames.js").VisitorLineFrame} Line */
/** @typedef {{token: string | null, outbox: Line[]}} Saved */

/**
 * What a previous page of this tab saved (nothing when storage is refused or spoilt).
 * @param {() => Storage} storage sessionStorage (a function: reading it may throw)
 * @returns {Saved}
 */
export function loadSaved(storage) {
  try {
    const saved = JSON.parse(storage().getItem(STORAGE_KEY) || "{}");
    const lines = Array.isArray(saved.outbox) ? saved.outbox : [];
    return {
      token: saved.token || null,
      outbox: lines.map((/** @type {Line} */ line) => visitorLine(line.client_id, line.text)),
    };
  } catch {
    return { token: null, outbox: [] };
  }
}

/** @param {() => Storage} storage @param {Saved} saved */
export function store(storage, saved) {
  try {
    storage().setItem(STORAGE_KEY, JSON.stringify(saved));
  } catch {
    /* storage refused (private mode): the chat still works for this page */
  }
}

/** @param {() => Storage} storage */
export function forgetSaved(storage) {
  try {
    storage().removeItem(STORAGE_KEY);
  } catch {
    /* nothing stored */
  }
}
