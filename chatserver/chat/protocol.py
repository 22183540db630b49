"""The wire protocol in one place: codes, the shape of every frame and layer event, and
the builders of outbound frames.

``docs/protocol.md`` is the reference that users read; its frame reference lists the
keys of every frame below, and a test holds the two together. Error and close codes
are shared with the browser through ``static/chatserver/protocol.js`` (checked by the
same test). Visitors never see internal notes, agents' ids or the visitor's own
diagnostics; agents see everything about their conversations.
"""

import uuid
from datetime import datetime
from typing import Literal, NotRequired, TypedDict

from transcripts.record.store import AttachmentInfo, StoredMessage

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
KEYS_DESTROYED = "keys.destroyed"
AGENT_REVOKED = "agent.revoked"
HEALTH_PING = "health.ping"


# ---------- inbound frames (client to server), as they arrive ----------


class Details(TypedDict):
    name: NotRequired[str | None]
    email: NotRequired[str | None]
    address: NotRequired[str | None]


class HelloFrame(TypedDict):
    type: Literal["hello"]
    token: str | None
    after_seq: int | None


class StartFrame(TypedDict):
    type: Literal["start"]
    details: NotRequired[Details | None]
    language: NotRequired[str | None]


class VisitorLineFrame(TypedDict):
    type: Literal["message"]
    client_id: str
    text: str


class VisitorTypingFrame(TypedDict):
    type: Literal["typing"]
    active: bool


class DetailsUpdateFrame(TypedDict):
    type: Literal["details"]
    details: Details


class EndFrame(TypedDict):
    type: Literal["end"]


class PingFrame(TypedDict):
    type: Literal["ping"]


class EmailTranscriptFrame(TypedDict):
    """Without ``code``: asks for a code emailed to ``email``; with it, the copy."""

    type: Literal["email_transcript"]
    email: str
    code: NotRequired[str]


class ForgetFrame(TypedDict):
    type: Literal["forget"]


class RateFrame(TypedDict):
    type: Literal["rate"]
    score: int
    comment: NotRequired[str | None]


class QuickExitFrame(TypedDict):
    type: Literal["exit"]


class PresenceRequestFrame(TypedDict):
    type: Literal["presence"]
    status: Literal["available", "away"]


class AcceptFrame(TypedDict):
    type: Literal["accept"]
    conversation_id: str


class AgentLineFrame(TypedDict):
    type: Literal["message", "note"]
    conversation_id: str
    client_id: str
    text: str


class AgentTypingFrame(TypedDict):
    type: Literal["typing"]
    conversation_id: str
    active: bool


class TransferFrame(TypedDict):
    type: Literal["transfer"]
    conversation_id: str
    to_agent_id: int


class CloseFrame(TypedDict):
    type: Literal["close"]
    conversation_id: str


class HistoryRequestFrame(TypedDict):
    type: Literal["history"]
    conversation_id: str
    after_seq: int


class ClearEmergencyFrame(TypedDict):
    type: Literal["clear_emergency"]
    conversation_id: str


# ---------- outbound frames (server to client) ----------


class AgentName(TypedDict):
    name: str


class Limits(TypedDict):
    text: int
    photo_bytes: NotRequired[int]


class AttachmentRef(TypedDict):
    """A stored photo, as a layer event names it: ids and sizes, never pixels."""

    id: str
    content_type: str
    width: int
    height: int
    size: int


class Attachment(AttachmentRef):
    """A photo in a message frame, with where the client fetches it (visitors with their
    token in an ``Authorization: Bearer`` header, agents with their session)."""

    url: str
    thumbnail_url: str


VisitorMessageFrame = TypedDict(
    "VisitorMessageFrame",
    {
        "type": Literal["message"],
        "seq": int,
        "from": str,
        "text": str,
        "at": str,
        "client_id": NotRequired[str],
        "attachment": NotRequired[Attachment],
    },
)

AgentMessageFrame = TypedDict(
    "AgentMessageFrame",
    {
        "type": Literal["message"],
        "conversation_id": str,
        "seq": int,
        "from": str,
        "text": str,
        "at": str,
        "client_id": NotRequired[str],
        "state": NotRequired[str],
        "attachment": NotRequired[Attachment],
    },
)


class WelcomeConversation(TypedDict):
    id: str
    status: str
    queue_position: NotRequired[int]
    agent: NotRequired[AgentName]
    reason: NotRequired[Literal["closed", "busy"]]


