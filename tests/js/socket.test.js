/* The chat socket's reconnect backoff and final close codes, and the outbox's resend
 * order, with a fake WebSocket and Node's mock timers (no browser). */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";

import { ChatSocket, FIRST_BACKOFF_MS, MAX_BACKOFF_MS, Outbox, backoffDelay, newClientId } from "../../chatserver/static/chatserver/socket.js";
import { CLIENT_ID_PATTERN, CLOSE, CLOSE_NORMAL } from "../../chatserver/static/chatserver/protocol.js";
import { FakeWebSocket } from "./fake-websocket.js";

describe("reconnect backoff", () => {
  test("doubles from the first delay and stops growing at the maximum", () => {
    const full = [0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map((retries) => backoffDelay(retries, 0.999999999));
    assert.deepEqual(full.map(Math.round), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
  });

  test("jitter takes off at most half, never adds", () => {
    for (const retries of [0, 3, 10]) {
      const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retries);
      assert.equal(backoffDelay(retries, 0), ceiling / 2);
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(retries, Math.random());
        assert.ok(delay >= ceiling / 2 && delay < ceiling, `${delay} outside [${ceiling / 2}, ${ceiling})`);
      }
    }
  });
});

describe("ChatSocket", () => {
  beforeEach(() => {
    FakeWebSocket.made = [];
    globalThis.WebSocket = FakeWebSocket;
    globalThis.location = { protocol: "https:", host: "chat.example.org" };
    mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
    mock.method(Math, "random", () => 0.5);
  });
  afterEach(() => {
    mock.timers.reset();
    mock.restoreAll();
    delete globalThis.WebSocket;
    delete globalThis.location;
  });

  const socket = (options = {}) => {
    const events = { retries: [], finals: [], frames: [], opens: 0 };
    const chat = new ChatSocket("/ws/visitor/", {
      onOpen: () => { events.opens += 1; },
      onFrame: (frame) => events.frames.push(frame),
      onRetry: (delay) => events.retries.push(delay),
      onFinal: (code) => events.finals.push(code),
      ...options,
    });
    return { chat, events };
  };

  test("connects to the page's own host, securely on https, and reads JSON frames", () => {
    const { chat, events } = socket();
    chat.connect();
    const ws = FakeWebSocket.made[0];
    assert.equal(ws.url, "wss://chat.example.org/ws/visitor/");
    ws.open();
    ws.receive('{"type":"pong"}');
    ws.receive("not json");
    assert.equal(events.opens, 1);
    assert.deepEqual(events.frames, [{ type: "pong" }]);
  });

  test("reconnects after a lost connection, waiting longer each time until the server answers", () => {
    const { chat, events } = socket();
    chat.connect();
    for (let lost = 0; lost < 3; lost += 1) {
      FakeWebSocket.made.at(-1).drop(1006);
      mock.timers.tick(events.retries.at(-1));
    }
    assert.deepEqual(events.retries, [375, 750, 1500]);
    assert.equal(FakeWebSocket.made.length, 4);
    chat.settled();
    FakeWebSocket.made.at(-1).drop(1006);
    assert.equal(events.retries.at(-1), 375);
  });

  for (const code of [CLOSE.IDLE, CLOSE_NORMAL]) {
    test(`stops for good on its final code ${code}`, () => {
      const { chat, events } = socket({ finalCodes: [CLOSE.IDLE, CLOSE_NORMAL] });
      chat.connect();
      FakeWebSocket.made[0].drop(code);
      mock.timers.tick(MAX_BACKOFF_MS * 2);
      assert.deepEqual(events.finals, [code]);
      assert.deepEqual(events.retries, []);
      assert.equal(FakeWebSocket.made.length, 1);
    });
  }

  test("a code that is not final for this socket reconnects", () => {
    const { chat, events } = socket({ finalCodes: [CLOSE.UNAUTHENTICATED] });
    chat.connect();
    FakeWebSocket.made[0].drop(CLOSE.IDLE);
    mock.timers.tick(events.retries[0]);
    assert.deepEqual(events.finals, []);
    assert.equal(FakeWebSocket.made.length, 2);
  });

  test("closing it on purpose neither reconnects nor reports", () => {
    const { chat, events } = socket();
    chat.connect();
    const ws = FakeWebSocket.made[0];
    chat.close(CLOSE_NORMAL);
    ws.drop(CLOSE_NORMAL);
    mock.timers.tick(MAX_BACKOFF_MS);
    assert.equal(ws.closedWith, CLOSE_NORMAL);
    assert.deepEqual([events.retries, events.finals, FakeWebSocket.made.length], [[], [], 1]);
  });

  test("sends only while open, and pings to keep alive", () => {
    const { chat } = socket({ pingMs: 1000 });
    assert.equal(chat.send({ type: "end" }), false);
    chat.connect();
    const ws = FakeWebSocket.made[0];
    assert.equal(chat.send({ type: "end" }), false);
    ws.open();
    assert.equal(chat.send({ type: "end" }), true);
    mock.timers.tick(2000);
    assert.deepEqual(ws.sent, [{ type: "end" }, { type: "ping" }, { type: "ping" }]);
  });
});

describe("Outbox", () => {
  const line = (id, text = id) => ({ type: "message", client_id: id, text });

  test("resends unacked lines in the order first sent, a repeat keeping its place", () => {
    const outbox = new Outbox([line("a")]);
    outbox.add(line("b"));
    outbox.add(line("c"));
    outbox.add(line("a", "again"));
    outbox.settle("b");
    const sent = [];
    outbox.resend({ send: (frame) => sent.push(frame) });
    assert.deepEqual(sent.map((frame) => [frame.client_id, frame.text]), [["a", "again"], ["c", "c"]]);
  });

  test("persists the list after every change, and not for an unknown ack", () => {
    const saved = [];
    const outbox = new Outbox([], (frames) => saved.push(frames.map((frame) => frame.client_id)));
    outbox.add(line("a"));
    outbox.add(line("b"));
    outbox.settle("zzz");
    outbox.settle("a");
    outbox.clear();
    assert.deepEqual(saved, [["a"], ["a", "b"], ["b"], []]);
    assert.equal(outbox.has("b"), false);
  });

  test("client ids are ones the server accepts", () => {
    assert.match(newClientId(), CLIENT_ID_PATTERN);
    const saved = globalThis.crypto.randomUUID;
    try {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: undefined, configurable: true });
      assert.match(newClientId(), CLIENT_ID_PATTERN);
    } finally {
      Object.defineProperty(globalThis.crypto, "randomUUID", { value: saved, configurable: true });
    }
  });
});
