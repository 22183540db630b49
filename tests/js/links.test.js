/* Links in an adviser's line: which addresses become links, and that nothing of the line
 * is lost or changed (checked over many random lines with a fixed seed). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import { linkParts } from "../../widget/static/widget/links.js";

const links = (text) => linkParts(text).filter((part) => part.href).map((part) => part.href);

describe("links in an adviser's line", () => {
  test("http and https addresses become links, without the sentence's punctuation", () => {
    assert.deepEqual(links("See https://example.org/repairs."), ["https://example.org/repairs"]);
    assert.deepEqual(links("(http://example.org/a?b=1&c=2), then"), ["http://example.org/a?b=1&c=2"]);
    assert.deepEqual(links("two: https://a.example/x and HTTPS://B.EXAMPLE/y!"), ["https://a.example/x", "HTTPS://B.EXAMPLE/y"]);
  });

  test("other schemes, bare hosts and broken addresses stay text", () => {
    for (const text of ["javascript:alert(1)", "www.example.org", "ftp://example.org", "mailto:a@b.example", "https://", "http:///nohost", "data:text/html,hi"]) {
      assert.deepEqual(links(text), [], text);
    }
  });

  test("a line without an address is one plain part; an empty line has none", () => {
    assert.deepEqual(linkParts("Hello, how can I help?"), [{ text: "Hello, how can I help?" }]);
    assert.deepEqual(linkParts(""), []);
  });

  test("over random lines the parts join back to the line and every link is http(s) with no space", () => {
    let seed = 20261207;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ["https://", "http://", "example.org", "/", "a", " ", ".", ",", ")", "(", "javascript:", "?x=1", "<", "\"", "é", "\n", "HTTP://", "ftp://"];
    for (let round = 0; round < 5000; round += 1) {
      let text = "";
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i += 1) text += pieces[Math.floor(random() * pieces.length)];
      const parts = linkParts(text);
      assert.equal(parts.map((part) => part.text).join(""), text, JSON.stringify(text));
      for (const part of parts.filter((each) => each.href)) {
        assert.match(part.href, /^https?:\/\/[^\s]+$/i, JSON.stringify(text));
        assert.equal(part.href, part.text);
      }
    }
  });
});
