/* What a refused upload says, and how sizes are written. */
import assert from "node:assert/strict";
import { test } from "node:test";

import { describeSize, uploadProblem } from "../../chatserver/static/chatserver/photos.js";

const texts = { notSent: (status) => `not sent (${status})`, connection: "connection" };

test("a refused upload gives the server's own message when it sent one", () => {
  const body = JSON.stringify({ error: { code: "too_long", message: "The photo is too large." } });
  assert.deepEqual(uploadProblem(413, body, texts), { message: "The photo is too large.", retryable: false });
});

test("otherwise a line of the caller's, retryable for a server error or a limit", () => {
  assert.deepEqual(uploadProblem(502, "<html>Bad gateway</html>", texts), { message: "not sent (502)", retryable: true });
  assert.deepEqual(uploadProblem(429, "", texts), { message: "not sent (429)", retryable: true });
  assert.deepEqual(uploadProblem(400, "null", texts), { message: "not sent (400)", retryable: false });
});

test("sizes in KB below a megabyte, else MB with one decimal", () => {
  assert.equal(describeSize(1), "1 KB");
  assert.equal(describeSize(1048575), "1024 KB");
  assert.equal(describeSize(1048576), "1.0 MB");
  assert.equal(describeSize(2.45 * 1048576), "2.5 MB");
});
