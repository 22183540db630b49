"""The portal's verification key and claims, parsed once from the plain settings
(``chatserver.tenant_portal_settings``). A bad set-up raises ``ImproperlyConfigured``,
reported at start-up as tenant_portal.E001; an unset key means the feature is off."""

import functools
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHMS = ("HS256", "ES256", "RS256")
MIN_SECRET_BYTES = 32
MIN_RSA_BITS = 2048
VerificationKey = bytes | ec.EllipticCurvePublicKey | rsa.RSAPublicKey


@dataclass(frozen=True)
class PortalConfig:
    algorithm: str
    key: VerificationKey
    issuer: str
    audience: str
    max_lifetime: int
    leeway: int


def configured() -> PortalConfig | None:
    """The portal's configuration; None when no key is set (the feature is off)."""
    return _parse(
        settings.TENANT_PORTAL_ALGORITHM,
        settings.TENANT_PORTAL_KEY,
        settings.TENANT_PORTAL_KEY_FILE,
        settings.TENANT_PORTAL_ISSUER,
        settings.TENANT_PORTAL_AUDIENCE,
        settings.TENANT_PORTAL_MAX_LIFETIME_SECONDS,
        settings.TENANT_PORTAL_LEEWAY_SECONDS,
    )


@functools.lru_cache(maxsize=4)
def _parse(
    algorithm: str,
    key: str,
    key_file: str,
    issuer: str,
    audience: str,
    max_lifetime: int,
    leeway: int,
) -> PortalConfig | None:
    if key and key_file:
        raise ImproperlyConfigured("set TENANT_PORTAL_KEY or TENANT_PORTAL_KEY_FILE, not both")
    if key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ImproperlyConfigured(f"TENANT_PORTAL_KEY_FILE cannot be read: {error}") from None
    if not key:
        return None
    if algorithm not in ALGORITHMS:
        raise ImproperlyConfigured(
            f"TENANT_PORTAL_ALGORITHM must be one of {', '.join(ALGORITHMS)}"
        )
    if not issuer or not audience:
        raise ImproperlyConfigured("TENANT_PORTAL_ISSUER and TENANT_PORTAL_AUDIENCE must be set")
    if leeway >= max_lifetime:
        raise ImproperlyConfigured("TENANT_PORTAL_LEEWAY_SECONDS must be under the lifetime")
    return PortalConfig(algorithm, _key(algorithm, key), issuer, audience, max_lifetime, leeway)


def _key(algorithm: str, text: str) -> VerificationKey:
    if algorithm == "HS256":
        if text.startswith("-----BEGIN"):
            raise ImproperlyConfigured("HS256 takes a shared secret, not a PEM key")
        secret = text.encode("utf-8")
        if len(secret) < MIN_SECRET_BYTES:
            raise ImproperlyConfigured(f"the HS256 secret needs {MIN_SECRET_BYTES} bytes or more")
        return secret
    try:
        public = serialization.load_pem_public_key(text.encode("utf-8"))
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"TENANT_PORTAL_KEY is no PEM public key: {error}") from None
    if algorithm == "ES256":
        if not isinstance(public, ec.EllipticCurvePublicKey) or public.curve.name != "secp256r1":
            raise ImproperlyConfigured("ES256 needs an EC P-256 public key")
        return public
    if not isinstance(public, rsa.RSAPublicKey) or public.key_size < MIN_RSA_BITS:
        raise ImproperlyConfigured(f"RS256 needs an RSA public key of {MIN_RSA_BITS} bits or more")
    return public