class Hours(TypedDict):
    """Whether advisers are answering now: until ``closes_at``, or from ``opens_at``
    (instants; shown in ``time_zone``, the landlord's). Absent when there is no change
    ahead (no hours set, or none scheduled)."""

    open: bool
    closes_at: NotRequired[str]
    opens_at: NotRequired[str]
    time_zone: str


class WelcomeFrame(TypedDict):
    type: Literal["welcome"]
    token: str
    resumed: bool
    conversation: WelcomeConversation | None
    messages: list[VisitorMessageFrame]
    limits: Limits
    hours: Hours


class StatusFrame(TypedDict):
    type: Literal["status"]
    status: str
    queue_position: NotRequired[int]
    agent: NotRequired[AgentName]
    conversation_id: NotRequired[str]
    reason: NotRequired[Literal["closed", "busy"]]
    hours: NotRequired[Hours]


class AckFrame(TypedDict):
    type: Literal["ack"]
    client_id: str
    seq: int


class AgentAckFrame(AckFrame):
    conversation_id: str


TypingToVisitorFrame = TypedDict(
    "TypingToVisitorFrame", {"type": Literal["typing"], "from": Literal["agent"], "active": bool}
)
TypingToAgentFrame = TypedDict(
    "TypingToAgentFrame",
    {
        "type": Literal["typing"],
        "conversation_id": str,
        "from": Literal["visitor"],
        "active": bool,
    },
)


class ErrorFrame(TypedDict):
    type: Literal["error"]
    code: str
    message: str
    ref: NotRequired[str]
    retry_after: NotRequired[float]
    limit: NotRequired[int]
    retryable: NotRequired[bool]
    attempts_left: NotRequired[int]


class SimpleFrame(TypedDict):
    """``pong``, ``details_saved``, ``transcript_emailed``, ``rated`` and the visitor's
    ``erased``."""

    type: Literal["pong", "details_saved", "transcript_emailed", "rated", "erased"]


class EmailCodeSentFrame(TypedDict):
    """A code was emailed; the copy is sent once it comes back within ``expires_in`` seconds."""

    type: Literal["email_code_sent"]
    expires_in: int


class Receipt(TypedDict):
    request_id: str
    erased_at: str
    conversations: int


class ForgottenFrame(TypedDict):
    type: Literal["forgotten"]
    receipt: Receipt


class Emergency(TypedDict):
    category: str
    label: str


class QueueEntry(TypedDict):
    conversation_id: str
    status: str
    waiting_since: str
    has_details: bool
    special_category: bool
    emergency: Emergency | None
    awaiting_reply: bool
    language: str


class ConversationSummary(TypedDict):
    conversation_id: str
    status: str
    started_at: str
    special_category: bool
    emergency: Emergency | None
    language: str
    details: dict[str, str]
    details_erased: bool
    messages: list[AgentMessageFrame]
    unreadable: bool


class AgentIdentity(TypedDict):
    id: int
    name: str
    status: str
    max_conversations: int


class SnapshotFrame(TypedDict):
    type: Literal["snapshot"]
    agent: AgentIdentity
    queue: list[QueueEntry]
    queue_total: int
    conversations: list[ConversationSummary]
    limits: Limits


class QueueFrame(TypedDict):
    """The head of the queue (at most ``CHAT_QUEUE_FRAME_MAX`` entries) and its length."""

    type: Literal["queue"]
    queue: list[QueueEntry]
    total: int


class AssignedFrame(TypedDict):
    type: Literal["assigned"]
    conversation: ConversationSummary


class ConversationFrame(TypedDict):
    """``unassigned`` and the agent's ``erased``: something happened to one conversation."""

    type: Literal["unassigned", "erased"]
    conversation_id: str


class HistoryFrame(TypedDict):
    type: Literal["history"]
    conversation_id: str
    messages: list[AgentMessageFrame]


class DetailsFrame(TypedDict):
    type: Literal["details"]
    conversation_id: str
    details: dict[str, str]


class PresenceFrame(TypedDict):
    type: Literal["presence"]
    status: str


class EmergencyFrame(TypedDict):
    type: Literal["emergency"]
    conversation_id: str
    emergency: Emergency | None


