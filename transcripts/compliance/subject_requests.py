"""The subject-request register: starting a request for some conversations, extending
its deadline, withholding lines and photos from an access export, and completing the
kinds of request that need no export or erasure.

Each action owns its transaction and its audit entry. A withholding's note is the DPO's
own words, sealed under its conversation's data key (so an erasure destroys it too) and
never logged or audited.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from transcripts.compliance import audit
from transcripts.compliance.deadlines import extended_deadline, statutory_deadline
from transcripts.compliance.models import SubjectRequest, Withholding
from transcripts.record import sealing
from transcripts.record.errors import ConversationErased, CryptoError
from transcripts.record.models import Attachment, Conversation, Message

NOTE_MAX_LENGTH = 500


class RequestRefused(Exception):
    """The action does not apply to this request as it stands (the message says why)."""


def start_request(
    kind: str,
    conversation_ids: Iterable[uuid.UUID | str],
    *,
    received_on: date | None = None,
    actor_id: int | None = None,
    source: str = SubjectRequest.Source.DPO,
    email_index: tuple[str, str] = ("", ""),
) -> SubjectRequest:
    """Registers a request about these conversations (found by email or by a search),
    due one calendar month after it was received."""
    if kind not in SubjectRequest.Kind.values:
        raise RequestRefused(f"unknown kind of request {kind!r}")
    received_on = received_on or timezone.localdate()
    key_id, digest = email_index
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            kind=kind,
            source=source,
            email_index=digest,
            email_index_key_id=key_id,
            received_on=received_on,
            deadline=statutory_deadline(received_on),
            created_by_id=actor_id,
        )
        found = list(Conversation.objects.filter(pk__in=list(conversation_ids)))
        request.in_scope.set(found)
        audit.record(
            audit.SUBJECT_REQUEST_RECEIVED,
            actor_id=actor_id,
            request_id=request.id,
            kind=kind,
            deadline=request.deadline.isoformat(),
            conversations=len(found),
        )
    return request


def add_to_scope(request: SubjectRequest, conversation_ids: Iterable[uuid.UUID | str]) -> None:
    """Adds conversations to a request (one recorded before they were kept with it)."""
    request.in_scope.add(*Conversation.objects.filter(pk__in=list(conversation_ids)))


def _open(request_id: uuid.UUID | str) -> SubjectRequest:
    """The request, locked; refused once completed."""
    request = SubjectRequest.objects.select_for_update().get(pk=request_id)
    if request.completed_at is not None:
        raise RequestRefused("This request is already completed.")
    return request


def extend(
    request_id: uuid.UUID | str,
    reason: str,
    *,
    actor_id: int | None = None,
    today: date | None = None,
) -> SubjectRequest:
    """Extends the deadline by two further months, once, within the first month."""
    if reason not in SubjectRequest.Extension.values:
        raise RequestRefused("Choose why the request needs more time.")
    today = today or timezone.localdate()
    with transaction.atomic():
        request = _open(request_id)
        if request.extension:
            raise RequestRefused("This request has already been extended.")
        if today > statutory_deadline(request.received_on):
            raise RequestRefused("A deadline can only be extended before it has passed.")
        request.extension = reason
        request.deadline = extended_deadline(request.received_on)
        request.save(update_fields=["extension", "deadline"])
        audit.record(
            audit.SUBJECT_REQUEST_EXTENDED,
            actor_id=actor_id,
            request_id=request.id,
            reason=reason,
            deadline=request.deadline.isoformat(),
        )
    return request


@dataclass(frozen=True)
class Withheld:
    """What to leave out of a request's export: (conversation id, seq) pairs per part."""

    lines: frozenset[tuple[str, int]]
    photos: frozenset[tuple[str, int]]
    reasons: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.lines) + len(self.photos)


def withheld_items(request: SubjectRequest) -> Withheld:
    rows = list(request.withheld.all())

    def of(part: str) -> frozenset[tuple[str, int]]:
        return frozenset((str(row.conversation_id), row.seq) for row in rows if row.part == part)

    reasons = tuple(sorted({row.reason for row in rows}))
    return Withheld(of(Withholding.Part.LINE), of(Withholding.Part.PHOTO), reasons)


def omit_withheld(exported: dict[str, Any], withheld: Withheld) -> dict[str, Any]:
    """An exported conversation without its withheld lines and photos."""
    key = exported["id"]
    return exported | {
        "messages": [m for m in exported["messages"] if (key, m["seq"]) not in withheld.lines],
        "photos": [p for p in exported["photos"] if (key, p["seq"]) not in withheld.photos],
    }


