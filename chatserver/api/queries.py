"""What the API reads: conversations and cases as plain dicts for ``schemas``, with the
personal parts (the visitor's details, the chat's lines) only when asked by a token whose
scope allows them. Reads only: nothing here writes.

A token reads as the supervisor who made it would: every team's chats (a supervisor may
read a restricted team's and special-category ones), so no chat is filtered out here.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet

from chatserver.casework.models import Case, CaseStep
from chatserver.casework.queries import steps_in_order
from chatserver.chat import stored_frames
from chatserver.wrapup.models import WrapUp
from locality.days import start_of
from transcripts.record import store
from transcripts.record.errors import CryptoError
from transcripts.record.models import Conversation


def conversations() -> QuerySet[Conversation]:
    """Every conversation, newest first, with what its summary reads joined."""
    return (
        Conversation.objects.select_related(
            "live__team", "live__topic", "wrap_up__reason", "wrap_up__outcome"
        )
        .prefetch_related("wrap_up__tags", Prefetch("cases", Case.objects.order_by("aware_at")))
        .order_by("-created_at", "pk")
    )


def filtered(
    status: str | None, started_from: date | None, started_to: date | None
) -> QuerySet[Conversation]:
    """Those of a status, started on or after ``started_from`` and on or before ``started_to``
    (local days)."""
    chosen = conversations()
    if status:
        chosen = chosen.filter(live__status=status)
    if started_from:
        chosen = chosen.filter(created_at__gte=start_of(started_from))
    if started_to:
        chosen = chosen.filter(created_at__lt=start_of(started_to + timedelta(days=1)))
    return chosen


def conversation(conversation_id: uuid.UUID) -> Conversation | None:
    return conversations().filter(pk=conversation_id).first()


def _named(row: Any) -> dict[str, str]:
    return {"code": row.slug, "label": row.label}


def _wrap_up(conversation: Conversation) -> dict[str, Any] | None:
    wrap_up: WrapUp | None = getattr(conversation, "wrap_up", None)
    if wrap_up is None:
        return None
    return {
        "reason": _named(wrap_up.reason),
        "outcome": _named(wrap_up.outcome),
        "tags": [_named(tag) for tag in wrap_up.tags.all()],
        "wrapped_at": wrap_up.wrapped_at,
    }


def _details(conversation: Conversation) -> dict[str, Any]:
    try:
        details = store.read_details(conversation.pk)
    except CryptoError:
        return {"name": None, "email": None, "address": None, "erased": False}
    return {
        "name": details.name,
        "email": details.email,
        "address": details.address,
        "erased": details.erased,
    }


def summary(conversation: Conversation, *, personal: bool) -> dict[str, Any]:
    """A conversation's facts; its visitor's details only when ``personal``."""
    live = conversation.live
    return {
        "id": conversation.pk,
        "status": live.status,
        "started_at": conversation.created_at,
        "closed_at": conversation.closed_at,
        "ended_by": live.ended_by or None,
        "language": live.language,
        "team": live.team.name if live.team is not None else None,
        "topic": live.topic.slug if live.topic is not None else None,
        "assigned_agent_id": live.assigned_agent_id,
        "emergency": live.emergency or None,
        "special_category": conversation.special_category,
        "wrap_up": _wrap_up(conversation),
        "cases": [case.shown_reference for case in conversation.cases.all()],
        "details": _details(conversation) if personal else None,
    }


def detail(conversation: Conversation, *, personal: bool) -> dict[str, Any]:
    """``summary`` and, when ``personal``, the chat's lines (internal notes left out: they
    are the staff's, not the record a landlord's system files)."""
    found = summary(conversation, personal=personal)
    lines = None
    if personal:
        lines = stored_frames.readable_messages(conversation.pk, include_notes=False)
    found["messages_unreadable"] = personal and lines is None
    found["messages"] = (
        [
            {"seq": line.seq, "sender": line.sender, "text": line.text, "at": line.at}
            for line in lines
        ]
        if lines is not None
        else None
    )
    return found


def cases(is_open: bool | None, kind: str | None) -> QuerySet[Case]:
    chosen = Case.objects.select_related("team").prefetch_related(
        Prefetch("steps", CaseStep.objects.all())
    )
    if is_open is not None:
        chosen = chosen.filter(closed_at__isnull=is_open)
    if kind:
        chosen = chosen.filter(kind=kind)
    return chosen.order_by("-aware_at", "pk")


def case_facts(case: Case) -> dict[str, Any]:
    """A case's non-personal facts and its steps (casework keeps nothing else)."""
    return {
        "reference": case.shown_reference,
        "kind": case.kind,
        "severity": case.severity,
        "category": case.category,
        "stage": case.stage,
        "conversation_id": case.conversation_id,
        "team": case.team.name if case.team is not None else None,
        "aware_at": case.aware_at,
        "recorded_at": case.recorded_at,
        "closed_at": case.closed_at,
        "outcome": case.outcome,
        "steps": [
            {
                "step": step.step,
                "stage": step.stage,
                "due_by": step.due_by,
                "done_at": step.done_at,
                "extended_days": step.extended_days,
            }
            for step in steps_in_order(case)
        ],
    }
