"""Assertions as a landlord's portal signs them, for the tests of ``chatserver.tenant_portal``:
keys of each algorithm the server takes, and ``assertion(...)`` with claims that pass
unless a test changes one."""

import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

ISSUER = "https://portal.example.org"
AUDIENCE = "housing-chat-test"
SECRET = "a-shared-secret-of-at-least-thirty-two-bytes"
EC_KEY = ec.generate_private_key(ec.SECP256R1())
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_EC_KEY = ec.generate_private_key(ec.SECP256R1())


def public_pem(private: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def configure(settings: Any, algorithm: str = "ES256") -> None:
    """Points the server's portal settings at this module's key of ``algorithm``."""
    keys = {"HS256": SECRET, "ES256": public_pem(EC_KEY), "RS256": public_pem(RSA_KEY)}
    settings.TENANT_PORTAL_ALGORITHM = algorithm
    settings.TENANT_PORTAL_KEY = keys[algorithm]
    settings.TENANT_PORTAL_KEY_FILE = ""
    settings.TENANT_PORTAL_ISSUER = ISSUER
    settings.TENANT_PORTAL_AUDIENCE = AUDIENCE
    settings.TENANT_PORTAL_MAX_LIFETIME_SECONDS = 300
    settings.TENANT_PORTAL_LEEWAY_SECONDS = 30


def claims(reference: str = "TN-0042117", name: str | None = "Sam Tenant", **changes: Any) -> dict:
    now = int(time.time())
    made: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": reference,
        "iat": now,
        "exp": now + 120,
        "jti": uuid.uuid4().hex,
    }
    if name is not None:
        made["name"] = name
    made.update(changes)
    return {claim: value for claim, value in made.items() if value is not None}


def assertion(algorithm: str = "ES256", key: Any = None, **changes: Any) -> str:
    """A signed assertion; ``changes`` replace claims (None drops one)."""
    keys = {"HS256": SECRET, "ES256": EC_KEY, "RS256": RSA_KEY}
    signing_key = keys[algorithm] if key is None else key
    return jwt.encode(claims(**changes), signing_key, algorithm=algorithm)
