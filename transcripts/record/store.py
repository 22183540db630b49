"""The transcript record: conversations, messages, visitor details and diagnostics.

The sockets, the console, the retention job and the subject-rights commands all
read and write the record through this module, which exports the whole store:
messages (``messages``), photos (``photos``), details and diagnostics (``details``)
and, here, a conversation's life from creation to crypto-shredding. Values are
sealed and opened by ``sealing`` (a ``Sealer`` reserves, seals and accounts for
them), so associated data, key generations and crypto-shredding are handled in one
place and the store never touches ``crypto``. Functions here never log content.
"""

import logging
import uuid
from collections.abc import Callable, Mapping

from django.db import transaction
from django.utils.timezone import now as timezone_now

from transcripts.record import detail_indexes, sealing, signals
from transcripts.record.details import (
    DETAIL_FIELDS,
    DIAGNOSTIC_FIELDS,
    DetailsView,
    DiagnosticsView,
    find_conversation_ids_by_email,
    read_details,
    read_diagnostics,
    read_record,
    write_details,
    write_diagnostics,
)
from transcripts.record.errors import (
    AlreadyRated,
    ClientIdReused,
    ConversationErased,
    InvalidText,
    StoreError,
    UnknownConversation,
)
from transcripts.record.first_lines import SealedLine, first_visitor_lines, open_lines
from transcripts.record.messages import (
    COUNTER_FIELDS,
    ERASED,
    MASKED,
    ORIGINAL,
    PHOTO_REMOVED,
    PHOTO_TEXT,
    Admission,
    AppendResult,
    AttachmentInfo,
    NewMessage,
    StoredMessage,
    append_message,
    append_messages,
    open_message_envelope,
    open_message_envelope_cached,
    read_messages,
    stored_with_client_ids,
)
from transcripts.record.models import (
    Attachment,
    Conversation,
    ConversationOrigin,
    Message,
    RatingComment,
    VisitorSession,
)
from transcripts.record.personal_data import DETAILS, RATING_COMMENT, delete_personal_records
from transcripts.record.photos import (
    NewPhoto,
    append_photo,
    attachment_aad,
    photos_sent_since,
    read_photo,
)
from transcripts.record.portal import PortalTenantView, read_portal_tenant, vouch

logger = logging.getLogger(__name__)

__all__ = [
    "COUNTER_FIELDS",
    "DETAIL_FIELDS",
    "DIAGNOSTIC_FIELDS",
    "ERASED",
    "MASKED",
    "ORIGINAL",
    "PHOTO_REMOVED",
    "PHOTO_TEXT",
    "SealedLine",
    "Admission",
    "AlreadyRated",
    "AppendResult",
    "AttachmentInfo",
    "ClientIdReused",
    "ConversationErased",
    "DetailsView",
    "PortalTenantView",
    "DiagnosticsView",
    "InvalidText",
    "NewMessage",
    "NewPhoto",
    "StoreError",
    "StoredMessage",
    "UnknownConversation",
    "append_message",
    "append_messages",
    "append_photo",
    "attachment_aad",
    "create_conversation",
    "find_conversation_ids_by_email",
    "first_visitor_lines",
    "open_message_envelope",
    "open_lines",
    "open_message_envelope_cached",
    "photos_sent_since",
    "rate_conversation",
    "read_details",
    "read_portal_tenant",
    "read_diagnostics",
    "read_messages",
    "read_photo",
    "read_rating_comment",
    "read_record",
    "replace_with_masked",
    "set_details",
    "vouch",
    "shred_conversation",
    "stored_with_client_ids",
]


def _lock(conversation_id: uuid.UUID | str) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation_id)


@transaction.atomic()
def create_conversation(
    *,
    details: Mapping[str, str | None] | None = None,
    diagnostics: Mapping[str, str | None] | None = None,
    session_id_hash: str | None = None,
    address_index: str = "",
) -> Conversation:
    """A new conversation; with ``session_id_hash``, the visitor's session resumes it and
    its origin (the session's hash and ``address_index``) is recorded."""
    now = timezone_now()
    conversation = Conversation.objects.create(created_at=now, last_activity_at=now)
    sealing.create_data_key(conversation.pk, conversation.key_generation)
    if session_id_hash is not None:
        VisitorSession.objects.update_or_create(
            id_hash=session_id_hash, defaults={"conversation": conversation}
        )
        ConversationOrigin.objects.create(
            conversation=conversation,
            session_hash=session_id_hash,
            address_index=address_index,
            created_at=now,
        )
    with sealing.Sealer(conversation) as sealer:
        if details:
            write_details(sealer, details)
        if diagnostics:
            write_diagnostics(sealer, diagnostics)
    return conversation


