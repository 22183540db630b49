// @ts-check
/* A chat socket that reconnects with backoff, checks with a heartbeat that the server
 * still answers, and hands each frame to its owner; and an outbox of lines waiting for
 * their ack.
 * Shared by the widget and the console. Vanilla JavaScript, no build step.
 */
import { ping } from "./outbound.js";
import { CLOSE_NORMAL, TYPE } from "./protocol.js";

export const FIRST_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 30000;

/* The heartbeat. A network that drops without closing the socket (a train in a tunnel,
 * Wi-Fi gone) leaves it open for minutes, and lines sent on it are never answered. So
 * a ping goes every HEARTBEAT_MS, and a socket that answers nothing ANSWER_WITHIN_MS after
 * a ping, a line or its opening is given up and replaced: a dead connection is noticed
 * at most HEARTBEAT_MS + ANSWER_WITHIN_MS (25 s) after the server last answered. */
export const HEARTBEAT_MS = 15000;
export const ANSWER_WITHIN_MS = 10000;
/* Frames the server always answers (pong, welcome, ack or error); others, such as
 * typing, may get no answer. */
/** @type {Set<string>} */
const ANSWERED = new Set([TYPE.PING, TYPE.HELLO, TYPE.MESSAGE, TYPE.NOTE]);

/**
 * How long to wait before reconnect number `retries` (0 first): doubling from
 * FIRST_BACKOFF_MS up to MAX_BACKOFF_MS, then a random half of it taken off, so that
 * clients cut off together do not all come back at once.
 * @param {number} retries reconnects tried since the server last answered
 * @param {number} random a number in [0, 1), Math.random() in use
 */
export function backoffDelay(retries, random) {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** retries) * (0.5 + random / 2);
}

/** A fresh client_id: a UUID, or base-36 time and randomness where randomUUID is missing. */
export function newClientId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * @typedef {{type: string}} AnyFrame
 * @typedef {object} SocketOptions
 * @property {() => void} [onOpen]
 * @property {(frame: any) => void} onFrame each frame the server sends, parsed
 * @property {(delayMs: number) => void} [onRetry] before a reconnect
 * @property {(code: number) => void} [onFinal] the server closed it for good with one of finalCodes
 * @property {number[]} [finalCodes] close codes after which it does not reconnect
 * @property {number} [pingMs] heartbeat (and keep-alive) interval; 0 for none
 * @property {number} [answerWithinMs] a socket that answers nothing this long after a
 *   ping, a line or its opening is given up and replaced; 0 never gives one up
 */

export class ChatSocket {
  /** @param {string} path "/ws/visitor/" or "/ws/agent/" @param {SocketOptions} options */
  constructor(path, { onOpen, onFrame, onRetry, onFinal, finalCodes = [], pingMs = 0, answerWithinMs = 0 }) {
    this.path = path;
    this.handlers = { onOpen, onFrame, onRetry, onFinal };
    this.finalCodes = new Set(finalCodes);
    this.pingMs = pingMs;
    this.answerWithinMs = answerWithinMs;
    /** @type {WebSocket | null} */
    this.ws = null;
    this.retries = 0;
    /** @type {ReturnType<typeof setTimeout> | undefined} a reconnect is waiting */
    this.retryTimer = undefined;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.pingTimer = undefined;
    /** @type {ReturnType<typeof setTimeout> | undefined} an answer is awaited */
    this.answerTimer = undefined;
    // Back online: try now rather than wait out the backoff (up to 30 s).
    if (typeof globalThis.addEventListener === "function") {
      globalThis.addEventListener("online", () => {
        if (this.retryTimer !== undefined) this.connect();
      });
    }
  }

  get isOpen() {
    return Boolean(this.ws && this.ws.readyState === WebSocket.OPEN);
  }

  connect() {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.ws) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${this.path}`);
    this.ws = ws;
    this.expectAnswer(ws); // the opening and the server's first frame
    ws.addEventListener("open", () => {
      if (this.ws !== ws) return;
      if (this.pingMs) this.pingTimer = setInterval(() => this.send(ping()), this.pingMs);
      if (this.handlers.onOpen) this.handlers.onOpen();
    });
    ws.addEventListener("message", (event) => {
      if (this.ws !== ws) return; // a socket given up: its late frames are not read
      clearTimeout(this.answerTimer);
      this.answerTimer = undefined;
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      this.handlers.onFrame(frame);
    });
    ws.addEventListener("close", (event) => this.closed(ws, event.code));
  }

  /** Gives `ws` up unless the server sends something within answerWithinMs (the
   * earliest such wait stands). @param {WebSocket} ws */
  expectAnswer(ws) {
    if (!this.answerWithinMs || this.answerTimer !== undefined) return;
    this.answerTimer = setTimeout(() => this.unanswered(ws), this.answerWithinMs);
  }

  /** The server did not answer in time: the connection is as good as lost, even though
   * the browser has not closed it. @param {WebSocket} ws */
  unanswered(ws) {
    if (this.ws !== ws) return;
    this.forget();
    ws.close(CLOSE_NORMAL);
    this.retryLater();
  }

  /** Stops reading and keeping alive the current socket. */
  forget() {
    this.ws = null;
    clearInterval(this.pingTimer);
    clearTimeout(this.answerTimer);
    this.answerTimer = undefined;
  }

  /** @param {WebSocket} ws the socket that closed @param {number} code */
  closed(ws, code) {
    if (this.ws !== ws) return;
    this.forget();
    if (this.finalCodes.has(code)) {
      if (this.handlers.onFinal) this.handlers.onFinal(code);
      return;
    }
    this.retryLater();
  }

  /** The server answered: the next loss starts the backoff afresh. */
  settled() {
    this.retries = 0;
  }

  retryLater() {
    const delay = backoffDelay(this.retries, Math.random());
    this.retries += 1;
    if (this.handlers.onRetry) this.handlers.onRetry(delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** @param {AnyFrame} frame @returns {boolean} whether it went (false: not connected) */
  send(frame) {
    if (!this.ws || !this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    if (ANSWERED.has(frame.type)) this.expectAnswer(this.ws);
    return true;
  }

  close(code = 1000) {
    const ws = this.ws;
    this.forget();
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (ws) ws.close(code);
  }
}

/**
 * Lines sent but not yet acked, in the order first sent, each a frame with a client_id.
 * A line is sent again with the same client_id after a reconnect, so the server
 * stores it once. persist(frames) is called after every change.
 * @template {{type: string, client_id: string}} F
 */
export class Outbox {
  /** @param {F[]} [frames] @param {(frames: F[]) => void} [persist] */
  constructor(frames = [], persist = () => {}) {
    /** @type {Map<string, F>} */
    this.frames = new Map(frames.map((frame) => [frame.client_id, frame]));
    this.persist = persist;
  }

  /** @param {F} frame */
  add(frame) {
    this.frames.set(frame.client_id, frame);
    this.persist(this.list());
  }

  /** @param {string} clientId */
  settle(clientId) {
    if (this.frames.delete(clientId)) this.persist(this.list());
  }

  /** @param {string} clientId */
  has(clientId) {
    return this.frames.has(clientId);
  }

  list() {
    return [...this.frames.values()];
  }

  clear() {
    this.frames.clear();
    this.persist([]);
  }

  /** @param {{send: (frame: F) => boolean}} socket */
  resend(socket) {
    this.frames.forEach((frame) => socket.send(frame));
  }
}
