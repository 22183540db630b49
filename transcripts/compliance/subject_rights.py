"""Data subject rights: access exports, erasure, and the request register.

A subject is found by the blind index of their email (``store``), so nobody
else's data is decrypted. Exports hold everything stored about the subject's
conversations; erasure crypto-shreds them. Audit entries and receipts carry the
request id and counts, never the email.
"""

import dataclasses
import io
import json
import logging
import uuid
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import dateformat, timezone

from locality import languages
from transcripts.compliance import (
    audit,
    export_page,
    export_sections,
    holds,
    letter,
    references,
    subject_requests,
)
from transcripts.compliance.models import AuditEntry, SubjectRequest
from transcripts.record import blind_index, store
from transcripts.record.models import Attachment, Conversation
from transcripts.record.personal_data import EXPORTED_RECORDS

logger = logging.getLogger(__name__)


class HeldConversations(Exception):
    """Some of the subject's conversations are under an active legal hold; a visitor's
    refused "forget" carries its open request's ``reference``."""

    def __init__(self, held: list[Conversation], reference: str = "") -> None:
        super().__init__(f"{len(held)} conversations are on legal hold")
        self.held = held
        self.reference = reference


@dataclass(frozen=True)
class Receipt:
    request_id: uuid.UUID
    kind: str
    conversations: int
    at: datetime
    reference: str = ""  # a visitor's "Ask us to forget" receipt's (``references``)

    def text(self) -> str:
        """The receipt as a sentence, its time in the local time zone."""
        counted = {0: "no conversations", 1: "1 conversation"}.get(
            self.conversations, f"{self.conversations} conversations"
        )
        when = dateformat.format(timezone.localtime(self.at), r"j F Y \a\t H:i")
        named = self.reference or self.request_id
        return f"{self.kind.title()} request {named}: {counted}, completed on {when}."


def register_request(
    kind: str,
    email: str,
    *,
    received_on: date | None = None,
    actor_id: int | None = None,
    source: str = SubjectRequest.Source.DPO,
) -> SubjectRequest:
    """A request about the conversations the email is linked to (found once, here: the
    DPO does not type the email again to answer it)."""
    return subject_requests.start_request(
        kind,
        store.find_conversation_ids_by_email(email) if email else [],
        received_on=received_on,
        actor_id=actor_id,
        source=source,
        email_index=blind_index.email_index(email) if email else ("", ""),
    )


class RequestKeyRetired(Exception):
    """The request's email index was made under a master key no longer in the ring."""


def matches_request(request: SubjectRequest, email: str) -> bool:
    """Whether the email re-entered by the DPO is the one the request was made for.

    Raises ``RequestKeyRetired`` when the index cannot be checked any more: the
    key it was made under has left the ring, so the request must be registered
    again (its deadline runs from when it was received, which is kept).
    """
    if not email:
        return False
    key_id = request.email_index_key_id
    if key_id and not blind_index.is_index_key(key_id):
        raise RequestKeyRetired(
            f"Request {request.id} was registered under master key {key_id!r}, which is no "
            "longer in TRANSCRIPT_KEYS: register it again with the same received date."
        )
    return request.email_index in blind_index.email_index_candidates(email)


def _complete(request: SubjectRequest, outcome: str, conversations: int) -> Receipt:
    subject_requests.mark_completed(request, outcome, conversations)
    at = request.completed_at or timezone.now()
    return Receipt(request.id, request.kind, conversations, at, reference=request.reference)


def _conversation_export(conversation: Conversation) -> dict[str, Any]:
    live = export_sections.live_data(conversation)
    exported: dict[str, Any] = {
        "id": str(conversation.pk),
        "started": conversation.created_at.isoformat(),
        "closed": conversation.closed_at.isoformat() if conversation.closed_at else None,
        "language": live["language"],
        "state": "erased"
        if conversation.erased_at
        else "masked"
        if conversation.aged_at
        else "original",
    }
    for record in EXPORTED_RECORDS:
        values = store.read_record(record, conversation.pk) or {}
        exported[str(record.export_key)] = {
            field: values.get(field) for field in record.sealed_fields
        }
    return exported | {
        "disclosures": _disclosures_export(conversation),
        "emergency_flags": live["emergency_flags"],
        "rating": live["rating"],
        "handled_by": live["handled_by"],
        "messages": _messages_export(conversation),
        "photos": [
            {"seq": photo.seq, "file": photo_file_name(photo)}
            for photo in Attachment.objects.filter(conversation=conversation).order_by("seq")
        ],
        "read_by": _reads_export(conversation),
    }


