"""The only module that writes or reads sealed transcript records.

The sockets, the console, the retention job and the subject-rights commands all
go through these functions, so encryption, associated data, key generations and
crypto-shredding are handled in one place. Functions here never log content.
"""

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.timezone import now as timezone_now

from transcripts import batch_sql, crypto, signals
from transcripts.models import (
    AuditEntry,
    Conversation,
    DataKey,
    Diagnostics,
    Message,
    SubjectRequest,
    VisitorDetails,
    VisitorSession,
)

logger = logging.getLogger(__name__)

DETAIL_FIELDS = ("name", "email", "address")
DIAGNOSTIC_FIELDS = ("ip_address", "browser", "operating_system")

ORIGINAL = "original"
MASKED = "masked"
ERASED = "erased"


class StoreError(Exception):
    """Base of the store's refusals."""


class InvalidText(StoreError, ValueError):
    """Text that cannot be stored, e.g. a lone surrogate that is not valid Unicode."""


class ClientIdReused(StoreError):
    """A ``client_id`` already used in this conversation came with different text."""


class ConversationErased(StoreError):
    """The conversation's data keys were destroyed; nothing can be added to it."""


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


_key_cache: crypto.DataKeyCache | None = None


def key_cache() -> crypto.DataKeyCache:
    global _key_cache
    if _key_cache is None:
        _key_cache = crypto.DataKeyCache(
            settings.TRANSCRIPT_KEY_CACHE_SIZE, settings.TRANSCRIPT_KEY_CACHE_SECONDS
        )
    return _key_cache


def _aad(conversation_id: uuid.UUID | str, table: str, row: object, field: str) -> bytes:
    return f"{conversation_id}|{table}|{row}|{field}".encode()


def message_aad(conversation_id: uuid.UUID | str, seq: int) -> bytes:
    return _aad(conversation_id, "message", seq, "body")


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidText("text is not valid Unicode") from None


def _data_key_cipher(conversation_id: uuid.UUID | str, generation: int) -> AESGCM:
    """The cipher to seal under, for a caller holding the conversation's row lock after
    checking that it is not erased (reads go through ``StoredKeys``)."""
    cache_key = (str(conversation_id), generation)
    cipher = key_cache().get(cache_key)
    if cipher is not None:
        return cipher
    wrapped = (
        DataKey.objects.filter(conversation_id=conversation_id, generation=generation)
        .values_list("wrapped", flat=True)
        .first()
    )
    if wrapped is None:
        raise crypto.KeyDestroyedError(f"data key of conversation {conversation_id} is destroyed")
    cipher = AESGCM(crypto.unwrap_data_key(str(conversation_id), generation, bytes(wrapped)))
    key_cache().put(cache_key, cipher)
    return cipher


def _generation(envelope: bytes) -> int:
    """The data-key generation an envelope names as its key id."""
    key_id = crypto.envelope_key_id(envelope)
    if not key_id.isdigit():
        raise crypto.UnknownKeyError("envelope does not name a data key generation")
    return int(key_id)


@contextmanager
def _logging_failures(conversation_id: uuid.UUID | str) -> Iterator[None]:
    """Logs (with ids only) any failure to open other than an erased key, and re-raises."""
    try:
        yield
    except crypto.KeyDestroyedError:
        raise
    except crypto.CryptoError as error:
        logger.error(
            "Cannot open a sealed value of conversation %s: %s",
            conversation_id,
            type(error).__name__,
        )
        raise


