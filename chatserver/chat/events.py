"""Frames sent to clients, built in one place per audience.

Visitors never see internal notes, agents' ids or the visitor's own
diagnostics; agents see everything about their conversations.
"""

import uuid
from typing import Any

from transcripts.store import StoredMessage

# Error codes of the protocol contract.
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

# Close codes of the protocol contract.
CLOSE_PROTOCOL = 4400
CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_FLOODING = 4429
CLOSE_IDLE = 4408


def error_frame(code: str, message: str, *, ref: str | None = None, **extra: Any) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if ref is not None:
        frame["ref"] = ref
    frame.update(extra)
    return frame


def iso(moment: Any) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def visitor_message_frame(
    *, seq: int, sender: str, text: str, at: str, client_id: str | None
) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "message", "seq": seq, "from": sender, "text": text, "at": at}
    if sender == "visitor" and client_id is not None:
        frame["client_id"] = client_id
    return frame


def visitor_frame_from_stored(message: StoredMessage) -> dict[str, Any]:
    return visitor_message_frame(
        seq=message.seq,
        sender=message.sender,
        text=message.text or "",
        at=iso(message.at),
        client_id=message.client_id,
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
) -> dict[str, Any]:
    frame: dict[str, Any] = {
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
    return frame


def agent_frame_from_stored(message: StoredMessage) -> dict[str, Any]:
    return agent_message_frame(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=message.text,
        at=iso(message.at),
        client_id=message.client_id,
        state=message.state,
    )


def status_frame(
    status: str,
    *,
    queue_position: int | None = None,
    agent_name: str | None = None,
    conversation_id: uuid.UUID | str | None = None,
) -> dict[str, Any]:
    frame: dict[str, Any] = {"type": "status", "status": status}
    if conversation_id is not None:
        frame["conversation_id"] = str(conversation_id)
    if queue_position is not None:
        frame["queue_position"] = queue_position
    if agent_name is not None:
        frame["agent"] = {"name": agent_name}
    return frame
