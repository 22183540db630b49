"""What personal data a conversation holds, declared once.

Erasure and the retention job delete every record listed here (the data keys are among
them, so the sealed message bodies cannot be opened afterwards); a subject access
export includes every record that has an ``export_key``. A new kind of personal data
is added here, and erasure, retention and export follow.
"""

import uuid
from dataclasses import dataclass

from django.db import models

from transcripts.record.models import (
    Attachment,
    Conversation,
    ConversationOrigin,
    DataKey,
    DetailIndex,
    Diagnostics,
    PortalTenant,
    RatingComment,
    VisitorDetails,
    VisitorSession,
)
from transcripts.record.sealing import field_aad


@dataclass(frozen=True)
class PersonalRecord:
    """Rows of ``model`` that belong to one conversation (its ``conversation`` field).

    ``sealed_fields`` are sealed under the conversation's data key with associated data
    naming ``aad_table`` and ``aad_row``; ``export_key`` names the record in an export.
    """

    model: type[models.Model]
    export_key: str | None = None
    sealed_fields: tuple[str, ...] = ()
    aad_table: str = ""
    aad_row: str = ""

    def aad(self, conversation_id: uuid.UUID | str, field: str) -> bytes:
        """The associated data a sealed field of this record is bound to."""
        return field_aad(conversation_id, self.aad_table, self.aad_row, field)


DETAILS = PersonalRecord(
    VisitorDetails, "details", ("name", "email", "address"), "details", "visitor"
)
DIAGNOSTICS = PersonalRecord(
    Diagnostics,
    "diagnostics",
    ("ip_address", "browser", "operating_system"),
    "diagnostics",
    "connection",
)
RATING_COMMENT = PersonalRecord(RatingComment, "rating_comment", ("comment",), "rating", "visitor")
# The tenant the landlord's portal vouched for (``portal``): never typed by the visitor.
PORTAL_TENANT = PersonalRecord(
    PortalTenant, "portal_tenant", ("tenancy_reference", "display_name"), "portal", "tenant"
)
# Photos: many a conversation, so exported by ``subject_rights`` itself.
ATTACHMENTS = PersonalRecord(Attachment)
SESSIONS = PersonalRecord(VisitorSession)
ORIGINS = PersonalRecord(ConversationOrigin)
DATA_KEYS = PersonalRecord(DataKey)
# Keyed digests of the details and of the phone numbers in the visitor's lines.
DETAIL_INDEXES = PersonalRecord(DetailIndex)

PERSONAL_RECORDS = (
    DETAILS,
    DIAGNOSTICS,
    RATING_COMMENT,
    PORTAL_TENANT,
    ATTACHMENTS,
    SESSIONS,
    ORIGINS,
    DETAIL_INDEXES,
    DATA_KEYS,
)
EXPORTED_RECORDS = tuple(record for record in PERSONAL_RECORDS if record.export_key)


def delete_personal_records(conversation: Conversation) -> None:
    """Deletes every personal record of the conversation (inside the caller's transaction)."""
    for record in PERSONAL_RECORDS:
        record.model._default_manager.filter(conversation=conversation).delete()