def _disclosures_export(conversation: Conversation) -> list[dict[str, str]]:
    return [
        {
            "to": disclosure.recipient,
            "lawful_basis": disclosure.get_lawful_basis_display(),
            "reference": disclosure.reference,
            "what": disclosure.get_scope_display(),
            "at": disclosure.disclosed_at.isoformat(),
        }
        for disclosure in conversation.disclosures.all()
    ]


def _staff_name(user: AbstractBaseUser) -> str:
    """How the export names a staff member: their full name, else their username."""
    return str(user.get_full_name() or user.get_username())  # type: ignore[attr-defined]


def _messages_export(conversation: Conversation) -> list[dict[str, Any]]:
    """The lines, each staff line with the name of the staff member who wrote it."""
    messages = store.read_messages(conversation.pk)
    writers = get_user_model().objects.in_bulk(
        {message.author_id for message in messages if message.sender in ("agent", "note")} - {None}
    )
    exported = []
    for message in messages:
        line: dict[str, Any] = {
            "seq": message.seq,
            "from": "internal note by staff" if message.sender == "note" else message.sender,
            "at": message.at.isoformat(),
            "text": message.text,
            "state": message.state,
        }
        writer = writers.get(message.author_id) if message.author_id is not None else None
        if writer is not None and message.sender in ("agent", "note"):
            line["by"] = _staff_name(writer)
        exported.append(line)
    return exported


def _reads_export(conversation: Conversation) -> list[dict[str, Any]]:
    """Who read the transcript, when and for what reason, as the audit trail recorded it."""
    reads = AuditEntry.objects.filter(
        conversation_id=conversation.pk, action=audit.TRANSCRIPT_READ
    ).select_related("actor")
    return [
        {
            "who": _staff_name(entry.actor) if entry.actor else "system",
            "at": entry.at.isoformat(),
            "reason": entry.detail.get("reason"),
        }
        for entry in reads
    ]


def photo_file_name(photo: Attachment) -> str:
    return f"photos/{photo.conversation_id}-{photo.seq}.{photo.extension}"


def _photo_files(
    conversations: Iterable[Conversation], omit: Collection[tuple[str, int]]
) -> Iterator[tuple[str, bytes]]:
    """The subject's photos (those not destroyed nor omitted), as files for the zip."""
    for photo in Attachment.objects.filter(conversation__in=list(conversations)).order_by(
        "conversation_id", "seq"
    ):
        if (str(photo.conversation_id), photo.seq) in omit:
            continue
        data = store.read_photo(photo, "image")
        if data is not None:
            yield photo_file_name(photo), data


def export_subject(
    email: str,
    request: SubjectRequest,
    actor_id: int | None = None,
    *,
    language: str | None = None,
) -> bytes:
    """The export of the conversations the email is linked to and those of the request."""
    ids = set(store.find_conversation_ids_by_email(email))
    ids |= set(request.in_scope.values_list("pk", flat=True))
    return _export(list(Conversation.objects.filter(pk__in=ids)), request, actor_id, language)


def release_access(
    request: SubjectRequest, actor_id: int | None = None, *, language: str | None = None
) -> bytes:
    """Releases a reviewed access request: its export, without what was withheld."""
    return _export(list(request.in_scope.all()), request, actor_id, language)


def _export(
    conversations: list[Conversation],
    request: SubjectRequest,
    actor_id: int | None,
    language: str | None,
) -> bytes:
    """A zip of ``export.json`` and ``export.html`` (a letter to the subject, in
    ``language``, by default that of their latest conversation) and the photos; the
    request is completed. Withheld lines and photos are left out and counted."""
    conversations.sort(key=lambda conversation: conversation.created_at)
    withheld = subject_requests.withheld_items(request)
    exported = [
        subject_requests.omit_withheld(_conversation_export(conversation), withheld)
        for conversation in conversations
    ]
    chosen = language or (exported[-1]["language"] if exported else settings.LANGUAGE_CODE)
    with languages.speaking(chosen):
        document = {
            "organisation": settings.CHAT_ORGANISATION_NAME,
            "request_id": str(request.id),
            "generated": timezone.now().isoformat(),
            "email_use": str(export_page.EMAIL_USE),
            "withheld": {"items": withheld.count, "reasons": list(withheld.reasons)},
            "conversations": exported,
        }
        page = letter.export_letter(exported, request, withheld)
    zipped = _archive(document, page, conversations, omit=withheld.photos)
    receipt = _complete(request, SubjectRequest.Outcome.RELEASED, len(exported))
    audit.record(
        "subject_access_export",
        actor_id=actor_id,
        request_id=request.id,
        conversations=len(exported),
        withheld=withheld.count,
    )
    logger.info(
        "Subject access request %s exported %s conversations", request.id, receipt.conversations
    )
    return zipped


