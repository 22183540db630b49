// @ts-check
/* The wire protocol's codes and frame types, shared by the widget and the console
 * (docs/protocol.md). The server's own copy is chatserver/chat/protocol.py; a test keeps
 * the two equal. The shape of every frame is in frames.js, generated from the server's.
 */

export const ERROR = Object.freeze({
  BAD_JSON: "bad_json",
  UNKNOWN_TYPE: "unknown_type",
  INVALID: "invalid",
  TOO_LONG: "too_long",
  RATE_LIMITED: "rate_limited",
  NOT_STARTED: "not_started",
  NOT_FOUND: "not_found",
  FORBIDDEN: "forbidden",
  ALREADY_ASSIGNED: "already_assigned",
  SERVER_ERROR: "server_error",
  WRONG_CODE: "wrong_code",
  CODE_EXPIRED: "code_expired",
  TOO_MANY_ATTEMPTS: "too_many_attempts",
});

export const CLOSE = Object.freeze({
  PROTOCOL: 4400,
  UNAUTHENTICATED: 4401,
  FORBIDDEN: 4403,
  IDLE: 4408,
  FLOODING: 4429,
});

/* Every frame type, both ways and on both sockets (the "type" of a frame). */
export const TYPE = Object.freeze({
  ACCEPT: "accept",
  ALERT_PREFERENCES: "alert_preferences",
  ACK: "ack",
  ASSIGNED: "assigned",
  BOARD: "board",
  CASE_RECORDED: "case_recorded",
  CASE_PROMPT: "case_prompt",
  CASE_PROMPT_DECISION: "case_prompt_decision",
  CLEAR_EMERGENCY: "clear_emergency",
  CLOSE: "close",
  DETAILS: "details",
  DETAILS_SAVED: "details_saved",
  DISMISS: "dismiss",
  DISMISSED: "dismissed",
  EMAIL_CODE_SENT: "email_code_sent",
  EMAIL_TRANSCRIPT: "email_transcript",
  EMERGENCY: "emergency",
  END: "end",
  ERASED: "erased",
  ERROR: "error",
  EXIT: "exit",
  FORGET: "forget",
  FORGOTTEN: "forgotten",
  HELLO: "hello",
  HISTORY: "history",
  IDLE_WARNING: "idle_warning",
  KEEP_OPEN: "keep_open",
  KEPT_OPEN: "kept_open",
  LANGUAGE_CHOICE: "language_choice",
  LANGUAGE_CHOSEN: "language_chosen",
  LANGUAGE_OFFER: "language_offer",
  MESSAGE: "message",
  NOTE: "note",
  PING: "ping",
  PONG: "pong",
  PRESENCE: "presence",
  QUEUE: "queue",
  RATE: "rate",
  RATED: "rated",
  SNAPSHOT: "snapshot",
  START: "start",
  STATUS: "status",
  TOPIC: "topic",
  TOPIC_SET: "topic_set",
  TRANSCRIPT_EMAILED: "transcript_emailed",
  TRANSFER: "transfer",
  TYPING: "typing",
  UNASSIGNED: "unassigned",
  VISIBILITY: "visibility",
  VISITOR_PRESENCE: "visitor_presence",
  WELCOME: "welcome",
  WRAP_UP: "wrap_up",
  WRAPPED_UP: "wrapped_up",
});

/* What the server puts where it took hidden or direction-changing characters out of
 * typed text (docs/protocol.md, "Hidden characters"); chatserver/chat/visible_text.py. */
export const HIDDEN_MARKER = "\uFFFD";

/* A normal WebSocket close: the server ended the socket on purpose (an erasure). */
export const CLOSE_NORMAL = 1000;

/* What a client_id may be: the server refuses any other with `invalid`. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * A table of handlers, one per frame type a client reads: each gets its own frame type.
 * @template {{type: string}} F
 * @typedef {{[K in F["type"]]?: (frame: F & {type: K}) => void}} Handlers
 */
