"""Sealing and opening transcript values under their conversation's data keys.

Every value is sealed with AES-256-GCM under the conversation's current data key
generation, with associated data naming the conversation, the table, the row and the
field (``crypto`` holds the envelope format). Reads open values only with keys the
database still holds (``StoredKeys``); the cache only saves unwrapping them.
"""

import logging
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import TracebackType
from typing import Protocol, Self, TypeVar

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from transcripts.record import crypto
from transcripts.record.errors import ConversationErased, InvalidText
from transcripts.record.errors import CryptoError as CryptoError
from transcripts.record.errors import KeyDestroyedError as KeyDestroyedError
from transcripts.record.models import Conversation, DataKey

logger = logging.getLogger(__name__)

Name = TypeVar("Name")

_key_cache: crypto.DataKeyCache | None = None


def key_cache() -> crypto.DataKeyCache:
    global _key_cache
    if _key_cache is None:
        _key_cache = crypto.DataKeyCache(
            settings.TRANSCRIPT_KEY_CACHE_SIZE, settings.TRANSCRIPT_KEY_CACHE_SECONDS
        )
    return _key_cache


def field_aad(conversation_id: uuid.UUID | str, table: str, row: object, field: str) -> bytes:
    return f"{conversation_id}|{table}|{row}|{field}".encode()


def message_aad(conversation_id: uuid.UUID | str, seq: int) -> bytes:
    return field_aad(conversation_id, "message", seq, "body")


def encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidText("text is not valid Unicode") from None


def sealing_cipher(conversation_id: uuid.UUID | str, generation: int) -> AESGCM:
    """The cipher to seal under, for a caller holding the conversation's row lock after
    checking that it is not erased (reads go through ``StoredKeys``)."""
    cipher = key_cache().get((str(conversation_id), generation))
    if cipher is not None:
        return cipher
    wrapped = (
        DataKey.objects.filter(conversation_id=conversation_id, generation=generation)
        .values_list("wrapped", flat=True)
        .first()
    )
    if wrapped is None:
        raise KeyDestroyedError(f"data key of conversation {conversation_id} is destroyed")
    return _unwrapped(str(conversation_id), generation, bytes(wrapped))


def _unwrapped(conversation_id: str, generation: int, wrapped: bytes) -> AESGCM:
    """The cipher of a wrapped data key, from the cache or unwrapped into it."""
    cache_key = (conversation_id, generation)
    cipher = key_cache().get(cache_key)
    if cipher is None:
        cipher = AESGCM(crypto.unwrap_data_key(conversation_id, generation, wrapped))
        key_cache().put(cache_key, cipher)
    return cipher


def generation_of(envelope: bytes) -> int:
    """The data-key generation an envelope names as its key id."""
    key_id = crypto.envelope_key_id(envelope)
    if not key_id.isdigit():
        raise crypto.UnknownKeyError("envelope does not name a data key generation")
    return int(key_id)


@contextmanager
def logging_failures(conversation_id: uuid.UUID | str) -> Iterator[None]:
    """Logs (with ids only) any failure to open other than an erased key, and re-raises."""
    try:
        yield
    except KeyDestroyedError:
        raise
    except CryptoError as error:
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
        for key in wanted:
            self._wrapped[key] = {}
        rows = DataKey.objects.filter(conversation_id__in=wanted).values_list(
            "conversation_id", "generation", "wrapped"
        )
        for conversation_id, generation, wrapped in rows:
            self._wrapped[str(conversation_id)][generation] = bytes(wrapped)

    def cipher(self, conversation_id: uuid.UUID | str, generation: int) -> AESGCM:
        key = str(conversation_id)
        self.preload([key])
        wrapped = self._wrapped[key].get(generation)
        if wrapped is None:
            key_cache().discard((key, generation))
            raise KeyDestroyedError(f"data key of conversation {key} is destroyed")
        return _unwrapped(key, generation, wrapped)

    def open(
        self, conversation_id: uuid.UUID | str, envelope: bytes | memoryview, aad: bytes
    ) -> str:
        return self.open_bytes(conversation_id, envelope, aad).decode("utf-8")

    def open_bytes(
        self, conversation_id: uuid.UUID | str, envelope: bytes | memoryview, aad: bytes
    ) -> bytes:
        envelope = bytes(envelope)
        with logging_failures(conversation_id):
            cipher = self.cipher(conversation_id, generation_of(envelope))
            return crypto.open_sealed(lambda _key_id: cipher, envelope, aad)


