/* Tap-to-call links in emergency advice: only UK phone numbers become tel: links, and
 * nothing of the line is lost or changed (checked over many random lines, fixed seed). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { phoneParts } from "../../widget/static/widget/phones.js";

const calls = (text) => phoneParts(text).filter((part) => part.href).map((part) => [part.text, part.href]);
const TEL = /^tel:(\+44[1235789]\d{8,9}|999|112|111|101|105|116\d{3})$/;

describe("phone numbers in advice", () => {
  test("the numbers of the emergency advice become tel: links", () => {
    assert.deepEqual(calls("call the National Gas Emergency Service on 0800 111 999 (free, 24 hours). If anyone feels unwell, call 999."), [
      ["0800 111 999", "tel:+44800111999"], ["999", "tel:999"],
    ]);
    assert.deepEqual(calls("talk to Samaritans at any time, free, on 116 123. For urgent help, call NHS 111"), [
      ["116 123", "tel:116123"], ["111", "tel:111"],
    ]);
    assert.deepEqual(calls("helpline: 0808 2000 247. Repairs: 01234 567890, or +44 20 7946 0000"), [
      ["0808 2000 247", "tel:+448082000247"], ["01234 567890", "tel:+441234567890"], ["+44 20 7946 0000", "tel:+442079460000"],
    ]);
  });

  test("other numbers stay text: codes to press, hours, years, amounts, references, foreign numbers", () => {
    assert.deepEqual(calls("call 999 and press 55 when asked"), [["999", "tel:999"]]);
    for (const text of [
      "open 24 hours", "in 2026", "£1999.99", "ref 9991234", "0800 111", "x0800 111 999", "0800-111-999x",
      "0400 123 4567", "06000 123456", "+33 1 23 45 67 89", "1999", "9999", "1110", "116 12", "0800 111 999 0000",
    ]) {
      assert.deepEqual(calls(text), [], text);
    }
  });

  test("a line without a number is one plain part; an empty line has none", () => {
    assert.deepEqual(phoneParts("Get everyone out and stay out."), [{ text: "Get everyone out and stay out." }]);
    assert.deepEqual(phoneParts(""), []);
  });

  test("over random lines the parts join back to the line and every link is a UK tel: number", () => {
    let seed = 20261207;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ["0", "1", "9", "99", "999", "0800", "111", " ", "-", "+44", "+", "116", "123", "call ", "on ", ".", ",", "(", ")", "a", "tel:", "55", "\n", "0808 2000 247", "07700 900123"];
    for (let run = 0; run < 5000; run += 1) {
      let text = "";
      const length = Math.floor(random() * 12);
      for (let index = 0; index < length; index += 1) text += pieces[Math.floor(random() * pieces.length)];
      const parts = phoneParts(text);
      assert.equal(parts.map((part) => part.text).join(""), text);
      for (const part of parts) {
        if (!part.href) continue;
        assert.match(part.href, TEL, JSON.stringify(text));
        const shown = part.text.replace(/[ -]/g, "");
        assert.ok(part.href === `tel:${shown}` || part.href === `tel:+44${shown.replace(/^(\+44|0)/, "")}`, JSON.stringify(text));
      }
    }
  });

  test("a UK number written with spaces anywhere, between words, is found whole", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let run = 0; run < 2000; run += 1) {
      const length = random() < 0.5 ? 9 : 10;
      let digits = String("1235789"[Math.floor(random() * 7)]);
      while (digits.length < length) digits += String(Math.floor(random() * 10));
      let written = random() < 0.3 ? "+44 " : "0";
      [...digits].forEach((digit, index) => { written += (index > 0 && random() < 0.25 ? " " : "") + digit; });
      written = written.replace("+44  ", "+44 ");
      assert.deepEqual(calls(`call us on ${written}, any time`), [[written, `tel:+44${digits}`]], written);
    }
  });
});
