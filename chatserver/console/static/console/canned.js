// @ts-check
/* Canned responses typed as "/shortcut": which ones a draft calls up, their text in the
 * conversation's language, and what Tab and Enter do while suggestions are shown. */

/** @typedef {{shortcut: string, text: string, translations: Record<string, string>}} Canned */

const SHORTCUT_DRAFT = /^\/(\S*)$/;

/** Whether a draft is a shortcut being typed ("/", "/mo"), not a line. @param {string} draft */
export function isShortcutDraft(draft) {
  return SHORTCUT_DRAFT.test(draft);
}

/**
 * The canned responses a draft of the form "/prefix" calls up, at most `limit`.
 * @param {string} draft @param {Canned[]} canned @param {number} limit
 * @returns {Canned[]}
 */
export function cannedMatches(draft, canned, limit) {
  const match = draft.match(SHORTCUT_DRAFT);
  if (!match) return [];
  return canned.filter((item) => item.shortcut.startsWith(match[1])).slice(0, limit);
}

/**
 * A canned response in the conversation's language, when it has one.
 * @param {Canned} item @param {string | undefined} language
 */
export function cannedText(item, language) {
  return (language && item.translations[language]) || item.text;
}

/**
 * The English (default) text shown beside a canned response offered in the
 * conversation's language, so that an agent who reads no Welsh knows what it says;
 * null when it is offered in the default text anyway.
 * @param {Canned} item @param {string | undefined} language
 * @returns {string | null}
 */
export function cannedGloss(item, language) {
  const translated = language ? item.translations[language] : undefined;
  return translated && translated !== item.text ? item.text : null;
}

/**
 * What a key in the composer does: "take" the first suggestion (Tab, or Enter, which
 * would otherwise send the shortcut itself), "send" the line, or nothing.
 * @param {{key: string, shiftKey: boolean}} event @param {boolean} suggesting
 * @returns {"take" | "send" | null}
 */
export function composerKey(event, suggesting) {
  if (suggesting && (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey))) return "take";
  if (event.key === "Enter" && !event.shiftKey) return "send";
  return null;
}

/**
 * Why a draft is held back instead of sent: a lone "/word" that calls up no canned
 * response is most likely a mistyped shortcut, so the first Enter warns and the next
 * sends it as written (`warned` is the draft last warned about); "" to send.
 * @param {string} draft @param {Canned[]} canned @param {string | null} warned
 */
export function shortcutHold(draft, canned, warned) {
  const match = draft.match(SHORTCUT_DRAFT);
  if (!match || !match[1] || draft === warned) return "";
  if (canned.some((item) => item.shortcut.startsWith(match[1]))) return "";
  return `No canned reply called ${draft}. Press Enter again to send it as written.`;
}
