"""The DPO's search for a data subject's conversations, and starting a request from it.

A subject is found by the blind index of their email, full name, surname, postal address
or postcode (as given in the visitor's details), of a UK phone number or a tenancy or rent
reference they wrote in the chat, or by the reference of their "Ask us to forget" receipt.
Nobody's data is opened: the indexes are compared, never the values. Each search is
audited with the kind searched and the counts found; never the value, nor its index.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count

from transcripts.compliance import audit, references
from transcripts.compliance.models import RequestConversations, SubjectRequest
from transcripts.record import store
from transcripts.record.models import Conversation, Message

# Every kind of search, as the DPO's form names it.
KINDS = {
    "name": "Full name",
    "surname": "Surname",
    "email": "Email",
    "address": "Postal address",
    "postcode": "Postcode",
    "phone": "Phone number written in the chat",
    "tenancy": "Tenancy or rent reference",
    "reference": "Request reference (from our letter or an “Ask us to forget” receipt)",
}


@dataclass(frozen=True)
class Found:
    """A matching conversation, as the results list it: its id, dates, state, how many
    lines it has, the agents who wrote in it and the detail matched. Enough to tell a
    subject's conversations from a namesake's without showing any of their details."""

    conversation_id: uuid.UUID
    started: datetime
    closed: datetime | None
    state: str
    lines: int = 0
    agents: tuple[str, ...] = ()
    matched: str = ""


@dataclass(frozen=True)
class SearchResult:
    kind: str
    conversations: list[Found]
    requests: list[SubjectRequest]


def _state(conversation: Conversation) -> str:
    if conversation.erased_at:
        return "erased"
    return "masked" if conversation.aged_at else "original"


def _lines_and_agents(
    ids: list[uuid.UUID],
) -> tuple[dict[uuid.UUID, int], dict[uuid.UUID, set[str]]]:
    """Each conversation's count of visitor's and agents' lines, and its agents' account
    names: two queries for the whole list, nothing sealed opened."""
    spoken = Message.objects.filter(
        conversation_id__in=ids, sender__in=[Message.Sender.VISITOR, Message.Sender.AGENT]
    )
    lines = dict(
        spoken.values("conversation_id")
        .annotate(count=Count("seq"))
        .values_list("conversation_id", "count")
    )
    agents: dict[uuid.UUID, set[str]] = {}
    authored = spoken.filter(sender=Message.Sender.AGENT).exclude(author=None)
    for conversation_id, username in authored.values_list(
        "conversation_id", "author__username"
    ).distinct():
        agents.setdefault(conversation_id, set()).add(username)
    return lines, agents


def _matching_ids(kind: str, value: str) -> tuple[list[uuid.UUID], list[SubjectRequest]]:
    if kind == "email":
        return store.find_conversation_ids_by_email(value), []
    if kind == "reference":
        requests = references.find_requests(value)
        linked = RequestConversations.objects.filter(request__in=requests)
        ids = linked.exclude(conversations=None).values_list("conversations", flat=True)
        return list(ids), requests
    return store.find_conversation_ids_by_detail(kind, value), []


def do_search_subject(kind: str, value: str, *, actor_id: int | None) -> SearchResult:
    """The conversations (and, by a receipt's reference, the requests) found, oldest
    first; audited. Raises ``ValueError`` for a kind not in ``KINDS`` (not audited)."""
    if kind not in KINDS:
        raise ValueError(f"unknown search kind {kind!r}")
    with transaction.atomic():
        ids, requests = _matching_ids(kind, value)
        lines, agents = _lines_and_agents(ids)
        found = [
            Found(
                conversation.pk,
                conversation.created_at,
                conversation.closed_at,
                _state(conversation),
                lines=lines.get(conversation.pk, 0),
                agents=tuple(sorted(agents.get(conversation.pk, ()))),
                matched=KINDS[kind],
            )
            for conversation in Conversation.objects.filter(pk__in=ids).order_by("created_at")
        ]
        audit.record(
            audit.SUBJECT_SEARCHED,
            actor_id=actor_id,
            kind=kind,
            conversations=len(found),
            requests=len(requests),
        )
    return SearchResult(kind=kind, conversations=found, requests=requests)
