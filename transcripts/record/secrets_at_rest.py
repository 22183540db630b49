"""Secrets the server must read back (a webhook's signing secret), sealed at rest.

Design. Such a secret is not a visitor's and belongs to no conversation, so it has no data
key of its own: it is sealed with AES-256-GCM directly under the primary master key of the
ring in ``TRANSCRIPT_KEYS``, in the record's envelope format (``crypto``), with associated
data naming its purpose and row, so an envelope copied to another row or purpose fails to
open. The envelope names the master key that sealed it; it opens while that key is in the
ring (rotation keeps retired keys there until nothing rests on them). A missing ring fails
closed (``ImproperlyConfigured``), never falling back to ``SECRET_KEY``.
"""

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from transcripts.record import crypto


def _aad(purpose: str, row: str) -> bytes:
    return f"transcripts/secret|{purpose}|{row}".encode()


def _cipher_for(key_id: str) -> AESGCM:
    ring = crypto.key_ring()
    if key_id not in ring.keys:
        raise crypto.UnknownKeyError(f"master key {key_id!r} is not in the ring")
    return AESGCM(ring.keys[key_id])


def seal_secret(purpose: str, row: str, secret: bytes) -> bytes:
    """The envelope of ``secret`` under the ring's primary key, bound to purpose and row."""
    ring = crypto.key_ring()
    return crypto.seal(AESGCM(ring.primary), ring.primary_id, secret, _aad(purpose, row))


def open_secret(purpose: str, row: str, envelope: bytes) -> bytes:
    """The secret sealed by ``seal_secret`` for the same purpose and row; raises
    ``CryptoError`` (with no key material) when it cannot be opened."""
    return crypto.open_sealed(_cipher_for, envelope, _aad(purpose, row))


def sealed_under(envelope: bytes) -> str:
    """The id of the master key an envelope was sealed under."""
    return crypto.envelope_key_id(envelope)


def primary_key_id() -> str:
    """The id of the ring's primary key (the one ``seal_secret`` seals under now)."""
    return crypto.key_ring().primary_id
