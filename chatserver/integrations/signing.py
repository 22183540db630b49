"""Signing to the Standard Webhooks specification.

A secret is ``whsec_`` and the base64 of 32 random bytes. Each delivery carries three
headers: ``webhook-id`` (the event's id, the same on every retry: receivers deduplicate by
it), ``webhook-timestamp`` (seconds since the epoch, when this attempt was signed) and
``webhook-signature``: ``v1,`` and the base64 of HMAC-SHA256 under the secret's bytes of
``{id}.{timestamp}.{body}``, the body exactly as sent. Any Standard Webhooks library
verifies it (docs/integrations.md).
"""

import base64
import binascii
import hashlib
import hmac
import secrets

PREFIX = "whsec_"
SECRET_BYTES = 32


class BadSecret(ValueError):
    """A secret not in the ``whsec_`` form (the message never holds the secret)."""


def new_secret() -> str:
    """A fresh signing secret in the ``whsec_`` form."""
    return PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii")


def secret_bytes(secret: str) -> bytes:
    """The key bytes of a ``whsec_`` secret; raises ``BadSecret`` for anything else."""
    if not secret.startswith(PREFIX):
        raise BadSecret("a signing secret starts with whsec_")
    try:
        key = base64.b64decode(secret[len(PREFIX) :], validate=True)
    except (binascii.Error, ValueError):
        raise BadSecret("a signing secret is whsec_ and base64") from None
    if not 24 <= len(key) <= 64:
        raise BadSecret("a signing secret holds 24 to 64 bytes")
    return key


def signature(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value of a body sent with this id and timestamp."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(key: bytes, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The headers of a signed delivery (with its content type)."""
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(key, message_id, timestamp, body),
    }
