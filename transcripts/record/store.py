"""The transcript record: conversations, messages, visitor details and diagnostics.

The sockets, the console, the retention job and the subject-rights commands all
read and write the record through these functions; values are sealed and opened by
``sealing``, so associated data, key generations and crypto-shredding are handled in
one place. Functions here never log content.
"""

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from django.db import transaction
from django.utils.timezone import now as timezone_now

from transcripts.record import batch_sql, crypto, sealing, signals
from transcripts.record.errors import (
    AlreadyRated,
    ClientIdReused,
    ConversationErased,
    InvalidText,
    StoreError,
    UnknownConversation,
)
from transcripts.record.models import (
    Attachment,
    Conversation,
    ConversationOrigin,
    Diagnostics,
    Message,
    RatingComment,
    VisitorDetails,
    VisitorSession,
    new_conversation_id,
)
from transcripts.record.personal_data import (
    DETAILS,
    DIAGNOSTICS,
    RATING_COMMENT,
    PersonalRecord,
    delete_personal_records,
)

logger = logging.getLogger(__name__)

__all__ = [
    "AlreadyRated",
    "ClientIdReused",
    "ConversationErased",
    "InvalidText",
    "StoreError",
    "UnknownConversation",
]

DETAIL_FIELDS = DETAILS.sealed_fields
DIAGNOSTIC_FIELDS = DIAGNOSTICS.sealed_fields

ORIGINAL = "original"
MASKED = "masked"
ERASED = "erased"


# A photo's message text, and what the masked transcript keeps of it.
PHOTO_TEXT = "[photo]"
PHOTO_REMOVED = "[photo removed]"


@dataclass(frozen=True)
class AttachmentInfo:
    """What a message says about its photo: never the pixels."""

    id: uuid.UUID
    content_type: str
    width: int
    height: int
    size: int


@dataclass(frozen=True)
class StoredMessage:
    conversation_id: uuid.UUID
    seq: int
    sender: str
    text: str | None
    at: datetime
    client_id: str | None
    author_id: int | None
    state: str = ORIGINAL
    attachment: AttachmentInfo | None = None


@dataclass(frozen=True)
class AppendResult:
    message: StoredMessage
    created: bool
    envelope: bytes | None
    conversation: Conversation


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


def _lock(conversation_id: uuid.UUID | str) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation_id)


@transaction.atomic()
def create_conversation(
    *,
    status: str,
    details: Mapping[str, str | None] | None = None,
    diagnostics: Mapping[str, str | None] | None = None,
    session_id_hash: str | None = None,
    address_index: str = "",
) -> Conversation:
    """A new conversation; with ``session_id_hash``, the visitor's session resumes it and
    its origin (the session's hash and ``address_index``) is recorded."""
    now = timezone_now()
    conversation = Conversation.objects.create(
        status=status,
        created_at=now,
        last_activity_at=now,
        waiting_since=now if status != Conversation.Status.ACTIVE else None,
    )
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
    if details:
        _write_details(conversation, details)
    if diagnostics:
        _write_diagnostics(conversation, diagnostics)
    _save_key_usage(conversation)
    return conversation


def _save_key_usage(conversation: Conversation, **extra: Any) -> None:
    Conversation.objects.filter(pk=conversation.pk).update(
        key_generation=conversation.key_generation, key_seals=conversation.key_seals, **extra
    )


@dataclass(frozen=True)
class NewMessage:
    """A line to store: who sent it, its text and (for people) the sender's ``client_id``."""

    conversation_id: uuid.UUID
    sender: str
    text: str
    client_id: str | None = None
    author_id: int | None = None


Admission = Callable[[Conversation, NewMessage], Exception | None]


def append_message(
    conversation_id: uuid.UUID | str,
    *,
    sender: str,
    text: str,
    client_id: str | None = None,
    author_id: int | None = None,
    admit: Admission | None = None,
) -> AppendResult:
    """Stores a message with the next ``seq``; a repeated ``client_id`` stores nothing.

    Raises ``ClientIdReused`` when the ``client_id`` is known with other text, and
    the refusal of ``admit`` (see ``append_messages``) when it refuses the line.
    """
    line = NewMessage(uuid.UUID(str(conversation_id)), sender, text, client_id, author_id)
    result = append_messages([line], admit=admit)[0]
    if isinstance(result, Exception):
        raise result
    return result


