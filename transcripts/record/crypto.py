"""Envelope encryption for transcripts.

Design. Each conversation has its own random 256-bit data key. Every message
body and every visitor detail is sealed with AES-256-GCM under that key, with a
fresh random 96-bit nonce and associated data naming the conversation, the row
and the field, so a ciphertext moved anywhere else fails to open. Data keys are
stored only wrapped (AES-256-GCM again) by the primary master key of the ring in
``TRANSCRIPT_KEYS``; every key of the ring can unwrap the data keys that name
it, so the ring can be rotated without touching messages. Deleting a
conversation's data keys makes everything sealed under them unreadable
(crypto-shredding).

Every ciphertext is an envelope::

    version (1 byte) | key id length (1 byte) | key id (ASCII) | nonce (12 bytes) | ciphertext+tag

The key id is a master key's id for a wrapped data key, and the data key's
generation for values sealed under a data key.

The blind index of an email is an HMAC-SHA256 under a key derived by HKDF from a
master key with its own ``info`` label, so it is never the key that wraps.

Errors carry ids only: never plaintext, never key material.
"""

import functools
import hashlib
import hmac
import os
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Hashable

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.core.exceptions import ImproperlyConfigured

from transcripts.record.errors import CryptoError
from transcripts.record.keyring import KeyRing, configured_key_ring

ENVELOPE_VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
DATA_KEY_BYTES = 32
BLIND_INDEX_INFO = b"transcripts/email-blind-index/v1"
ADDRESS_INDEX_INFO = b"transcripts/client-address-index/v1"
DETAIL_INDEX_INFO = b"transcripts/detail-blind-index/{kind}/v1"


class EnvelopeError(CryptoError):
    """The stored bytes are not a well-formed envelope (truncated, wrong version)."""


class UnknownKeyError(CryptoError):
    """The envelope names a key that is not available."""


class TamperedError(CryptoError, InvalidTag):
    """Authentication failed: the bytes were altered or moved to another place."""


def key_ring() -> KeyRing:
    ring = configured_key_ring()
    if ring is None:
        raise ImproperlyConfigured("No transcript master keys are configured (TRANSCRIPT_KEYS).")
    return ring


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=DATA_KEY_BYTES * 8)


def seal(cipher: AESGCM, key_id: str, plaintext: bytes, aad: bytes) -> bytes:
    key_id_bytes = key_id.encode("ascii")
    nonce = os.urandom(NONCE_BYTES)
    header = bytes((ENVELOPE_VERSION, len(key_id_bytes))) + key_id_bytes + nonce
    return header + cipher.encrypt(nonce, plaintext, aad)


def envelope_key_id(envelope: bytes) -> str:
    return _split(envelope)[0]


def _split(envelope: bytes) -> tuple[str, bytes, bytes]:
    if len(envelope) < 2:
        raise EnvelopeError("envelope is truncated")
    if envelope[0] != ENVELOPE_VERSION:
        raise EnvelopeError(f"unsupported envelope version {envelope[0]}")
    id_length = envelope[1]
    body_start = 2 + id_length + NONCE_BYTES
    if len(envelope) < body_start + TAG_BYTES:
        raise EnvelopeError("envelope is truncated")
    try:
        key_id = envelope[2 : 2 + id_length].decode("ascii")
    except UnicodeDecodeError:
        raise EnvelopeError("envelope key id is not ASCII") from None
    return key_id, envelope[2 + id_length : body_start], envelope[body_start:]


def open_sealed(cipher_for: Callable[[str], AESGCM], envelope: bytes, aad: bytes) -> bytes:
    """Opens an envelope; ``cipher_for`` maps the envelope's key id to a cipher."""
    key_id, nonce, body = _split(envelope)
    cipher = cipher_for(key_id)
    try:
        return cipher.decrypt(nonce, body, aad)
    except InvalidTag:
        raise TamperedError("ciphertext failed authentication") from None


def _data_key_aad(conversation_id: str, generation: int) -> bytes:
    return f"transcripts/data-key|{conversation_id}|{generation}".encode()


