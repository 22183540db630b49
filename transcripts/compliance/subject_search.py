"""The DPO's search for a data subject's conversations, and starting a request from it.

A subject is found by the blind index of their email, full name, surname, postal address
or postcode (as given in the visitor's details), of a UK phone number they wrote in the
chat, or by the reference of their "Ask us to forget" receipt. Nobody's data is opened:
the indexes are compared, never the values. Each search is audited with the kind searched
and the counts found; never the value, nor its index.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from transcripts.compliance import audit, references
from transcripts.compliance.models import RequestConversations, SubjectRequest
from transcripts.record import store
from transcripts.record.models import Conversation

# Every kind of search, as the DPO's form names it.
KINDS = {
    "name": "Full name",
    "surname": "Surname",
    "email": "Email",
    "address": "Postal address",
    "postcode": "Postcode",
    "phone": "Phone number written in the chat",
    "reference": "Request reference (from our letter or an “Ask us to forget” receipt)",
}


@dataclass(frozen=True)
class Found:
    """A matching conversation, as the results list it: its id, dates and state."""

    conversation_id: uuid.UUID
    started: datetime
    closed: datetime | None
    state: str


@dataclass(frozen=True)
class SearchResult:
    kind: str
    conversations: list[Found]
    requests: list[SubjectRequest]


def _state(conversation: Conversation) -> str:
    if conversation.erased_at:
        return "erased"
    return "masked" if conversation.aged_at else "original"


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
        found = [
            Found(
                conversation.pk,
                conversation.created_at,
                conversation.closed_at,
                _state(conversation),
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