def append_messages(
    lines: Sequence[NewMessage], *, admit: Admission | None = None
) -> list[AppendResult | Exception]:
    """Stores many lines in one transaction: a result, or the reason it was refused, per line.

    This is the group commit behind the chat sockets: one lock query, one
    duplicate query, one insert and one counter update for the whole batch.
    ``admit`` may refuse a line after its conversation is locked (closed, not
    the sender's). Lines of one conversation get consecutive ``seq`` in the
    order given; a refused line stores nothing and does not affect the others.
    A database error raises, and then nothing of the batch is stored.
    """
    results: list[AppendResult | Exception | None] = [None] * len(lines)
    plaintexts: dict[int, bytes] = {}
    for index, line in enumerate(lines):
        try:
            plaintexts[index] = sealing.encode(line.text)
        except InvalidText as error:
            results[index] = error
    with transaction.atomic():
        conversations = _lock_many({lines[index].conversation_id for index in plaintexts})
        earlier = _messages_by_client_id(lines, plaintexts)
        now = timezone_now()
        rows: list[Message] = []
        touched: dict[uuid.UUID, Conversation] = {}
        for index in plaintexts:
            line = lines[index]
            conversation = conversations.get(line.conversation_id)
            if conversation is None:
                results[index] = UnknownConversation(f"no conversation {line.conversation_id}")
                continue
            answer = _earlier_answer(line, conversation, admit, earlier)
            if answer is None:
                try:
                    row, envelope = _sealed_row(line, conversation, plaintexts[index], now)
                except (ConversationErased, crypto.CryptoError) as error:
                    # Only this line fails: a conversation whose key cannot be opened must
                    # not take the other conversations of the batch down with it.
                    results[index] = error
                    continue
                rows.append(row)
                touched[conversation.pk] = conversation
                stored = _view(row, line.text, ORIGINAL)
                if line.client_id is not None:
                    earlier[(conversation.pk, line.client_id)] = stored
                answer = AppendResult(
                    message=stored, created=True, envelope=envelope, conversation=conversation
                )
            results[index] = answer
        if rows:
            batch_sql.insert(Message, rows)
            batch_sql.update(Conversation, list(touched.values()), COUNTER_FIELDS)
    return cast(list[AppendResult | Exception], results)  # every index was given a result


COUNTER_FIELDS = ("last_seq", "key_generation", "key_seals", "last_activity_at")


def _earlier_answer(
    line: NewMessage,
    conversation: Conversation,
    admit: Admission | None,
    earlier: Mapping[tuple[uuid.UUID, str], StoredMessage],
) -> AppendResult | Exception | None:
    """A line's answer when it is not to be stored: its refusal, or the copy stored
    earlier under its ``client_id``; None when it is to be stored."""
    refusal = admit(conversation, line) if admit is not None else None
    if refusal is None and conversation.erased_at is not None:
        refusal = ConversationErased(f"conversation {conversation.pk} is erased")
    if refusal is not None:
        return refusal
    if line.client_id is not None and (conversation.pk, line.client_id) in earlier:
        return _repeat(earlier[(conversation.pk, line.client_id)], line, conversation)
    return None


def _sealed_row(
    line: NewMessage, conversation: Conversation, plaintext: bytes, now: datetime
) -> tuple[Message, bytes]:
    """The conversation's next message row, sealed, and its envelope; advances the
    (locked) conversation's counters. Raises when its data key cannot be had."""
    cipher, generation = sealing.reserve_seals(conversation, 1)
    seq = conversation.last_seq + 1
    envelope = crypto.seal(
        cipher, str(generation), plaintext, sealing.message_aad(conversation.pk, seq)
    )
    conversation.last_seq, conversation.last_activity_at = seq, now
    row = Message(
        conversation_id=conversation.pk,
        seq=seq,
        sender=line.sender,
        author_id=line.author_id,
        client_id=line.client_id,
        body=envelope,
        created_at=now,
    )
    return row, envelope