def _check_item(request: SubjectRequest, conversation_id: str, part: str, seq: int) -> None:
    if request.kind != SubjectRequest.Kind.ACCESS:
        raise RequestRefused("Only an access request has an export to withhold from.")
    if not request.in_scope.filter(pk=conversation_id).exists():
        raise RequestRefused("That conversation is not part of this request.")
    items = Attachment.objects if part == Withholding.Part.PHOTO else Message.objects
    if not items.filter(conversation_id=conversation_id, seq=seq).exists():
        raise RequestRefused("There is no such line or photo in that conversation.")


def withhold(
    request_id: uuid.UUID | str,
    *,
    conversation_id: str,
    part: str,
    seq: int,
    reason: str,
    note: str,
    actor_id: int | None = None,
) -> Withholding:
    """Leaves a line or photo out of an access request's export, with the reason."""
    if part not in Withholding.Part.values or reason not in Withholding.Reason.values:
        raise RequestRefused("Choose what to withhold and why.")
    if len(note) > NOTE_MAX_LENGTH:
        raise RequestRefused(f"Keep the note under {NOTE_MAX_LENGTH} characters.")
    with transaction.atomic():
        request = _open(request_id)
        _check_item(request, conversation_id, part, seq)
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if conversation.erased_at is not None:
            raise ConversationErased("the conversation was erased: nothing is left to withhold")
        withholding, _made = Withholding.objects.update_or_create(
            request=request,
            conversation=conversation,
            part=part,
            seq=seq,
            defaults={"reason": reason, "withheld_by_id": actor_id, "note": None},
        )
        if note:
            with sealing.Sealer(conversation) as sealer:
                withholding.note = sealer.seal(sealing.encode(note), _note_aad(withholding))
            withholding.save(update_fields=["note"])
        audit.record(
            audit.SUBJECT_REQUEST_WITHHELD,
            actor_id=actor_id,
            conversation_id=conversation.pk,
            request_id=request.id,
            part=part,
            seq=seq,
            reason=reason,
        )
    return withholding


def _note_aad(withholding: Withholding) -> bytes:
    return sealing.field_aad(withholding.conversation_id, "withholding", withholding.pk, "note")


def read_note(withholding: Withholding) -> str | None:
    """The DPO's note, or None when there is none or its conversation's key is gone."""
    if withholding.note is None:
        return None
    try:
        return sealing.StoredKeys().open(
            withholding.conversation_id, withholding.note, _note_aad(withholding)
        )
    except CryptoError:
        return None


def restore(request_id: uuid.UUID | str, withholding_id: str, *, actor_id: int | None) -> None:
    """Puts a withheld line or photo back into the export."""
    with transaction.atomic():
        request = _open(request_id)
        withholding = Withholding.objects.get(pk=withholding_id, request=request)
        withholding.delete()
        audit.record(
            audit.SUBJECT_REQUEST_RESTORED,
            actor_id=actor_id,
            conversation_id=withholding.conversation_id,
            request_id=request.id,
            part=withholding.part,
            seq=withholding.seq,
        )


ANSWERED_BY_HAND = (
    SubjectRequest.Kind.RECTIFICATION,
    SubjectRequest.Kind.RESTRICTION,
    SubjectRequest.Kind.OBJECTION,
)
HAND_OUTCOMES = (
    SubjectRequest.Outcome.DONE,
    SubjectRequest.Outcome.PARTLY,
    SubjectRequest.Outcome.REFUSED,
)


def complete(
    request_id: uuid.UUID | str, outcome: str, *, actor_id: int | None = None
) -> SubjectRequest:
    """Records how a rectification, restriction or objection was answered, completing it."""
    with transaction.atomic():
        request = _open(request_id)
        if request.kind not in ANSWERED_BY_HAND:
            raise RequestRefused("An access or erasure request is completed by its own step.")
        if outcome not in HAND_OUTCOMES:
            raise RequestRefused("Choose how the request was answered.")
        mark_completed(request, outcome, request.in_scope.count())
        audit.record(
            audit.SUBJECT_REQUEST_COMPLETED,
            actor_id=actor_id,
            request_id=request.id,
            kind=request.kind,
            outcome=outcome,
        )
    return request


def mark_completed(request: SubjectRequest, outcome: str, conversations: int) -> None:
    """Completes a request now, with its outcome and the number of conversations."""
    request.completed_at = timezone.now()
    request.outcome = outcome
    request.conversations = conversations
    SubjectRequest.objects.filter(pk=request.pk).update(
        completed_at=request.completed_at, outcome=outcome, conversations=conversations
    )
