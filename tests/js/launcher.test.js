/* The launcher's choice of language, in the code landlord pages get
 * (widget/templates/widget/launcher.min.js, written from widget/launcher.js; a classic
 * script, evaluated here as the browser would, without a page). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const source = readFileSync(new URL("../../widget/templates/widget/launcher.min.js", import.meta.url), "utf8");
const { housingChatLanguage } = vm.runInNewContext(`${source}\n({ housingChatLanguage })`, { document: { createElement: () => ({}) } });
const LABELS = { "en-gb": { open: "Chat with us", close: "Close chat" }, cy: { open: "Sgwrsiwch â ni", close: "Cau'r sgwrs" } };

test("the page's data-lang comes first, then the browser's languages", () => {
  assert.equal(housingChatLanguage(LABELS, ["cy", "en-GB"], "en-gb"), "cy");
  assert.equal(housingChatLanguage(LABELS, [undefined, "fr", "cy-GB", "en-GB"], "en-gb"), "cy");
});

test("a language is matched whole, case aside, then by its base language", () => {
  assert.equal(housingChatLanguage(LABELS, ["EN-GB"], "cy"), "en-gb");
  assert.equal(housingChatLanguage(LABELS, ["en-US"], "cy"), "en-gb");
  assert.equal(housingChatLanguage(LABELS, ["en"], "cy"), "en-gb");
});

test("none with labels: the server's default", () => {
  assert.equal(housingChatLanguage(LABELS, [undefined, "fr", "de-DE"], "en-gb"), "en-gb");
  assert.equal(housingChatLanguage(LABELS, [], "cy"), "cy");
});
