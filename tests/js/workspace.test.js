/* The console workspace's logic that needs no browser: unread counts, keyboard shortcuts,
 * moving between chats, and what an English-speaking agent is told about a Welsh chat. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { cannedGloss } from "../../chatserver/console/static/console/canned.js";
import { languageName, lineLanguage, spoken } from "../../chatserver/console/static/console/queue.js";
import { SHORTCUTS, neighbour, shortcutFor } from "../../chatserver/console/static/console/shortcuts.js";
import { arrived, shown, unreadLabel, unreadTotal } from "../../chatserver/console/static/console/unread.js";

const LANGUAGES = { default: "en-gb", names: { "en-gb": "English", cy: "Cymraeg (Welsh)" }, english: { "en-gb": "English", cy: "Welsh" } };

describe("unread counts", () => {
  const chat = (id, unread = 0) => ({ id, unread });

  test("a visitor's line counts in a chat that is not on screen, and nothing else does", () => {
    const conversation = chat("a");
    assert.equal(arrived(conversation, { from: "visitor" }, "b"), 1);
    assert.equal(arrived(conversation, { from: "visitor" }, null), 2);
    assert.equal(arrived(conversation, { from: "agent" }, "b"), 2);
    assert.equal(arrived(conversation, { from: "note" }, "b"), 2);
    assert.equal(arrived(conversation, { from: "system" }, "b"), 2);
    assert.equal(arrived(conversation, { from: "visitor" }, "a"), 2); // on screen: read as it comes
    assert.equal(conversation.unread, 2);
  });

  test("showing a chat clears its count and leaves the others", () => {
    const chats = new Map([["a", chat("a", 3)], ["b", chat("b", 2)]]);
    shown(chats.get("a"));
    assert.equal(chats.get("a").unread, 0);
    assert.equal(unreadTotal(chats), 2);
    shown(undefined); // nothing on screen: no change
    assert.equal(unreadTotal(chats), 2);
  });

  test("the count's words for a screen reader", () => {
    assert.equal(unreadLabel(0), "");
    assert.equal(unreadLabel(1), "1 unread message");
    assert.equal(unreadLabel(12), "12 unread messages");
  });
});

describe("keyboard shortcuts", () => {
  const key = (code, extra = {}) => ({ code, altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, ...extra });

  test("each common action has an Alt shortcut, in fields as well as out of them", () => {
    assert.equal(shortcutFor(key("ArrowDown"), "other"), "next");
    assert.equal(shortcutFor(key("ArrowUp"), "text"), "previous");
    assert.equal(shortcutFor(key("KeyR"), "text"), "composer");
    assert.equal(shortcutFor(key("KeyN"), "other"), "accept");
    assert.equal(shortcutFor(key("KeyI"), "text"), "details");
    assert.equal(shortcutFor(key("Slash"), "other"), "help");
    assert.equal(shortcutFor(key("Slash", { shiftKey: true }), "text"), "help"); // "?" on a UK keyboard
  });

  test("no shortcut fires without Alt, or with Ctrl or the command key, or on a key it does not know", () => {
    for (const target of ["text", "other", "select"]) {
      assert.equal(shortcutFor(key("KeyN", { altKey: false }), target), null);
      assert.equal(shortcutFor(key("ArrowDown", { altKey: false }), target), null);
      assert.equal(shortcutFor(key("Slash", { altKey: false, shiftKey: true }), target), null);
    }
    assert.equal(shortcutFor(key("KeyN", { ctrlKey: true }), "other"), null);
    assert.equal(shortcutFor(key("KeyN", { metaKey: true }), "other"), null);
    assert.equal(shortcutFor(key("KeyQ"), "other"), null);
  });

  test("Alt+arrow on a list box keeps opening the list box", () => {
    assert.equal(shortcutFor(key("ArrowDown"), "select"), null);
    assert.equal(shortcutFor(key("KeyN"), "select"), "accept");
  });

  test("the help list names every action once, with the keys to press", () => {
    const actions = SHORTCUTS.map((shortcut) => shortcut.action);
    assert.deepEqual([...new Set(actions)].sort(), ["accept", "composer", "details", "help", "next", "previous"]);
    assert.equal(actions.length, 6);
    SHORTCUTS.forEach((shortcut) => {
      assert.match(shortcut.keys, /^Alt\+/);
      assert.match(shortcut.aria, /^Alt\+/);
      assert.ok(shortcut.description.length > 5);
    });
  });

  test("next and previous chat wrap around the list, and start from the first or last", () => {
    const ids = ["a", "b", "c"];
    assert.equal(neighbour(ids, "a", 1), "b");
    assert.equal(neighbour(ids, "c", 1), "a");
    assert.equal(neighbour(ids, "a", -1), "c");
    assert.equal(neighbour(ids, null, 1), "a");
    assert.equal(neighbour(ids, null, -1), "c");
    assert.equal(neighbour(ids, "gone", 1), "a");
    assert.equal(neighbour([], null, 1), null);
  });
});

describe("Welsh for an English-speaking agent", () => {
  test("the language is named in its own words and in English", () => {
    assert.equal(spoken("cy", LANGUAGES), " · Cymraeg (Welsh)");
    assert.equal(languageName("cy", LANGUAGES), "Cymraeg (Welsh)");
    assert.equal(languageName("en-gb", LANGUAGES), "English");
    assert.equal(languageName("fr", LANGUAGES), "fr");
    assert.equal(languageName(undefined, LANGUAGES), "");
  });

  test("the visitor's and the chat's own lines in a Welsh chat are marked Welsh; the agent's and the default language's are not", () => {
    assert.deepEqual(lineLanguage("visitor", "cy", LANGUAGES), { code: "cy", label: "Welsh" });
    assert.deepEqual(lineLanguage("system", "cy", LANGUAGES), { code: "cy", label: "Welsh" }); // written in the chat's language
    assert.equal(lineLanguage("agent", "cy", LANGUAGES), null);
    assert.equal(lineLanguage("note", "cy", LANGUAGES), null);
    assert.equal(lineLanguage("system", "en-gb", LANGUAGES), null);
    assert.equal(lineLanguage("visitor", "en-gb", LANGUAGES), null);
    assert.equal(lineLanguage("visitor", undefined, LANGUAGES), null);
    assert.deepEqual(lineLanguage("visitor", "fr", LANGUAGES), { code: "fr", label: "fr" });
  });

  test("a Welsh canned reply comes with its English text; an English one, or one not translated, does not", () => {
    const item = { shortcut: "fan", text: "An engineer will call.", translations: { cy: "Bydd peiriannydd yn ffonio." } };
    assert.equal(cannedGloss(item, "cy"), "An engineer will call.");
    assert.equal(cannedGloss(item, "en-gb"), null);
    assert.equal(cannedGloss(item, undefined), null);
    assert.equal(cannedGloss({ ...item, translations: {} }, "cy"), null);
  });
});