def _messages_by_client_id(
    lines: Sequence[NewMessage], indexes: Iterable[int]
) -> dict[tuple[uuid.UUID, str], StoredMessage]:
    """Earlier stored copies of the batch's lines, found by ``client_id`` in one query."""
    wanted = {
        (lines[index].conversation_id, client_id)
        for index in indexes
        if (client_id := lines[index].client_id) is not None
    }
    stored = stored_with_client_ids(wanted)
    keys = sealing.StoredKeys()
    keys.preload(message.conversation_id for message in stored)
    return {
        (message.conversation_id, str(message.client_id)): _message_view(message, keys)
        for message in stored
    }


def stored_with_client_ids(wanted: Iterable[tuple[uuid.UUID, str]]) -> list[Message]:
    """The stored messages with these (conversation, ``client_id``) pairs.

    Looked up through the unique index led by ``client_id``: one index entry a
    line, however long the conversations are.
    """
    return batch_sql.select_rows(Message, ("conversation", "client_id"), wanted)


def _lock_many(conversation_ids: set[uuid.UUID]) -> dict[uuid.UUID, Conversation]:
    """The conversations of a batch, row-locked; the unknown ones are left out."""
    if not conversation_ids:
        return {}
    locked = batch_sql.locked_rows(Conversation, list(conversation_ids))
    return {conversation.pk: conversation for conversation in locked}


def _repeat(
    stored: StoredMessage, line: NewMessage, conversation: Conversation
) -> AppendResult | Exception:
    """A line whose ``client_id`` is already stored: the same line again, or a misuse."""
    if stored.text != line.text or stored.sender != line.sender:
        return ClientIdReused(f"client_id reused in conversation {line.conversation_id}")
    return AppendResult(message=stored, created=False, envelope=None, conversation=conversation)


def open_message_envelope(conversation_id: uuid.UUID | str, seq: int, envelope: bytes) -> str:
    """Opens a message body carried by the channel layer (it never carries plaintext)."""
    return sealing.StoredKeys().open(
        conversation_id, envelope, sealing.message_aad(conversation_id, seq)
    )


def open_message_envelope_cached(
    conversation_id: uuid.UUID | str, seq: int, envelope: bytes
) -> str | None:
    """Like ``open_message_envelope`` but without touching the database: None when
    the data key is not in this process's cache. Safe to call on the event loop.

    Only for the live delivery of a line just stored: a destroyed key leaves every
    process's cache when the destruction is announced (``forget_keys``)."""
    with sealing.logging_failures(conversation_id):
        cipher = sealing.key_cache().get((str(conversation_id), sealing.generation_of(envelope)))
        if cipher is None:
            return None
        aad = sealing.message_aad(conversation_id, seq)
        return crypto.open_sealed(lambda _key_id: cipher, envelope, aad).decode("utf-8")


def _message_view(message: Message, keys: sealing.StoredKeys) -> StoredMessage:
    if message.masked_text is not None:
        text, state = message.masked_text, MASKED
    elif message.body is None:
        text, state = None, ERASED
    else:
        try:
            text = keys.open(
                message.conversation_id,
                message.body,
                sealing.message_aad(message.conversation_id, message.seq),
            )
            state = ORIGINAL
        except crypto.KeyDestroyedError:
            text, state = None, ERASED
    return _view(message, text, state)


def _view(
    message: Message, text: str | None, state: str, attachment: AttachmentInfo | None = None
) -> StoredMessage:
    return StoredMessage(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=text,
        at=message.created_at,
        client_id=message.client_id,
        author_id=message.author_id,
        state=state,
        attachment=attachment,
    )