# Every frame, by (endpoint, direction, type): the reference ``docs/protocol.md`` lists the
# same keys for each (a test compares them).
FRAMES: dict[tuple[str, str, str], type] = {
    ("visitor", "in", "hello"): HelloFrame,
    ("visitor", "in", "start"): StartFrame,
    ("visitor", "in", "message"): VisitorLineFrame,
    ("visitor", "in", "typing"): VisitorTypingFrame,
    ("visitor", "in", "details"): DetailsUpdateFrame,
    ("visitor", "in", "end"): EndFrame,
    ("visitor", "in", "ping"): PingFrame,
    ("visitor", "in", "email_transcript"): EmailTranscriptFrame,
    ("visitor", "in", "forget"): ForgetFrame,
    ("visitor", "in", "rate"): RateFrame,
    ("visitor", "in", "exit"): QuickExitFrame,
    ("visitor", "out", "welcome"): WelcomeFrame,
    ("visitor", "out", "status"): StatusFrame,
    ("visitor", "out", "ack"): AckFrame,
    ("visitor", "out", "message"): VisitorMessageFrame,
    ("visitor", "out", "typing"): TypingToVisitorFrame,
    ("visitor", "out", "error"): ErrorFrame,
    ("visitor", "out", "erased"): SimpleFrame,
    ("visitor", "out", "pong"): SimpleFrame,
    ("visitor", "out", "details_saved"): SimpleFrame,
    ("visitor", "out", "email_code_sent"): EmailCodeSentFrame,
    ("visitor", "out", "transcript_emailed"): SimpleFrame,
    ("visitor", "out", "forgotten"): ForgottenFrame,
    ("visitor", "out", "rated"): SimpleFrame,
    ("agent", "in", "presence"): PresenceRequestFrame,
    ("agent", "in", "accept"): AcceptFrame,
    ("agent", "in", "message"): AgentLineFrame,
    ("agent", "in", "note"): AgentLineFrame,
    ("agent", "in", "typing"): AgentTypingFrame,
    ("agent", "in", "transfer"): TransferFrame,
    ("agent", "in", "close"): CloseFrame,
    ("agent", "in", "history"): HistoryRequestFrame,
    ("agent", "in", "clear_emergency"): ClearEmergencyFrame,
    ("agent", "in", "ping"): PingFrame,
    ("agent", "out", "snapshot"): SnapshotFrame,
    ("agent", "out", "queue"): QueueFrame,
    ("agent", "out", "assigned"): AssignedFrame,
    ("agent", "out", "unassigned"): ConversationFrame,
    ("agent", "out", "erased"): ConversationFrame,
    ("agent", "out", "message"): AgentMessageFrame,
    ("agent", "out", "ack"): AgentAckFrame,
    ("agent", "out", "typing"): TypingToAgentFrame,
    ("agent", "out", "status"): StatusFrame,
    ("agent", "out", "history"): HistoryFrame,
    ("agent", "out", "details"): DetailsFrame,
    ("agent", "out", "presence"): PresenceFrame,
    ("agent", "out", "emergency"): EmergencyFrame,
    ("agent", "out", "error"): ErrorFrame,
    ("agent", "out", "pong"): SimpleFrame,
}


def frame_problems(endpoint: str, frame: dict[str, object]) -> list[str]:
    """What is wrong with a frame the server sent on ``endpoint`` ("visitor" or "agent"),
    judged by ``FRAMES``: missing keys and keys it does not define (empty when none)."""
    frame_type = str(frame.get("type"))
    typed = FRAMES.get((endpoint, "out", frame_type))
    if typed is None:
        return [f"no {endpoint} frame of type {frame_type}"]
    required, optional = set(typed.__required_keys__), set(typed.__optional_keys__)  # type: ignore[attr-defined]
    return [f"{frame_type} lacks {key}" for key in sorted(required - set(frame))] + [
        f"{frame_type} has unknown {key}" for key in sorted(set(frame) - required - optional)
    ]


# ---------- layer events (between processes; never readable content) ----------


class MessageEvent(TypedDict):
    """A stored line; the body travels as the sealed envelope that is stored."""

    type: Literal["chat.message"]
    conversation_id: str
    seq: int
    sender: str
    at: str
    client_id: str | None
    envelope: bytes
    attachment: NotRequired[AttachmentRef]


class StatusEvent(TypedDict):
    type: Literal["chat.status"]
    frame: StatusFrame


class TypingEvent(TypedDict):
    type: Literal["chat.typing"]
    active: bool
    conversation_id: NotRequired[str]


class ConversationEvent(TypedDict):
    """``chat.assigned``, ``chat.unassigned``, ``chat.details`` and an agent's ``chat.erased``."""

    type: Literal["chat.assigned", "chat.unassigned", "chat.details", "chat.erased"]
    conversation_id: str


class EmergencyEvent(TypedDict):
    type: Literal["chat.emergency"]
    conversation_id: str
    category: str


class VisitorErasedEvent(TypedDict):
    type: Literal["chat.erased"]


