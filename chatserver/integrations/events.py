"""Recording events in the outbox: the one door the chat's, wrap-up's and casework's
actions call, inside their own transaction.

``record`` writes the event and one delivery per active endpoint subscribed to its type in
the caller's transaction, so an event is committed with its change or not at all: a change
rolled back sends nothing, and a committed one is delivered by the worker even after a
crash. Payloads hold ids, times, the team, topic, language, wrap-up choices and case facts:
never text or a visitor's details (``delivery`` adds those, from the sealed record, for an
endpoint allowed them).
"""

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from chatserver.chat.models import LiveConversation
from chatserver.integrations import kinds
from chatserver.integrations.models import Delivery, Endpoint, OutboxEvent
from chatserver.wrapup.models import WrapUp

Facts = dict[str, Any]


class OutsideTransaction(RuntimeError):
    """``record`` was called outside a transaction: the event could outlive a rollback."""


def when(moment: datetime | None) -> str | None:
    """A time as the payloads write it: ISO 8601 in UTC."""
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _subscribers(event_type: str, endpoint: Endpoint | None) -> Iterable[Endpoint]:
    if endpoint is not None:
        return [endpoint] if endpoint.active else []
    if event_type == kinds.HOUSING_SUMMARY:
        return []
    return [e for e in Endpoint.objects.filter(active=True) if event_type in e.event_types]


def record(
    event_type: str,
    payload: Facts,
    *,
    conversation_id: uuid.UUID | str | None = None,
    once_key: str | None = None,
    endpoint: Endpoint | None = None,
) -> OutboxEvent | None:
    """Writes the event and its deliveries in the caller's transaction (which it must be
    in). ``endpoint`` sends it to that endpoint only (an agent's summary); ``once_key``
    makes a second event with the same key a no-op (None)."""
    if event_type not in kinds.EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    if not connection.in_atomic_block:
        raise OutsideTransaction("events are recorded in the transaction of their change")
    now = timezone.now()
    row = OutboxEvent(
        type=event_type,
        payload=payload,
        conversation_id=conversation_id,
        once_key=once_key,
        created_at=now,
    )
    if once_key is None:
        row.save(force_insert=True)
    else:
        # A savepoint only here: a duplicate key must not break the caller's transaction.
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:
            return None
    event = row
    Delivery.objects.bulk_create(
        Delivery(event=event, endpoint=target, next_attempt_at=now)
        for target in _subscribers(event_type, endpoint)
    )
    return event


def conversation_facts(conversation_id: uuid.UUID | str) -> Facts:
    """A conversation's non-personal facts: its id, times, status, team, topic, language."""
    live = (
        LiveConversation.objects.select_related("conversation", "team", "topic")
        .filter(conversation_id=conversation_id)
        .first()
    )
    if live is None:
        return {"conversation_id": str(conversation_id)}
    return {
        "conversation_id": str(conversation_id),
        "created_at": when(live.conversation.created_at),
        "status": live.status,
        "team": {"id": live.team.pk, "name": live.team.name} if live.team else None,
        "topic": live.topic.slug if live.topic else None,
        "language": live.language,
        "agent_id": live.assigned_agent_id,
    }


def wrap_up_facts(conversation_id: uuid.UUID | str) -> Facts | None:
    """The conversation's wrap-up as choices (slugs), or None without one."""
    wrap_up = (
        WrapUp.objects.select_related("reason", "outcome")
        .filter(conversation_id=conversation_id)
        .first()
    )
    if wrap_up is None:
        return None
    return {
        "reason": wrap_up.reason.slug,
        "outcome": wrap_up.outcome.slug,
        "tags": sorted(wrap_up.tags.values_list("slug", flat=True)),
        "wrapped_at": when(wrap_up.wrapped_at),
    }


def conversation_event(
    event_type: str, conversation_id: uuid.UUID | str, **facts: Any
) -> OutboxEvent | None:
    """Records an event about a conversation: its facts now, and ``facts`` besides."""
    payload = {**conversation_facts(conversation_id), **facts}
    return record(event_type, payload, conversation_id=conversation_id)


def case_event(event_type: str, case: Any, **facts: Any) -> OutboxEvent | None:
    """Records an event about a case (``casework.models.Case``): its facts and ``facts``."""
    payload: Facts = {
        "case_reference": case.shown_reference,
        "kind": case.kind,
        "severity": case.severity or None,
        "category": case.category or None,
        "stage": case.stage,
        "aware_at": when(case.aware_at),
        "recorded_at": when(case.recorded_at),
        "closed_at": when(case.closed_at),
        "outcome": case.outcome or None,
        "team": {"id": case.team.pk, "name": case.team.name} if case.team else None,
        "conversation_id": str(case.conversation_id) if case.conversation_id else None,
        **facts,
    }
    return record(event_type, payload, conversation_id=case.conversation_id)