def read_messages(
    conversation_id: uuid.UUID | str,
    *,
    after_seq: int | None = None,
    include_notes: bool = True,
    limit: int | None = None,
) -> list[StoredMessage]:
    """Messages in ``seq`` order; erased ones come back with ``text=None``."""
    messages = Message.objects.filter(conversation_id=conversation_id)
    if after_seq:
        messages = messages.filter(seq__gt=after_seq)
    if not include_notes:
        messages = messages.exclude(sender=Message.Sender.NOTE)
    keys = sealing.StoredKeys()
    if limit is not None:
        rows = list(messages.order_by("-seq")[:limit])[::-1]
    else:
        rows = list(messages.order_by("seq"))
    views = [_message_view(message, keys) for message in rows]
    # Only a photo's line reads PHOTO_TEXT: most reads need no query for photos.
    if not any(view.text == PHOTO_TEXT for view in views):
        return views
    photos = _attachments_by_seq(conversation_id, rows[0].seq, rows[-1].seq)
    return [
        replace(view, attachment=photos.get(view.seq)) if view.text == PHOTO_TEXT else view
        for view in views
    ]


def _attachments_by_seq(
    conversation_id: uuid.UUID | str, first_seq: int, last_seq: int
) -> dict[int, AttachmentInfo]:
    """The photos of the messages from ``first_seq`` to ``last_seq``, in one query."""
    found = Attachment.objects.filter(
        conversation_id=conversation_id, seq__gte=first_seq, seq__lte=last_seq
    ).values_list("seq", "id", "content_type", "width", "height", "size")
    return {
        seq: AttachmentInfo(photo_id, content_type, width, height, size)
        for seq, photo_id, content_type, width, height, size in found
    }


@dataclass(frozen=True)
class NewPhoto:
    """A photo to store, already re-encoded (``chatserver.chat.photos``)."""

    image: bytes
    thumbnail: bytes
    content_type: str
    width: int
    height: int


def attachment_aad(conversation_id: uuid.UUID | str, attachment_id: uuid.UUID, part: str) -> bytes:
    return sealing.field_aad(conversation_id, "attachment", attachment_id, part)


def append_photo(
    line: NewMessage, photo: NewPhoto, *, admit: Admission | None = None
) -> AppendResult:
    """Stores a photo's message (text ``PHOTO_TEXT``) and the sealed photo, together.

    A repeated ``client_id`` (an upload retried after its answer was lost) stores
    nothing and answers the first copy. Raises like ``append_message``.
    """
    line = replace(line, text=PHOTO_TEXT)
    with transaction.atomic():
        result = append_messages([line], admit=admit)[0]
        if isinstance(result, Exception):
            raise result
        message = result.message
        if not result.created:
            stored = _attachments_by_seq(message.conversation_id, message.seq, message.seq)
            return replace(result, message=replace(message, attachment=stored.get(message.seq)))
        conversation = result.conversation
        attachment_id = new_conversation_id()  # 128 random bits: ids reveal nothing
        cipher, generation = sealing.reserve_seals(conversation, 2)
        sealed = {
            part: crypto.seal(
                cipher,
                str(generation),
                data,
                attachment_aad(conversation.pk, attachment_id, part),
            )
            for part, data in (("image", photo.image), ("thumbnail", photo.thumbnail))
        }
        Attachment.objects.create(
            id=attachment_id,
            conversation=conversation,
            seq=message.seq,
            content_type=photo.content_type,
            width=photo.width,
            height=photo.height,
            size=len(photo.image),
            **sealed,
        )
        _save_key_usage(conversation)
    info = AttachmentInfo(
        attachment_id, photo.content_type, photo.width, photo.height, len(photo.image)
    )
    return replace(result, message=replace(message, attachment=info))


def read_photo(attachment: Attachment, part: str) -> bytes | None:
    """The opened image or thumbnail; None when its key is gone (erased)."""
    try:
        return sealing.StoredKeys().open_bytes(
            attachment.conversation_id,
            getattr(attachment, part),
            attachment_aad(attachment.conversation_id, attachment.id, part),
        )
    except crypto.KeyDestroyedError:
        return None


