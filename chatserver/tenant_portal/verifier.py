"""Verifies a portal's assertion: a JWT signed under the configured key, for this server's
audience, from the configured issuer, short-lived, holding an opaque tenancy reference
(``sub``) and optionally a display name (``name``).

Pure and total: any input, of any type, gives ``Verified`` or ``Refused`` with a reason
from ``REASONS``, never an exception (tests/test_tenant_portal_verifier.py draws bytes and
claims with hypothesis). Only the one configured algorithm is accepted, never one read
from the token, so ``alg: none`` and HS/RS confusion are refused by PyJWT itself. Single
use is the caller's (``actions``): it remembers ``digest`` until ``expires_at``.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jwt

from chatserver.tenant_portal.config import PortalConfig

MAX_TOKEN_LENGTH = 4096
MAX_REFERENCE_LENGTH = 64
MAX_NAME_LENGTH = 100
MAX_JTI_LENGTH = 200
REQUIRED_CLAIMS = ["exp", "iat", "jti", "sub", "iss", "aud"]
REASONS = (
    "malformed",
    "signature",
    "algorithm",
    "expired",
    "not_yet_valid",
    "audience",
    "issuer",
    "claims",
    "too_long_lived",
    "replayed",
    "not_configured",
)
# The most specific PyJWT errors first: each is a subclass of the ones below it.
_ERROR_REASONS: tuple[tuple[type[Exception], str], ...] = (
    (jwt.InvalidAlgorithmError, "algorithm"),
    (jwt.InvalidSignatureError, "signature"),
    (jwt.ExpiredSignatureError, "expired"),
    (jwt.ImmatureSignatureError, "not_yet_valid"),
    (jwt.InvalidAudienceError, "audience"),
    (jwt.InvalidIssuerError, "issuer"),
    (jwt.DecodeError, "malformed"),
    (jwt.PyJWTError, "claims"),
)


@dataclass(frozen=True)
class Verified:
    reference: str
    display_name: str | None
    digest: str  # of the issuer and jti: what single use remembers
    expires_at: datetime


@dataclass(frozen=True)
class Refused:
    reason: str


def verify(token: object, config: PortalConfig) -> Verified | Refused:
    """The assertion's tenant, or why it is refused."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        return Refused("malformed")
    if not token.isascii():
        return Refused("malformed")
    try:
        claims = jwt.decode(
            token,
            config.key,
            algorithms=[config.algorithm],
            audience=config.audience,
            issuer=config.issuer,
            leeway=config.leeway,
            options={"require": REQUIRED_CLAIMS, "strict_aud": True},
        )
    except (ValueError, TypeError, OverflowError, jwt.PyJWTError) as error:
        return Refused(_reason(error))
    return _tenant(claims, config)


def _reason(error: Exception) -> str:
    for kind, reason in _ERROR_REASONS:
        if isinstance(error, kind):
            return reason
    return "malformed"


def _text(value: Any, limit: int) -> str | None:
    """A claim's text when it is printable and within ``limit``; else None."""
    if not isinstance(value, str):
        return None
    text: str = value.strip()
    if not text or len(text) > limit or not text.isprintable():
        return None
    return text


def _tenant(claims: dict[str, Any], config: PortalConfig) -> Verified | Refused:
    issued, expires = claims["iat"], claims["exp"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (issued, expires)):
        return Refused("claims")
    if expires - issued > config.max_lifetime:
        return Refused("too_long_lived")
    reference = _text(claims["sub"], MAX_REFERENCE_LENGTH)
    jti = _text(claims["jti"], MAX_JTI_LENGTH)
    name = claims.get("name")
    display_name = None if name is None else _text(name, MAX_NAME_LENGTH)
    if reference is None or jti is None or (name is not None and display_name is None):
        return Refused("claims")
    try:
        expires_at = datetime.fromtimestamp(expires, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return Refused("claims")
    digest = hashlib.sha256(f"{config.issuer}\n{jti}".encode()).hexdigest()
    return Verified(reference, display_name, digest, expires_at)