class StoredKeys:
    """Opens stored values with the data keys the database still holds.

    Every read of the record goes through here, so a key destroyed by another
    process (an erasure, the retention job) is never used to serve what it
    sealed, however warm this process's cache: the keys a conversation still has
    are read once per conversation and read call (one query for many
    conversations with ``preload``), and the cache only saves unwrapping them.
    """

    def __init__(self) -> None:
        self._wrapped: dict[str, dict[int, bytes]] = {}

    def preload(self, conversation_ids: Iterable[uuid.UUID | str]) -> None:
        wanted = {str(conversation_id) for conversation_id in conversation_ids} - set(self._wrapped)
        if not wanted:
            return
        for conversation_id in wanted:
            self._wrapped[conversation_id] = {}
        rows = DataKey.objects.filter(conversation_id__in=wanted).values_list(
            "conversation_id", "generation", "wrapped"
        )
        for conversation_id, generation, wrapped in rows:
            self._wrapped[str(conversation_id)][generation] = bytes(wrapped)

    def cipher(self, conversation_id: uuid.UUID | str, generation: int) -> AESGCM:
        key = str(conversation_id)
        self.preload([key])
        wrapped = self._wrapped[key].get(generation)
        cache_key = (key, generation)
        if wrapped is None:
            key_cache().discard(cache_key)
            raise crypto.KeyDestroyedError(f"data key of conversation {key} is destroyed")
        cipher = key_cache().get(cache_key)
        if cipher is None:
            cipher = AESGCM(crypto.unwrap_data_key(key, generation, wrapped))
            key_cache().put(cache_key, cipher)
        return cipher

    def open(
        self, conversation_id: uuid.UUID | str, envelope: bytes | memoryview, aad: bytes
    ) -> str:
        envelope = bytes(envelope)
        with _logging_failures(conversation_id):
            cipher = self.cipher(conversation_id, _generation(envelope))
            return crypto.open_sealed(lambda _key_id: cipher, envelope, aad).decode("utf-8")


def _create_data_key(conversation_id: uuid.UUID, generation: int) -> AESGCM:
    data_key = crypto.new_data_key()
    master_key_id, wrapped = crypto.wrap_data_key(str(conversation_id), generation, data_key)
    DataKey.objects.create(
        conversation_id=conversation_id,
        generation=generation,
        master_key_id=master_key_id,
        wrapped=wrapped,
    )
    cipher = AESGCM(data_key)
    key_cache().put((str(conversation_id), generation), cipher)
    return cipher


def _reserve_seals(conversation: Conversation, count: int) -> tuple[AESGCM, int]:
    """The cipher and generation to seal ``count`` values under, replacing a worn key.

    The caller holds the conversation's row lock and saves ``key_generation``
    and ``key_seals`` afterwards.
    """
    if conversation.erased_at is not None:
        raise ConversationErased(f"conversation {conversation.pk} is erased")
    if conversation.key_seals + count > settings.TRANSCRIPT_DATA_KEY_MAX_SEALS:
        conversation.key_generation += 1
        conversation.key_seals = 0
        logger.info(
            "Replaced the data key of conversation %s (generation %s)",
            conversation.pk,
            conversation.key_generation,
        )
        cipher = _create_data_key(conversation.pk, conversation.key_generation)
    else:
        cipher = _data_key_cipher(conversation.pk, conversation.key_generation)
    conversation.key_seals += count
    return cipher, conversation.key_generation


def _lock(conversation_id: uuid.UUID | str) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation_id)


