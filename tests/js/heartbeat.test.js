/* The chat socket's heartbeat, which notices a connection that is half open (the network
 * dropped without a close), with a fake WebSocket and Node's mock timers (no browser). */
import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, mock, test } from "node:test";

import { ANSWER_WITHIN_MS, ChatSocket, HEARTBEAT_MS, MAX_BACKOFF_MS } from "../../chatserver/static/chatserver/socket.js";
import { CLOSE_NORMAL } from "../../chatserver/static/chatserver/protocol.js";
import { FakeWebSocket } from "./fake-websocket.js";

/* Usability review 13: a connection that is half open (the network dropped without a
 * close) must be noticed, not left showing "You are chatting with Sam." for ever. */
describe("ChatSocket heartbeat", () => {
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

  const PING = 1000;
  const WITHIN = 400;
  const socket = () => {
    const events = { retries: [], frames: [], opens: 0 };
    const chat = new ChatSocket("/ws/visitor/", {
      onOpen: () => { events.opens += 1; },
      onFrame: (frame) => events.frames.push(frame),
      onRetry: (delay) => events.retries.push(delay),
      pingMs: PING,
      answerWithinMs: WITHIN,
    });
    return { chat, events };
  };
  /** An open socket whose greeting was answered. */
  const greeted = () => {
    const made = socket();
    made.chat.connect();
    const ws = FakeWebSocket.made.at(-1);
    ws.open();
    ws.receive('{"type":"welcome"}');
    return { ...made, ws };
  };

  test("the defaults notice a dead socket within 30 seconds of its last answer", () => {
    assert.ok(HEARTBEAT_MS + ANSWER_WITHIN_MS <= 30000, "ping interval plus the wait for its answer");
    assert.ok(ANSWER_WITHIN_MS >= 5000, "a slow but live mobile network must not look dead");
  });

  test("a ping left unanswered gives the socket up and reconnects, saying so", () => {
    const { chat, events, ws } = greeted();
    mock.timers.tick(PING);
    assert.deepEqual(ws.sent.at(-1), { type: "ping" });
    mock.timers.tick(WITHIN - 1);
    assert.deepEqual(events.retries, []);
    assert.equal(chat.isOpen, true);
    mock.timers.tick(1);
    assert.deepEqual(events.retries, [375]);
    assert.equal(chat.isOpen, false);
    assert.notEqual(ws.closedWith, undefined, "the dead socket is closed, not left open");
    assert.equal(chat.send({ type: "typing", active: true }), false);
    mock.timers.tick(375);
    assert.equal(FakeWebSocket.made.length, 2);
  });

  test("an answer in time keeps the socket, however long it lives", () => {
    const { events, ws } = greeted();
    for (let round = 0; round < 20; round += 1) {
      mock.timers.tick(WITHIN - 1);
      ws.receive('{"type":"pong"}');
      mock.timers.tick(PING - (WITHIN - 1)); // the next ping goes
    }
    assert.deepEqual(events.retries, []);
    assert.equal(FakeWebSocket.made.length, 1);
    assert.equal(ws.sent.filter((frame) => frame.type === "ping").length, 20);
    assert.equal(ws.sent.at(-1).type, "ping");
  });

  test("any frame from the server is an answer", () => {
    const { events, ws } = greeted();
    mock.timers.tick(PING);
    ws.receive('{"type":"typing","from":"agent","active":true}');
    mock.timers.tick(WITHIN * 2);
    assert.deepEqual(events.retries, []);
  });

  test("a line sent is expected to be answered too, before the next ping", () => {
    const { chat, events } = greeted();
    mock.timers.tick(PING / 4);
    chat.send({ type: "message", client_id: "a", text: "hello?" });
    mock.timers.tick(WITHIN);
    assert.equal(events.retries.length, 1);
  });

  test("a typing frame, which has no answer, expects none", () => {
    const { chat, events } = greeted();
    mock.timers.tick(PING / 4);
    chat.send({ type: "typing", active: true });
    mock.timers.tick(PING / 2);
    assert.deepEqual(events.retries, []);
  });

  test("a connection that never opens or never greets is given up within the bound", () => {
    const { chat, events } = socket();
    chat.connect();
    mock.timers.tick(WITHIN);
    assert.equal(events.retries.length, 1);
    mock.timers.tick(events.retries[0]);
    FakeWebSocket.made[1].open();
    mock.timers.tick(WITHIN);
    assert.equal(events.retries.length, 2);
  });

  test("frames and the close of a socket given up change nothing", () => {
    const { chat, events, ws } = greeted();
    mock.timers.tick(PING);
    mock.timers.tick(WITHIN);
    mock.timers.tick(events.retries[0]);
    const next = FakeWebSocket.made[1];
    next.open();
    ws.receive('{"type":"message","seq":9}');
    ws.drop(1006);
    assert.deepEqual(events.frames, [{ type: "welcome" }]);
    assert.equal(events.retries.length, 1);
    assert.equal(chat.ws, next);
  });

  test("coming back online reconnects at once instead of waiting out the backoff", () => {
    const page = new EventTarget();
    globalThis.addEventListener = page.addEventListener.bind(page);
    try {
      const { chat, events } = greeted();
      mock.timers.tick(PING);
      mock.timers.tick(WITHIN);
      assert.equal(events.retries.length, 1);
      page.dispatchEvent(new Event("online"));
      assert.equal(FakeWebSocket.made.length, 2);
      assert.equal(chat.ws, FakeWebSocket.made[1]);
      mock.timers.tick(MAX_BACKOFF_MS);
      assert.equal(FakeWebSocket.made.length, 2, "the pending retry was dropped");
    } finally {
      delete globalThis.addEventListener;
    }
  });

  test("closing it on purpose stops the heartbeat", () => {
    const { chat, events, ws } = greeted();
    chat.close(CLOSE_NORMAL);
    mock.timers.tick(PING * 5);
    assert.deepEqual(events.retries, []);
    assert.equal(ws.sent.length, 0);
  });
});