def _master_cipher(key_id: str) -> AESGCM:
    ring = key_ring()
    if key_id not in ring.keys:
        raise UnknownKeyError(f"master key {key_id!r} is not in the ring")
    return AESGCM(ring.keys[key_id])


def wrap_data_key(conversation_id: str, generation: int, data_key: bytes) -> tuple[str, bytes]:
    """Returns (master key id, wrapped key) under the ring's primary key."""
    ring = key_ring()
    wrapped = seal(
        AESGCM(ring.primary),
        ring.primary_id,
        data_key,
        _data_key_aad(conversation_id, generation),
    )
    return ring.primary_id, wrapped


def unwrap_data_key(conversation_id: str, generation: int, wrapped: bytes) -> bytes:
    return open_sealed(_master_cipher, wrapped, _data_key_aad(conversation_id, generation))


def normalise_email(email: str) -> str:
    """NFKC, trimmed, lower-cased. ``+tags`` are kept: they may be different people."""
    return unicodedata.normalize("NFKC", email).strip().lower()


@functools.lru_cache(maxsize=64)
def _index_key(master_key: bytes, info: bytes = BLIND_INDEX_INFO) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(master_key)


def email_blind_index(email: str, key_id: str | None = None) -> tuple[str, str]:
    """Returns (master key id, hex digest) of the email under that key (primary by default)."""
    ring = key_ring()
    key_id = key_id or ring.primary_id
    if key_id not in ring.keys:
        raise UnknownKeyError(f"master key {key_id!r} is not in the ring")
    digest = hmac.new(
        _index_key(ring.keys[key_id]), normalise_email(email).encode("utf-8"), hashlib.sha256
    )
    return key_id, digest.hexdigest()


def email_blind_index_candidates(email: str) -> list[str]:
    """The email's index digest under every key in the ring, for look-ups during rotation."""
    return [email_blind_index(email, key_id)[1] for key_id in key_ring().keys]


def detail_blind_index(kind: str, normalised: str, key_id: str | None = None) -> tuple[str, str]:
    """(master key id, hex digest) of a normalised visitor detail of ``kind`` (name,
    surname, address, postcode, phone), under a key derived for that kind alone, so equal
    values of different kinds never share a digest."""
    ring = key_ring()
    key_id = key_id or ring.primary_id
    if key_id not in ring.keys:
        raise UnknownKeyError(f"master key {key_id!r} is not in the ring")
    info = DETAIL_INDEX_INFO.replace(b"{kind}", kind.encode("ascii"))
    digest = hmac.new(_index_key(ring.keys[key_id], info), normalised.encode(), hashlib.sha256)
    return key_id, digest.hexdigest()


def address_index(address: str) -> str:
    """A keyed hash (HMAC-SHA256, hex) of a client address under the primary master key,
    with its own derivation label: equal addresses match, and without the key the
    index neither reveals nor confirms an address. Only short-lived limits use it, so
    indexes made under an earlier primary key simply stop matching after a rotation."""
    ring = key_ring()
    key = _index_key(ring.keys[ring.primary_id], ADDRESS_INDEX_INFO)
    return hmac.new(key, address.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()


class DataKeyCache:
    """A bounded, short-lived, thread-safe cache of unwrapped data keys.

    Unwrapping costs an AES operation and a database read; a busy conversation
    seals a message every few seconds. Entries expire after ``ttl`` seconds so a
    key destroyed in another process stops being usable here soon after.
    """

    def __init__(self, max_entries: int, ttl: float) -> None:
        self.max_entries = max_entries
        self.ttl = ttl
        self._entries: OrderedDict[Hashable, tuple[float, AESGCM]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> AESGCM | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, cipher: AESGCM) -> None:
        if self.max_entries == 0 or self.ttl <= 0:
            return
        with self._lock:
            self._entries[key] = (time.monotonic() + self.ttl, cipher)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def discard(self, key: Hashable) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def evict_where(self, predicate: Callable[[Hashable], bool]) -> None:
        with self._lock:
            for key in [key for key in self._entries if predicate(key)]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