def _archive(
    document: dict[str, Any],
    page: str,
    conversations: Iterable[Conversation],
    *,
    omit: Collection[tuple[str, int]] = (),
) -> bytes:
    """A zip of ``export.json``, ``export.html`` and the conversations' photos (but those
    in ``omit``, by conversation id and seq)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", json.dumps(document, indent=2, ensure_ascii=False))
        archive.writestr("export.html", page)
        for name, data in _photo_files(conversations, omit):
            archive.writestr(name, data)
    return buffer.getvalue()


DISCLOSED_KEYS = ("id", "started", "closed", "state", "messages", "photos")


def conversation_archive(conversation: Conversation, *, with_details: bool, title: str) -> bytes:
    """One conversation as handed to a third party: the transcript (internal notes
    included, as held), its photos and, if asked, the visitor's details; never the
    connection data, the rating or who read it."""
    full = _conversation_export(conversation)
    keys = (*DISCLOSED_KEYS, "details") if with_details else DISCLOSED_KEYS
    exported = {key: full[key] for key in keys}
    document = {
        "organisation": settings.CHAT_ORGANISATION_NAME,
        "title": title,
        "generated": timezone.now().isoformat(),
        "conversations": [exported],
    }
    page = export_page.export_html([exported], title, subject=False)
    return _archive(document, page, [conversation])


def conversations_for_erasure(email: str) -> list[Conversation]:
    return list(Conversation.objects.filter(pk__in=store.find_conversation_ids_by_email(email)))


def erase_conversations(
    conversations: list[Conversation],
    request: SubjectRequest,
    *,
    actor_id: int | None = None,
    override_hold_reason: str | None = None,
) -> Receipt:
    """Crypto-shreds the conversations; refuses held ones unless overridden with a reason."""
    today = timezone.localdate()
    held = holds.held(conversations, today)
    if held and not override_hold_reason:
        raise HeldConversations(held)
    with transaction.atomic():
        for conversation in conversations:
            store.shred_conversation(conversation.pk)
        receipt = _complete(request, SubjectRequest.Outcome.ERASED, len(conversations))
        audit.record(
            "subject_erasure",
            actor_id=actor_id,
            request_id=request.id,
            conversations=len(conversations),
            held_overridden=len(held),
            override_reason=override_hold_reason or "",
        )
    logger.info("Erasure request %s shredded %s conversations", request.id, len(conversations))
    return receipt


def erase_subject(
    email: str,
    request: SubjectRequest,
    *,
    actor_id: int | None = None,
    override_hold_reason: str | None = None,
) -> Receipt:
    return erase_conversations(
        conversations_for_erasure(email),
        request,
        actor_id=actor_id,
        override_hold_reason=override_hold_reason,
    )


def erase_request(
    request: SubjectRequest,
    *,
    actor_id: int | None = None,
    override_hold_reason: str | None = None,
) -> Receipt:
    """Erases the conversations of an erasure request (those it was registered for)."""
    return erase_conversations(
        list(request.in_scope.all()),
        request,
        actor_id=actor_id,
        override_hold_reason=override_hold_reason,
    )


def forget_conversations(conversations: list[Conversation]) -> Receipt:
    """The visitor's own "forget me" from the widget: erases every conversation of their
    session now, in one transaction. One under legal hold refuses them all
    (``HeldConversations``); the request then stays open in the register for the DPO, who
    finds it and its conversations by the receipt's short reference."""
    reached = [conversation.pk for conversation in conversations]
    request = subject_requests.start_request(
        SubjectRequest.Kind.ERASURE, reached, source=SubjectRequest.Source.WIDGET
    )
    reference = references.link_conversations(request, reached, with_reference=True)
    try:
        receipt = erase_conversations(conversations, request, override_hold_reason=None)
    except HeldConversations as refused:
        raise HeldConversations(refused.held, reference) from None
    return dataclasses.replace(receipt, reference=reference)