@transaction.atomic()
def create_conversation(
    *,
    status: str,
    details: Mapping[str, str | None] | None = None,
    diagnostics: Mapping[str, str | None] | None = None,
    session_id_hash: str | None = None,
) -> Conversation:
    now = timezone_now()
    conversation = Conversation.objects.create(
        status=status,
        created_at=now,
        last_activity_at=now,
        waiting_since=now if status != Conversation.Status.ACTIVE else None,
    )
    _create_data_key(conversation.pk, conversation.key_generation)
    if session_id_hash is not None:
        VisitorSession.objects.update_or_create(
            id_hash=session_id_hash, defaults={"conversation": conversation}
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


class UnknownConversation(StoreError):
    """The conversation does not exist (or no longer does)."""


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
            plaintexts[index] = _encode(line.text)
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
            refusal = admit(conversation, line) if admit is not None else None
            if refusal is None and conversation.erased_at is not None:
                refusal = ConversationErased(f"conversation {conversation.pk} is erased")
            if refusal is not None:
                results[index] = refusal
                continue
            if line.client_id is not None and (conversation.pk, line.client_id) in earlier:
                results[index] = _repeat(
                    earlier[(conversation.pk, line.client_id)], line, conversation
                )
                continue
            try:
                cipher, generation = _reserve_seals(conversation, 1)
            except (ConversationErased, crypto.CryptoError) as error:
                # Only this line fails: a conversation whose key cannot be opened must not
                # take the other conversations of the batch down with it.
                results[index] = error
                continue
            seq = conversation.last_seq + 1
            envelope = crypto.seal(
                cipher, str(generation), plaintexts[index], message_aad(conversation.pk, seq)
            )
            conversation.last_seq, conversation.last_activity_at = seq, now
            touched[conversation.pk] = conversation
            row = Message(
                conversation_id=conversation.pk,
                seq=seq,
                sender=line.sender,
                author_id=line.author_id,
                client_id=line.client_id,
                body=envelope,
                created_at=now,
            )
            rows.append(row)
            stored = _view(row, line.text, ORIGINAL)
            if line.client_id is not None:
                earlier[(conversation.pk, line.client_id)] = stored
            results[index] = AppendResult(
                message=stored, created=True, envelope=envelope, conversation=conversation
            )
        if rows:
            batch_sql.insert(Message, rows)
            batch_sql.update(Conversation, list(touched.values()), COUNTER_FIELDS)
    return cast(list[AppendResult | Exception], results)  # every index was given a result


COUNTER_FIELDS = ("last_seq", "key_generation", "key_seals", "last_activity_at")


def _messages_by_client_id(
    lines: Sequence[NewMessage], indexes: Iterable[int]
) -> dict[tuple[uuid.UUID, str], StoredMessage]:
    """Earlier stored copies of the batch's lines, found by ``client_id`` in one query."""
    wanted = {
        (lines[index].conversation_id, lines[index].client_id)
        for index in indexes
        if lines[index].client_id is not None
    }
    stored = stored_with_client_ids(wanted)
    keys = StoredKeys()
    keys.preload(message.conversation_id for message in stored)
    return {
        (message.conversation_id, message.client_id): _message_view(message, keys)
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
    return StoredKeys().open(conversation_id, envelope, message_aad(conversation_id, seq))


def open_message_envelope_cached(
    conversation_id: uuid.UUID | str, seq: int, envelope: bytes
) -> str | None:
    """Like ``open_message_envelope`` but without touching the database: None when
    the data key is not in this process's cache. Safe to call on the event loop.

    Only for the live delivery of a line just stored: a destroyed key leaves every
    process's cache when the destruction is announced (``forget_keys``)."""
    with _logging_failures(conversation_id):
        cipher = key_cache().get((str(conversation_id), _generation(envelope)))
        if cipher is None:
            return None
        aad = message_aad(conversation_id, seq)
        return crypto.open_sealed(lambda _key_id: cipher, envelope, aad).decode("utf-8")


def _message_view(message: Message, keys: StoredKeys) -> StoredMessage:
    if message.masked_text is not None:
        text, state = message.masked_text, MASKED
    elif message.body is None:
        text, state = None, ERASED
    else:
        try:
            text = keys.open(
                message.conversation_id,
                message.body,
                message_aad(message.conversation_id, message.seq),
            )
            state = ORIGINAL
        except crypto.KeyDestroyedError:
            text, state = None, ERASED
    return _view(message, text, state)


def _view(message: Message, text: str | None, state: str) -> StoredMessage:
    return StoredMessage(
        conversation_id=message.conversation_id,
        seq=message.seq,
        sender=message.sender,
        text=text,
        at=message.created_at,
        client_id=message.client_id,
        author_id=message.author_id,
        state=state,
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
    keys = StoredKeys()
    if limit is not None:
        latest = list(messages.order_by("-seq")[:limit])
        return [_message_view(message, keys) for message in reversed(latest)]
    return [_message_view(message, keys) for message in messages.order_by("seq")]


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
            _encode(value)
    cipher, generation = _reserve_seals(conversation, len(given))
    for field, value in given.items():
        changes[field] = (
            None
            if value is None
            else crypto.seal(
                cipher,
                str(generation),
                value.encode("utf-8"),
                _aad(conversation.pk, "details", "visitor", field),
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


def _read_sealed_row(
    model: type[VisitorDetails] | type[Diagnostics],
    conversation_id: uuid.UUID | str,
    table: str,
    row_name: str,
    fields: tuple[str, ...],
) -> dict[str, str] | None:
    """The opened fields of a conversation's sealed row; None when the row or its key
    is gone (erased). Raises on tampering."""
    row = model.objects.filter(conversation_id=conversation_id).first()
    if row is None:
        return None
    keys = StoredKeys()
    try:
        return {
            field: keys.open(conversation_id, sealed, _aad(conversation_id, table, row_name, field))
            for field in fields
            if (sealed := getattr(row, field)) is not None
        }
    except crypto.KeyDestroyedError:
        return None


def _is_erased(conversation_id: uuid.UUID | str) -> bool:
    return Conversation.objects.filter(pk=conversation_id, erased_at__isnull=False).exists()


def read_details(conversation_id: uuid.UUID | str) -> DetailsView:
    values = _read_sealed_row(VisitorDetails, conversation_id, "details", "visitor", DETAIL_FIELDS)
    if values is None:
        return DetailsView(erased=_is_erased(conversation_id))
    return DetailsView(**values)


def _write_diagnostics(conversation: Conversation, diagnostics: Mapping[str, str | None]) -> None:
    given = {
        field: value for field in DIAGNOSTIC_FIELDS if (value := diagnostics.get(field)) is not None
    }
    cipher, generation = _reserve_seals(conversation, len(given))
    sealed = {
        field: crypto.seal(
            cipher,
            str(generation),
            _encode(value),
            _aad(conversation.pk, "diagnostics", "connection", field),
        )
        for field, value in given.items()
    }
    Diagnostics.objects.update_or_create(conversation=conversation, defaults=sealed)


def read_diagnostics(conversation_id: uuid.UUID | str) -> DiagnosticsView:
    values = _read_sealed_row(
        Diagnostics, conversation_id, "diagnostics", "connection", DIAGNOSTIC_FIELDS
    )
    if values is None:
        return DiagnosticsView(erased=_is_erased(conversation_id))
    return DiagnosticsView(**values)


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
    keys = StoredKeys()
    keys.preload(conversation_id for conversation_id, _sealed in candidates)
    found = []
    for conversation_id, sealed in candidates:
        if sealed is None:
            continue
        try:
            value = keys.open(
                conversation_id, sealed, _aad(conversation_id, "details", "visitor", "email")
            )
        except crypto.KeyDestroyedError:
            continue
        if crypto.normalise_email(value) == target:
            found.append(conversation_id)
    return found


def forget_keys(conversation_ids: Iterable[uuid.UUID | str]) -> None:
    """Drops these conversations' data keys from this process's cache."""
    forgotten = {str(conversation_id) for conversation_id in conversation_ids}
    key_cache().evict_where(lambda key: key[0] in forgotten)  # type: ignore[index]


def _announce_destroyed(conversation_id: uuid.UUID | str, *, erased: bool) -> None:
    """After the commit: forget the keys here and tell every other process and socket."""

    def announce() -> None:
        forget_keys([conversation_id])
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
        DataKey.objects.filter(conversation=conversation).delete()
        VisitorDetails.objects.filter(conversation=conversation).delete()
        Diagnostics.objects.filter(conversation=conversation).delete()
        VisitorSession.objects.filter(conversation=conversation).delete()
        Conversation.objects.filter(pk=conversation.pk).update(
            erased_at=now,
            has_details=False,
            status=Conversation.Status.CLOSED,
            closed_at=conversation.closed_at or now,
            waiting_since=None,
        )
        _announce_destroyed(conversation.pk, erased=True)
    forget_keys([conversation_id])
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
    for message in messages:
        message.masked_text = masked[message.seq]
        message.body = None
    Message.objects.bulk_update(messages, ["masked_text", "body"], batch_size=500)
    VisitorDetails.objects.filter(conversation=conversation).delete()
    Diagnostics.objects.filter(conversation=conversation).delete()
    VisitorSession.objects.filter(conversation=conversation).delete()
    DataKey.objects.filter(conversation=conversation).delete()
    Conversation.objects.filter(pk=conversation.pk).update(
        aged_at=now,
        has_details=False,
        special_category=conversation.special_category or special_category,
        retention_claim=None,
        retention_claimed_at=None,
    )
    _announce_destroyed(conversation.pk, erased=False)


def set_legal_hold(
    conversation_id: uuid.UUID | str,
    *,
    hold: bool,
    reason: str,
    actor_id: int | None,
    until: date | None = None,
) -> None:
    """Sets or lifts a legal hold; while it lasts, neither the retention job nor an
    erasure request (without an override) touches the conversation."""
    with transaction.atomic():
        Conversation.objects.filter(pk=conversation_id).update(
            legal_hold=hold,
            legal_hold_reason=reason if hold else "",
            legal_hold_until=until if hold else None,
        )
        record_audit(
            "legal_hold_set" if hold else "legal_hold_lifted",
            actor_id=actor_id,
            conversation_id=conversation_id,
            reason=reason,
            until=until.isoformat() if hold and until else None,
        )


def record_audit(
    action: str,
    *,
    actor_id: int | None = None,
    conversation_id: uuid.UUID | str | None = None,
    request_id: uuid.UUID | None = None,
    **detail: Any,
) -> AuditEntry:
    """Records an audit entry; ``detail`` must hold ids and counts only."""
    return AuditEntry.objects.create(
        action=action,
        actor_id=actor_id,
        conversation_id=conversation_id,
        request_id=request_id,
        detail=detail,
    )


def _in_batches(
    pending: Any, batch_size: int, update: Callable[[list[Any]], None]
) -> Iterable[tuple[int, int]]:
    """Locks, updates and commits ``pending`` rows batch by batch, yielding (done, total).

    ``update`` must make each row leave ``pending``, so a stopped run resumes where it
    stopped.
    """
    total, done = pending.count(), 0
    while True:
        with transaction.atomic():
            batch = list(pending.select_for_update().order_by("pk")[:batch_size])
            if not batch:
                return
            update(batch)
        done += len(batch)
        yield done, total


def rewrap_data_keys(batch_size: int = 500) -> Iterable[tuple[int, int]]:
    """Rewraps every data key not under the primary master key, batch by batch."""

    def rewrap(batch: list[DataKey]) -> None:
        for data_key in batch:
            conversation_id = str(data_key.conversation_id)
            plain = crypto.unwrap_data_key(
                conversation_id, data_key.generation, bytes(data_key.wrapped)
            )
            data_key.master_key_id, data_key.wrapped = crypto.wrap_data_key(
                conversation_id, data_key.generation, plain
            )
        DataKey.objects.bulk_update(batch, ["master_key_id", "wrapped"])

    primary_id = crypto.key_ring().primary_id
    return _in_batches(DataKey.objects.exclude(master_key_id=primary_id), batch_size, rewrap)


def reindex_emails(batch_size: int = 500) -> Iterable[tuple[int, int]]:
    """Recomputes blind indexes made under a master key that is no longer primary."""

    def reindex(batch: list[VisitorDetails]) -> None:
        for row in batch:
            email = read_details(row.conversation_id).email
            if email is None:
                row.email_index, row.email_index_key_id = None, ""
            else:
                row.email_index_key_id, row.email_index = crypto.email_blind_index(email)
        VisitorDetails.objects.bulk_update(batch, ["email_index", "email_index_key_id"])

    primary_id = crypto.key_ring().primary_id
    pending = VisitorDetails.objects.exclude(email_index=None).exclude(
        email_index_key_id=primary_id
    )
    return _in_batches(pending, batch_size, reindex)


@dataclass(frozen=True)
class KeyUsage:
    """What is still made under master keys other than some given ones, by key id."""

    data_keys: dict[str, int]
    email_indexes: dict[str, int]
    open_subject_requests: dict[str, int]

    @property
    def empty(self) -> bool:
        return not (self.data_keys or self.email_indexes or self.open_subject_requests)

    def lines(self) -> list[str]:
        """One line per key id and kind of item, without personal data."""
        kinds = (
            ("data keys wrapped", self.data_keys),
            ("email blind indexes made", self.email_indexes),
            ("open subject requests registered", self.open_subject_requests),
        )
        return [
            f"{count} {label} under master key {key_id!r}"
            for label, counts in kinds
            for key_id, count in sorted(counts.items())
        ]


def _counts_by(queryset: QuerySet[Any], field: str) -> dict[str, int]:
    return {
        row[field]: row["count"]
        for row in queryset.values(field).annotate(count=Count("pk")).order_by(field)
    }


def key_usage_outside(key_ids: Iterable[str]) -> KeyUsage:
    """Counts what rests on master keys not in ``key_ids``: data keys they wrap, blind
    indexes made under them (rotation redoes both) and open subject requests registered
    under them (which cannot be redone: the register holds no address)."""
    key_ids = list(key_ids)
    return KeyUsage(
        data_keys=_counts_by(DataKey.objects.exclude(master_key_id__in=key_ids), "master_key_id"),
        email_indexes=_counts_by(
            VisitorDetails.objects.exclude(email_index=None).exclude(
                email_index_key_id__in=key_ids
            ),
            "email_index_key_id",
        ),
        open_subject_requests=_counts_by(
            SubjectRequest.objects.filter(completed_at=None)
            .exclude(email_index_key_id="")
            .exclude(email_index_key_id__in=key_ids),
            "email_index_key_id",
        ),
    )
