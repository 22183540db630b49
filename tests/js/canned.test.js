/* Canned responses in the console's composer: what a "/shortcut" draft calls up, in which
 * language, and what Tab and Enter do while suggestions are shown. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { cannedMatches, cannedText, composerKey, isShortcutDraft, shortcutHold } from "../../chatserver/console/static/console/canned.js";

const CANNED = [
  { shortcut: "mould", text: "We will book a mould inspection.", translations: { cy: "Byddwn yn trefnu archwiliad llwydni." } },
  { shortcut: "money", text: "You can pay by phone.", translations: {} },
  { shortcut: "hello", text: "Hello, how can I help?", translations: {} },
];

describe("canned responses", () => {
  test("a shortcut draft calls up the responses whose shortcut it begins, at most the limit", () => {
    assert.deepEqual(cannedMatches("/mo", CANNED, 6).map((item) => item.shortcut), ["mould", "money"]);
    assert.deepEqual(cannedMatches("/", CANNED, 2).map((item) => item.shortcut), ["mould", "money"]);
    assert.deepEqual(cannedMatches("/mo please", CANNED, 6), []);
    assert.deepEqual(cannedMatches("mo", CANNED, 6), []);
  });

  test("only a lone shortcut is a shortcut draft", () => {
    assert.equal(isShortcutDraft("/mo"), true);
    assert.equal(isShortcutDraft("/"), true);
    assert.equal(isShortcutDraft("/mo and more"), false);
    assert.equal(isShortcutDraft("see /mo"), false);
  });

  test("the text is in the conversation's language when there is a translation", () => {
    assert.equal(cannedText(CANNED[0], "cy"), "Byddwn yn trefnu archwiliad llwydni.");
    assert.equal(cannedText(CANNED[1], "cy"), "You can pay by phone.");
    assert.equal(cannedText(CANNED[0], undefined), "We will book a mould inspection.");
  });

  test("Tab and Enter take the first suggestion instead of sending the shortcut", () => {
    const key = (name, shiftKey = false) => ({ key: name, shiftKey });
    assert.equal(composerKey(key("Tab"), true), "take");
    assert.equal(composerKey(key("Enter"), true), "take");
    assert.equal(composerKey(key("Enter"), false), "send");
    assert.equal(composerKey(key("Enter", true), false), null);
    assert.equal(composerKey(key("Enter", true), true), null);
    assert.equal(composerKey(key("Tab"), false), null);
    assert.equal(composerKey(key("a"), true), null);
  });

  test("a lone unknown shortcut is held once with a warning, then sent as written", () => {
    const warning = shortcutHold("/zzz", CANNED, null);
    assert.equal(warning, "No canned reply called /zzz. Press Enter again to send it as written.");
    assert.equal(shortcutHold("/zzz", CANNED, "/zzz"), ""); // the second Enter sends
    assert.notEqual(shortcutHold("/yyy", CANNED, "/zzz"), ""); // another draft is held afresh
    assert.equal(shortcutHold("/mould", CANNED, null), "");
    assert.equal(shortcutHold("/zzz and more", CANNED, null), "");
    assert.equal(shortcutHold("hello", CANNED, null), "");
    assert.equal(shortcutHold("/", CANNED, null), "");
  });
});