def set_details(conversation_id: uuid.UUID | str, details: Mapping[str, str | None]) -> None:
    """Adds or corrects details; a field given as empty or null is cleared."""
    with transaction.atomic(), sealing.Sealer(_lock(conversation_id)) as sealer:
        write_details(sealer, details)


def rate_conversation(conversation_id: uuid.UUID | str, *, comment: str | None) -> None:
    """Seals the comment given with the visitor's rating of a closed conversation, once.

    The comment is personal data (``RATING_COMMENT``), erased and aged out with the
    conversation's data key. The score is the chat's (``chat.Rating``): it calls this in
    the transaction that stores it, so an erased conversation is never rated.
    """
    with transaction.atomic():
        conversation = _lock(conversation_id)
        if conversation.erased_at is not None:
            raise ConversationErased(f"conversation {conversation.pk} is erased")
        if RatingComment.objects.filter(conversation=conversation).exists():
            raise AlreadyRated("this chat has already been rated")
        if comment:
            plaintext = sealing.encode(comment)
            with sealing.Sealer(conversation) as sealer:
                RatingComment.objects.create(
                    conversation=conversation,
                    comment=sealer.seal(plaintext, RATING_COMMENT.aad(conversation.pk, "comment")),
                )


def read_rating_comment(conversation_id: uuid.UUID | str) -> str | None:
    """The rating's comment; None when there is none or it is gone."""
    values = read_record(RATING_COMMENT, conversation_id)
    return values.get("comment") if values else None


def _announce_destroyed(conversation_id: uuid.UUID | str, *, erased: bool) -> None:
    """After the commit: forget the keys here and tell every other process and socket."""

    def announce() -> None:
        sealing.forget_keys([conversation_id])
        signals.keys_destroyed.send(
            sender=Conversation, conversation_ids=[str(conversation_id)], erased=erased
        )

    transaction.on_commit(announce)


def find_conversation_ids_by_detail(kind: str, value: str) -> list[uuid.UUID]:
    """Conversations whose visitor gave this name, surname, address or postcode in their
    details, or wrote this phone number or tenancy reference (``detail_indexes``)."""
    return detail_indexes.find_conversation_ids(kind, value)


def backfill_detail_indexes(progress: Callable[[int, int], None]) -> int:
    """Indexes the details and the visitor's lines of every conversation still holding
    them; for conversations stored before the indexes were (``manage.py index_details``)."""

    def visitor_lines(conversation_id: uuid.UUID) -> list[str]:
        return [
            line.text
            for line in read_messages(conversation_id)
            if line.sender == Message.Sender.VISITOR and line.text
        ]

    return detail_indexes.backfill(
        lambda conversation_id: read_record(DETAILS, conversation_id), visitor_lines, progress
    )


def shred_conversation(conversation_id: uuid.UUID | str) -> None:
    """Destroys the conversation's data keys, details, diagnostics and sessions.

    Every ciphertext sealed under those keys is unreadable afterwards, in every
    process: reads check the keys in the database, and the destruction is
    announced so that caches and open sockets let go of it. An open conversation
    is closed (without a closing line: nothing can be sealed any more).
    """
    now = timezone_now()
    with transaction.atomic():
        conversation = _lock(conversation_id)
        delete_personal_records(conversation)
        Conversation.objects.filter(pk=conversation.pk).update(
            erased_at=now,
            has_details=False,
            closed_at=conversation.closed_at or now,
        )
        signals.erasing.send(sender=Conversation, conversation_id=conversation.pk, erased=True)
        _announce_destroyed(conversation.pk, erased=True)
    logger.info("Destroyed the data keys of conversation %s", conversation_id)


def replace_with_masked(
    conversation: Conversation, masked: dict[int, str], *, special_category: bool
) -> None:
    """Keeps only the masked transcript and destroys everything personal.

    The caller holds the conversation's row lock inside its transaction: the
    masked copy and the destruction of the originals commit together or not at
    all. Message bodies are cleared as well as their data keys destroyed.
    """
    now = timezone_now()
    messages = list(Message.objects.filter(conversation=conversation).only("pk", "seq"))
    photos = set(Attachment.objects.filter(conversation=conversation).values_list("seq", flat=True))
    for message in messages:
        message.masked_text = PHOTO_REMOVED if message.seq in photos else masked[message.seq]
        message.body = None
    Message.objects.bulk_update(messages, ["masked_text", "body"], batch_size=500)
    delete_personal_records(conversation)
    Conversation.objects.filter(pk=conversation.pk).update(
        aged_at=now,
        has_details=False,
        special_category=conversation.special_category or special_category,
        retention_claim=None,
        retention_claimed_at=None,
    )
    signals.erasing.send(sender=Conversation, conversation_id=conversation.pk, erased=False)
    _announce_destroyed(conversation.pk, erased=False)
