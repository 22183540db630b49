/* A chat socket that reconnects with backoff, keeps itself alive with pings and
 * hands each frame to its owner; and an outbox of lines waiting for their ack.
 * Shared by the widget and the console. Vanilla JavaScript, no build step.
 */

const MAX_BACKOFF_MS = 30000;

export function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class ChatSocket {
  /* path: "/ws/visitor/" or "/ws/agent/". Callbacks: onOpen(), onFrame(frame),
   * onRetry(delayMs) before a reconnect, onFinal(code) when the server closed it for
   * good with one of finalCodes (no reconnect). pingMs: 0 for no keep-alive. */
  constructor(path, { onOpen, onFrame, onRetry, onFinal, finalCodes = [], pingMs = 0 }) {
    this.path = path;
    this.handlers = { onOpen, onFrame, onRetry, onFinal };
    this.finalCodes = new Set(finalCodes);
    this.pingMs = pingMs;
    this.ws = null;
    this.retries = 0;
    this.retryTimer = null;
    this.pingTimer = null;
  }

  get isOpen() {
    return Boolean(this.ws && this.ws.readyState === WebSocket.OPEN);
  }

  connect() {
    clearTimeout(this.retryTimer);
    if (this.ws) return;
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${this.path}`);
    this.ws = ws;
    ws.addEventListener("open", () => {
      if (this.pingMs) this.pingTimer = setInterval(() => this.send({ type: "ping" }), this.pingMs);
      if (this.handlers.onOpen) this.handlers.onOpen();
    });
    ws.addEventListener("message", (event) => {
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      this.handlers.onFrame(frame);
    });
    ws.addEventListener("close", (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      clearInterval(this.pingTimer);
      if (this.finalCodes.has(event.code)) {
        if (this.handlers.onFinal) this.handlers.onFinal(event.code);
        return;
      }
      this.retryLater();
    });
  }

  /* The server answered: the next loss starts the backoff afresh. */
  settled() {
    this.retries = 0;
  }

  retryLater() {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.retries) * (0.5 + Math.random() / 2);
    this.retries += 1;
    if (this.handlers.onRetry) this.handlers.onRetry(delay);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  send(frame) {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  close(code = 1000) {
    const ws = this.ws;
    this.ws = null;
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    if (ws) ws.close(code);
  }
}

export class Outbox {
  /* Lines sent but not yet acked, in the order sent, each a frame with a client_id.
   * A line is sent again with the same client_id after a reconnect, so the server
   * stores it once. persist(frames) is called after every change. */
  constructor(frames = [], persist = () => {}) {
    this.frames = new Map(frames.map((frame) => [frame.client_id, frame]));
    this.persist = persist;
  }

  add(frame) {
    this.frames.set(frame.client_id, frame);
    this.persist(this.list());
  }

  settle(clientId) {
    if (this.frames.delete(clientId)) this.persist(this.list());
  }

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

  resend(socket) {
    this.frames.forEach((frame) => socket.send(frame));
  }
}
