"""The body an endpoint receives: the event's facts, and the personal fields it is allowed.

An event's payload in the outbox holds no personal data. A visitor's details and the chat's
text are read from the sealed record here, when the body is sent, and only those the
endpoint was allowed one by one (an agent's summary: only those the agent ticked, too). So
nothing personal rests in the outbox, and an erased chat's details are no longer sent.
The chat's text of a conversation holding special-category data is never sent.
"""

import json
from typing import Any

from chatserver.integrations import kinds
from chatserver.integrations.models import Endpoint, OutboxEvent
from transcripts.record import store
from transcripts.record.models import Conversation, Message

# Only these events carry the visitor's details or the chat's text, when allowed.
PERSONAL_EVENTS = frozenset(
    {
        kinds.CONVERSATION_CLOSED,
        kinds.MESSAGE_LEFT,
        kinds.CONVERSATION_CREATED,
        kinds.HOUSING_SUMMARY,
    }
)
DETAIL_FIELDS = (kinds.NAME, kinds.EMAIL, kinds.ADDRESS)


def fields_to_send(event: OutboxEvent, endpoint: Endpoint) -> set[str]:
    """The personal fields this event carries to this endpoint."""
    if event.type not in PERSONAL_EVENTS or event.conversation_id is None:
        return set()
    allowed = set(endpoint.allowed_fields) & set(kinds.PERSONAL_FIELDS)
    if event.type == kinds.HOUSING_SUMMARY:
        allowed &= set(event.payload.get("ticked_fields", []))
    return allowed


def _transcript(conversation_id: Any) -> list[dict[str, Any]] | None:
    conversation = Conversation.objects.filter(pk=conversation_id).first()
    if conversation is None or conversation.special_category:
        return None
    return [
        {"seq": line.seq, "sender": line.sender, "at": line.at.isoformat(), "text": line.text}
        for line in store.read_messages(conversation_id, include_notes=False)
        if line.text is not None and line.sender != Message.Sender.NOTE
    ]


def personal_data(event: OutboxEvent, endpoint: Endpoint) -> dict[str, Any]:
    """The allowed personal fields of the event's conversation, read from the record now."""
    wanted = fields_to_send(event, endpoint)
    if not wanted or event.conversation_id is None:
        return {}
    extra: dict[str, Any] = {}
    if wanted & set(DETAIL_FIELDS):
        details = store.read_details(event.conversation_id)
        extra["visitor"] = {
            field: getattr(details, field) for field in DETAIL_FIELDS if field in wanted
        }
    if kinds.TRANSCRIPT in wanted:
        extra["transcript"] = _transcript(event.conversation_id)
    return extra


def body(event: OutboxEvent, endpoint: Endpoint) -> bytes:
    """The JSON body of the event for the endpoint (Standard Webhooks' type/timestamp/data)."""
    data = {**event.payload, **personal_data(event, endpoint)}
    data.pop("ticked_fields", None)
    document = {"type": event.type, "timestamp": event.created_at.isoformat(), "data": data}
    return json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
