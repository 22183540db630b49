"""The visitor's details and the connection's diagnostics: sealed personal records of a
conversation, written through a ``sealing.Sealer`` and read with the keys the database
still holds. Part of the store (``transcripts.record.store`` exports it)."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.timezone import now as timezone_now

from transcripts.record import blind_index, detail_indexes, sealing
from transcripts.record.models import Conversation, Diagnostics, VisitorDetails
from transcripts.record.personal_data import DETAILS, DIAGNOSTICS, PersonalRecord

DETAIL_FIELDS = DETAILS.sealed_fields
DIAGNOSTIC_FIELDS = DIAGNOSTICS.sealed_fields


@dataclass(frozen=True)
class DetailsView:
    name: str | None = None
    email: str | None = None
    address: str | None = None
    erased: bool = False

    def as_dict(self) -> dict[str, str]:
        return {field: value for field in DETAIL_FIELDS if (value := getattr(self, field))}


@dataclass(frozen=True)
class DiagnosticsView:
    ip_address: str | None = None
    browser: str | None = None
    operating_system: str | None = None
    erased: bool = False


def _clean_detail(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def write_details(sealer: sealing.Sealer, details: Mapping[str, str | None]) -> None:
    """Adds or corrects the details given; a field given as empty or null is cleared."""
    conversation = sealer.conversation
    given = {field: _clean_detail(details[field]) for field in DETAIL_FIELDS if field in details}
    changes: dict[str, Any] = sealer.seal_fields(DETAILS, given)
    if "email" in given:
        if (email := given["email"]) is None:
            changes["email_index"], changes["email_index_key_id"] = None, ""
        else:
            key_id, digest = blind_index.email_index(email)
            changes["email_index"], changes["email_index_key_id"] = digest, key_id
    changes["updated_at"] = timezone_now()
    VisitorDetails.objects.update_or_create(conversation=conversation, defaults=changes)
    detail_indexes.write_detail_indexes(conversation.pk, given)
    has_details = (
        VisitorDetails.objects.filter(conversation=conversation)
        .exclude(name=None, email=None, address=None)
        .exists()
    )
    Conversation.objects.filter(pk=conversation.pk).update(has_details=has_details)


def write_diagnostics(sealer: sealing.Sealer, diagnostics: Mapping[str, str | None]) -> None:
    given = {
        field: value for field in DIAGNOSTIC_FIELDS if (value := diagnostics.get(field)) is not None
    }
    sealed = sealer.seal_fields(DIAGNOSTICS, given)
    Diagnostics.objects.update_or_create(conversation=sealer.conversation, defaults=sealed)


def read_record(record: PersonalRecord, conversation_id: uuid.UUID | str) -> dict[str, str] | None:
    """The opened sealed fields of a conversation's personal record; None when the row
    or its key is gone (erased). Raises on tampering or a missing master key."""
    row = record.model._default_manager.filter(conversation_id=conversation_id).first()
    if row is None:
        return None
    keys = sealing.StoredKeys()
    try:
        return {
            field: keys.open(
                conversation_id,
                sealed,
                record.aad(conversation_id, field),
            )
            for field in record.sealed_fields
            if (sealed := getattr(row, field)) is not None
        }
    except sealing.KeyDestroyedError:
        return None


def _is_erased(conversation_id: uuid.UUID | str) -> bool:
    return Conversation.objects.filter(pk=conversation_id, erased_at__isnull=False).exists()


def read_details(conversation_id: uuid.UUID | str) -> DetailsView:
    values = read_record(DETAILS, conversation_id)
    if values is None:
        return DetailsView(erased=_is_erased(conversation_id))
    return DetailsView(
        name=values.get("name"), email=values.get("email"), address=values.get("address")
    )


def read_diagnostics(conversation_id: uuid.UUID | str) -> DiagnosticsView:
    values = read_record(DIAGNOSTICS, conversation_id)
    if values is None:
        return DiagnosticsView(erased=_is_erased(conversation_id))
    return DiagnosticsView(
        ip_address=values.get("ip_address"),
        browser=values.get("browser"),
        operating_system=values.get("operating_system"),
    )


def find_conversation_ids_by_email(email: str) -> list[uuid.UUID]:
    """Conversations whose visitor gave this email.

    The blind index picks the candidates; only their email field is decrypted,
    to confirm the match. Nobody else's data is opened.
    """
    candidates = list(
        VisitorDetails.objects.filter(
            email_index__in=blind_index.email_index_candidates(email)
        ).values_list("conversation_id", "email")
    )
    keys = sealing.StoredKeys()
    keys.preload(conversation_id for conversation_id, _sealed in candidates)
    found = []
    for conversation_id, sealed in candidates:
        if sealed is None:
            continue
        try:
            value = keys.open(conversation_id, sealed, DETAILS.aad(conversation_id, "email"))
        except sealing.KeyDestroyedError:
            continue
        if blind_index.same_email(value, email):
            found.append(conversation_id)
    return found