def create_data_key(conversation_id: uuid.UUID, generation: int) -> AESGCM:
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


def reserve_seals(conversation: Conversation, count: int) -> tuple[AESGCM, int]:
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
        cipher = create_data_key(conversation.pk, conversation.key_generation)
    else:
        cipher = sealing_cipher(conversation.pk, conversation.key_generation)
    conversation.key_seals += count
    return cipher, conversation.key_generation


class SealedFields(Protocol):
    """A record whose sealed fields are bound to associated data (``PersonalRecord``)."""

    def aad(self, conversation_id: uuid.UUID | str, field: str) -> bytes: ...


class Sealer:
    """Seals values of one conversation, reserving the seals under its current data key.

    The caller holds the conversation's row lock. Each call reserves its seals at once
    (``reserve_seals``: a worn key is replaced first), so the values of one call share
    a key generation. Used as a context manager, the conversation's ``key_generation``
    and ``key_seals`` are saved on a clean exit when anything was reserved; without
    one, the caller saves them (the group commit writes them with its counters).
    """

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.reserved = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        error_type: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if error_type is None and self.reserved:
            self.save()

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        """One value, sealed under one newly reserved seal."""
        return self.seal_together({None: (plaintext, aad)})[None]

    def seal_together(self, values: Mapping[Name, tuple[bytes, bytes]]) -> dict[Name, bytes]:
        """Values given as (plaintext, associated data), sealed under one reservation."""
        cipher, generation = reserve_seals(self.conversation, len(values))
        self.reserved = True
        return {
            name: crypto.seal(cipher, str(generation), plaintext, aad)
            for name, (plaintext, aad) in values.items()
        }

    def seal_fields(
        self, record: SealedFields, values: Mapping[str, str | None]
    ) -> dict[str, bytes | None]:
        """A record's fields sealed under its associated data; a None stays None (a
        cleared field) but counts as a seal, as it always has: counting high is safe.
        Raises ``InvalidText`` before reserving anything."""
        encoded = {field: encode(value) for field, value in values.items() if value is not None}
        cipher, generation = reserve_seals(self.conversation, len(values))
        self.reserved = True
        conversation_id = self.conversation.pk
        return {
            field: None
            if field not in encoded
            else crypto.seal(
                cipher, str(generation), encoded[field], record.aad(conversation_id, field)
            )
            for field in values
        }

    def save(self) -> None:
        """Writes the conversation's key generation and seal count."""
        Conversation.objects.filter(pk=self.conversation.pk).update(
            key_generation=self.conversation.key_generation,
            key_seals=self.conversation.key_seals,
        )


def open_cached(conversation_id: uuid.UUID | str, envelope: bytes, aad: bytes) -> str | None:
    """Opens an envelope with a data key in this process's cache, without touching the
    database; None when the key is not cached (see ``store.open_message_envelope_cached``)."""
    with logging_failures(conversation_id):
        cipher = key_cache().get((str(conversation_id), generation_of(envelope)))
        if cipher is None:
            return None
        return crypto.open_sealed(lambda _key_id: cipher, envelope, aad).decode("utf-8")


def forget_keys(conversation_ids: Iterable[uuid.UUID | str]) -> None:
    """Drops these conversations' data keys from this process's cache."""
    forgotten = {str(conversation_id) for conversation_id in conversation_ids}
    key_cache().evict_where(lambda key: key[0] in forgotten)  # type: ignore[index]
