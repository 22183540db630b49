"""The master key ring, parsed from ``TRANSCRIPT_KEYS``.

Settings hold the ring as text; ``configured_key_ring`` parses it once per text,
and the system check transcripts.E003 reports a bad one at start-up, without key
material. The format is ``id:base64-of-32-bytes`` entries separated by commas;
the first entry is the primary key, which wraps new data keys, and every entry
can unwrap the data keys that name it.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


class KeyRingError(ValueError):
    """The ring's text is malformed. The message never contains key material."""


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    primary_id: str

    @property
    def primary(self) -> bytes:
        return self.keys[self.primary_id]

    def __repr__(self) -> str:
        return f"KeyRing(ids={list(self.keys)}, primary={self.primary_id!r})"


def parse_key_ring(text: str) -> KeyRing:
    keys: dict[str, bytes] = {}
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise KeyRingError("the ring holds no keys")
    for position, entry in enumerate(entries, start=1):
        key_id, sep, encoded = entry.partition(":")
        if not sep:
            raise KeyRingError(f"entry {position} is not of the form id:base64")
        if not _KEY_ID.match(key_id):
            raise KeyRingError(f"entry {position} has an invalid key id (letters, digits, _.-)")
        if key_id in keys:
            raise KeyRingError(f"key id {key_id!r} appears twice")
        try:
            material = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise KeyRingError(f"key {key_id!r} is not valid base64") from None
        if len(material) != KEY_BYTES:
            raise KeyRingError(f"key {key_id!r} must decode to {KEY_BYTES} bytes")
        keys[key_id] = material
    return KeyRing(keys=keys, primary_id=next(iter(keys)))


def format_key_entry(key_id: str, material: bytes) -> str:
    return f"{key_id}:{base64.b64encode(material).decode('ascii')}"


@lru_cache(maxsize=4)
def _ring_from_text(text: str) -> KeyRing | None:
    if not text:
        return None
    try:
        return parse_key_ring(text)
    except KeyRingError as error:
        raise ImproperlyConfigured(f"TRANSCRIPT_KEYS is invalid: {error}.") from None


def configured_key_ring() -> KeyRing | None:
    """The ring in ``TRANSCRIPT_KEYS`` (None when there is none). A malformed ring
    raises ``ImproperlyConfigured``, whose message holds no key material."""
    text: str = settings.TRANSCRIPT_KEYS
    return _ring_from_text(text)
