"""The protocol's codes: error codes, close codes, layer event types and the few
constants the browser shares (``static/chatserver/protocol.js``, checked by a test)."""

# Error codes of the contract.
BAD_JSON = "bad_json"
UNKNOWN_TYPE = "unknown_type"
INVALID = "invalid"
TOO_LONG = "too_long"
RATE_LIMITED = "rate_limited"
NOT_STARTED = "not_started"
NOT_FOUND = "not_found"
FORBIDDEN = "forbidden"
ALREADY_ASSIGNED = "already_assigned"
SERVER_ERROR = "server_error"
# The one-time code of an emailed copy (extensions).
WRONG_CODE = "wrong_code"
CODE_EXPIRED = "code_expired"
TOO_MANY_ATTEMPTS = "too_many_attempts"
ERROR_CODES = (
    BAD_JSON,
    UNKNOWN_TYPE,
    INVALID,
    TOO_LONG,
    RATE_LIMITED,
    NOT_STARTED,
    NOT_FOUND,
    FORBIDDEN,
    ALREADY_ASSIGNED,
    SERVER_ERROR,
    WRONG_CODE,
    CODE_EXPIRED,
    TOO_MANY_ATTEMPTS,
)

# The one-time code emailed to confirm the address of a transcript copy: this many digits.
EMAIL_CODE_DIGITS = 6

# Close codes of the contract (and CLOSE_IDLE, an extension).
CLOSE_PROTOCOL = 4400
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_IDLE = 4408
CLOSE_FLOODING = 4429
CLOSE_CODES = {
    "PROTOCOL": CLOSE_PROTOCOL,
    "UNAUTHENTICATED": CLOSE_UNAUTHENTICATED,
    "FORBIDDEN": CLOSE_FORBIDDEN,
    "IDLE": CLOSE_IDLE,
    "FLOODING": CLOSE_FLOODING,
}

# Put where hidden or direction-changing characters were taken out of typed text
# (chatserver/chat/visible_text.py; docs/protocol.md, "Hidden characters").
HIDDEN_MARKER = "\ufffd"

# Layer event types: ``chat.message`` is handled by a consumer's ``chat_message``.
CHAT_MESSAGE = "chat.message"
CHAT_STATUS = "chat.status"
CHAT_TYPING = "chat.typing"
CHAT_ERASED = "chat.erased"
CHAT_QUEUE = "chat.queue"
CHAT_ASSIGNED = "chat.assigned"
CHAT_UNASSIGNED = "chat.unassigned"
CHAT_DETAILS = "chat.details"
CHAT_EMERGENCY = "chat.emergency"
CHAT_CASE_PROMPT = "chat.case_prompt"
CHAT_WRAPPED_UP = "chat.wrapped_up"
CHAT_DISMISSED = "chat.dismissed"
CHAT_LANGUAGE_OFFER = "chat.language_offer"
CHAT_TOPIC = "chat.topic"
KEYS_DESTROYED = "keys.destroyed"
AGENT_REVOKED = "agent.revoked"
HEALTH_PING = "health.ping"
# A process's canary to itself, and its word to its own sockets to read what they missed.
LAYER_CANARY = "layer.canary"
LAYER_RESYNC = "layer.resync"

# What a client's ``client_id`` may be (regular expression, matched in full).
CLIENT_ID_PATTERN = "[A-Za-z0-9_-]{1,64}"