def photos_sent_since(conversation_id: uuid.UUID | str, since: datetime) -> int:
    return Attachment.objects.filter(conversation_id=conversation_id, created_at__gte=since).count()


def _clean_detail(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _write_details(conversation: Conversation, details: Mapping[str, str | None]) -> None:
    changes: dict[str, Any] = {}
    given = {field: _clean_detail(details[field]) for field in DETAIL_FIELDS if field in details}
    for value in given.values():
        if value is not None:
            sealing.encode(value)
    cipher, generation = sealing.reserve_seals(conversation, len(given))
    for field, value in given.items():
        changes[field] = (
            None
            if value is None
            else crypto.seal(
                cipher,
                str(generation),
                value.encode("utf-8"),
                DETAILS.aad(conversation.pk, field),
            )
        )
    if "email" in given:
        if given["email"] is None:
            changes["email_index"], changes["email_index_key_id"] = None, ""
        else:
            key_id, digest = crypto.email_blind_index(given["email"])
            changes["email_index"], changes["email_index_key_id"] = digest, key_id
    changes["updated_at"] = timezone_now()
    VisitorDetails.objects.update_or_create(conversation=conversation, defaults=changes)
    has_details = (
        VisitorDetails.objects.filter(conversation=conversation)
        .exclude(name=None, email=None, address=None)
        .exists()
    )
    Conversation.objects.filter(pk=conversation.pk).update(has_details=has_details)


def set_details(conversation_id: uuid.UUID | str, details: Mapping[str, str | None]) -> None:
    """Adds or corrects details; a field given as empty or null is cleared."""
    with transaction.atomic():
        conversation = _lock(conversation_id)
        _write_details(conversation, details)
        _save_key_usage(conversation)


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
            cipher, generation = sealing.reserve_seals(conversation, 1)
            RatingComment.objects.create(
                conversation=conversation,
                comment=crypto.seal(
                    cipher,
                    str(generation),
                    plaintext,
                    RATING_COMMENT.aad(conversation.pk, "comment"),
                ),
            )
            _save_key_usage(conversation)


def read_rating_comment(conversation_id: uuid.UUID | str) -> str | None:
    """The rating's comment; None when there is none or it is gone."""
    values = read_record(RATING_COMMENT, conversation_id)
    return values.get("comment") if values else None


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
    except crypto.KeyDestroyedError:
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


def _write_diagnostics(conversation: Conversation, diagnostics: Mapping[str, str | None]) -> None:
    given = {
        field: value for field in DIAGNOSTIC_FIELDS if (value := diagnostics.get(field)) is not None
    }
    cipher, generation = sealing.reserve_seals(conversation, len(given))
    sealed = {
        field: crypto.seal(
            cipher,
            str(generation),
            sealing.encode(value),
            DIAGNOSTICS.aad(conversation.pk, field),
        )
        for field, value in given.items()
    }
    Diagnostics.objects.update_or_create(conversation=conversation, defaults=sealed)


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
    target = crypto.normalise_email(email)
    candidates = list(
        VisitorDetails.objects.filter(
            email_index__in=crypto.email_blind_index_candidates(email)
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
        except crypto.KeyDestroyedError:
            continue
        if crypto.normalise_email(value) == target:
            found.append(conversation_id)
    return found


def _announce_destroyed(conversation_id: uuid.UUID | str, *, erased: bool) -> None:
    """After the commit: forget the keys here and tell every other process and socket."""

    def announce() -> None:
        sealing.forget_keys([conversation_id])
        signals.keys_destroyed.send(
            sender=Conversation, conversation_ids=[str(conversation_id)], erased=erased
        )

    transaction.on_commit(announce)


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
            status=Conversation.Status.CLOSED,
            closed_at=conversation.closed_at or now,
            waiting_since=None,
            awaiting_reply=False,
        )
        signals.erasing.send(sender=Conversation, conversation_id=conversation.pk)
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
        awaiting_reply=False,
        special_category=conversation.special_category or special_category,
        retention_claim=None,
        retention_claimed_at=None,
    )
    _announce_destroyed(conversation.pk, erased=False)