class QueueEvent(TypedDict):
    type: Literal["chat.queue"]
    queue: list[QueueEntry]
    # Absent from processes older than the cap (a rolling upgrade): the queue is whole.
    total: NotRequired[int]


class KeysDestroyedEvent(TypedDict):
    type: Literal["keys.destroyed"]
    conversation_ids: list[str]


class AgentRevokedEvent(TypedDict):
    """An agent's session ended: the sockets of that session (by the SHA-256 of its key)
    close, or every socket of the agent when ``session`` is None."""

    type: Literal["agent.revoked"]
    session: str | None


# ---------- builders ----------


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def error_frame(
    code: str,
    message: str,
    *,
    ref: str | None = None,
    retry_after: float | None = None,
    limit: int | None = None,
    retryable: bool | None = None,
    attempts_left: int | None = None,
) -> ErrorFrame:
    frame: ErrorFrame = {"type": "error", "code": code, "message": message}
    if ref is not None:
        frame["ref"] = ref
    if retry_after is not None:
        frame["retry_after"] = retry_after
    if limit is not None:
        frame["limit"] = limit
    if retryable is not None:
        frame["retryable"] = retryable
    if attempts_left is not None:
        frame["attempts_left"] = attempts_left
    return frame


# What a client's ``client_id`` may be (regular expression, matched in full).
CLIENT_ID_PATTERN = "[A-Za-z0-9_-]{1,64}"

VISITOR_PHOTOS = "/chat/photos/"
AGENT_PHOTOS = "/console/photos/"


def attachment_ref(info: AttachmentInfo | None) -> AttachmentRef | None:
    if info is None:
        return None
    return {
        "id": str(info.id),
        "content_type": info.content_type,
        "width": info.width,
        "height": info.height,
        "size": info.size,
    }


def attachment_links(ref: AttachmentRef, base: str) -> Attachment:
    """``ref`` with its URLs under ``VISITOR_PHOTOS`` or ``AGENT_PHOTOS``."""
    return {
        **ref,
        "url": f"{base}{ref['id']}/",
        "thumbnail_url": f"{base}{ref['id']}/thumbnail/",
    }


def visitor_message_frame(
    *,
    seq: int,
    sender: str,
    text: str,
    at: str,
    client_id: str | None,
    attachment: AttachmentRef | None = None,
) -> VisitorMessageFrame:
    frame: VisitorMessageFrame = {
        "type": "message",
        "seq": seq,
        "from": sender,
        "text": text,
        "at": at,
    }
    if sender == "visitor" and client_id is not None:
        frame["client_id"] = client_id
    if attachment is not None:
        frame["attachment"] = attachment_links(attachment, VISITOR_PHOTOS)
    return frame


def visitor_frame_from_stored(message: StoredMessage) -> VisitorMessageFrame:
    return visitor_message_frame(
        seq=message.seq,
        sender=message.sender,
        text=message.text or "",
        at=iso(message.at),
        client_id=message.client_id,
        attachment=attachment_ref(message.attachment),
    )


def agent_message_frame(
    *,
    conversation_id: uuid.UUID | str,
    seq: int,
    sender: str,
    text: str | None,
    at: str,
    client_id: str | None,
    state: str = "original",
    attachment: AttachmentRef | None = None,
) -> AgentMessageFrame:
    frame: AgentMessageFrame = {
        "type": "message",
        "conversation_id": str(conversation_id),
        "seq": seq,
        "from": sender,
        "text": text or "",
        "at": at,
    }
    if client_id is not None:
        frame["client_id"] = client_id
    if state != "original":
        frame["state"] = state
    if attachment is not None:
        frame["attachment"] = attachment_links(attachment, AGENT_PHOTOS)
    return frame


def agent_frame_from_stored(message: StoredMessage) -> AgentMessageFrame:
    return agent_message_frame(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=message.text,
        at=iso(message.at),
        client_id=message.client_id,
        state=message.state,
        attachment=attachment_ref(message.attachment),
    )


def status_frame(
    status: str,
    *,
    queue_position: int | None = None,
    agent_name: str | None = None,
    conversation_id: uuid.UUID | str | None = None,
    offline_reason: Literal["closed", "busy"] | None = None,
    hours: Hours | None = None,
) -> StatusFrame:
    frame: StatusFrame = {"type": "status", "status": status}
    if conversation_id is not None:
        frame["conversation_id"] = str(conversation_id)
    if offline_reason is not None:
        frame["reason"] = offline_reason
    if hours is not None:
        frame["hours"] = hours
    if queue_position is not None:
        frame["queue_position"] = queue_position
    if agent_name is not None:
        frame["agent"] = {"name": agent_name}
    return frame
