// @ts-check
/* Keyboard shortcuts for the common actions. Every one needs Alt (Option on a Mac), so
 * that it also works in the reply box and never takes a key a screen reader or a typist
 * uses on its own. No DOM here; keys.js listens and acts. */

/** @typedef {"next" | "previous" | "composer" | "accept" | "details" | "help"} Action */
/** @typedef {{action: Action, code: string, keys: string, aria: string, description: string}} Shortcut */

/** @type {Shortcut[]} */
export const SHORTCUTS = [
  { action: "next", code: "ArrowDown", keys: "Alt+↓", aria: "Alt+ArrowDown", description: "Show the next chat" },
  { action: "previous", code: "ArrowUp", keys: "Alt+↑", aria: "Alt+ArrowUp", description: "Show the previous chat" },
  { action: "composer", code: "KeyR", keys: "Alt+R", aria: "Alt+R", description: "Go to the reply box" },
  { action: "accept", code: "KeyN", keys: "Alt+N", aria: "Alt+N", description: "Accept the next visitor in the queue" },
  { action: "details", code: "KeyI", keys: "Alt+I", aria: "Alt+I", description: "Show or hide the visitor's details" },
  { action: "help", code: "Slash", keys: "Alt+/", aria: "Alt+/", description: "Show these keyboard shortcuts" },
];

const ARROWS = new Set(["ArrowDown", "ArrowUp"]);

/**
 * The action a key press asks for, or null. `target` is where the focus is: "select"
 * (a list box, where Alt+arrow opens the list), "text" (a field), or "other".
 * @param {{code: string, altKey: boolean, ctrlKey: boolean, metaKey: boolean}} event
 * @param {"select" | "text" | "other"} target
 * @returns {Action | null}
 */
export function shortcutFor(event, target) {
  if (!event.altKey || event.ctrlKey || event.metaKey) return null;
  if (target === "select" && ARROWS.has(event.code)) return null;
  const found = SHORTCUTS.find((shortcut) => shortcut.code === event.code);
  return found ? found.action : null;
}

/**
 * The chat `step` places from `current` in `ids`, wrapping round (the first or the last
 * when none is shown); null when there are none.
 * @param {string[]} ids @param {string | null} current @param {1 | -1} step
 */
export function neighbour(ids, current, step) {
  if (!ids.length) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at === -1) return step === 1 ? ids[0] : ids[ids.length - 1];
  return ids[(at + step + ids.length) % ids.length];
}
