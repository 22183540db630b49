"""The portal's assertion verifier: a valid assertion of each supported algorithm gives its
tenant; a forged, expired, not-yet-valid, wrong-audience, wrong-issuer or too long-lived
one is refused with its reason; and any input at all gives verified-or-refused, never an
exception."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chatserver.tenant_portal import config, verifier
from tests import portal_assertions as portal


@pytest.fixture
def es256(settings: Any) -> config.PortalConfig:
    portal.configure(settings, "ES256")
    made = config.configured()
    assert made is not None
    return made


def configured_for(settings: Any, algorithm: str) -> config.PortalConfig:
    portal.configure(settings, algorithm)
    made = config.configured()
    assert made is not None
    return made


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hand_signed(header: dict[str, Any], claims: dict[str, Any], secret: bytes | None) -> str:
    """A token put together by hand, as an attacker would (PyJWT refuses to make these)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    if secret is None:
        return f"{signing_input}."
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


@pytest.mark.parametrize("algorithm", ["HS256", "ES256", "RS256"])
def test_a_valid_assertion_gives_its_tenant(settings: Any, algorithm: str) -> None:
    made = configured_for(settings, algorithm)
    outcome = verifier.verify(portal.assertion(algorithm, reference="TN-77001"), made)
    assert isinstance(outcome, verifier.Verified)
    assert (outcome.reference, outcome.display_name) == ("TN-77001", "Sam Tenant")
    assert len(outcome.digest) == 64


def test_the_display_name_is_optional(es256: config.PortalConfig) -> None:
    outcome = verifier.verify(portal.assertion(name=None), es256)
    assert isinstance(outcome, verifier.Verified) and outcome.display_name is None


def now() -> int:
    return int(time.time())


# Times relative to when each test runs (collection may be minutes earlier).
REFUSALS: list[tuple[str, Callable[[int], dict[str, Any]], str]] = [
    ("wrong key", lambda t: {"key": portal.OTHER_EC_KEY}, "signature"),
    ("expired", lambda t: {"iat": t - 400, "exp": t - 200}, "expired"),
    ("not yet valid", lambda t: {"nbf": t + 600}, "not_yet_valid"),
    ("issued in the future", lambda t: {"iat": t + 600, "exp": t + 700}, "not_yet_valid"),
    ("wrong audience", lambda t: {"aud": "another-chat"}, "audience"),
    ("audience list", lambda t: {"aud": [portal.AUDIENCE, "another"]}, "audience"),
    ("wrong issuer", lambda t: {"iss": "https://evil.example"}, "issuer"),
    ("too long-lived", lambda t: {"iat": t, "exp": t + 3600}, "too_long_lived"),
    ("no jti", lambda t: {"jti": None}, "claims"),
    ("no reference", lambda t: {"reference": None}, "claims"),
    ("no expiry", lambda t: {"exp": None}, "claims"),
    ("a reference too long", lambda t: {"reference": "R" * 65}, "claims"),
    ("a reference not text", lambda t: {"reference": 1234567}, "claims"),
    ("a name not printable", lambda t: {"name": "Sam\nTenant"}, "claims"),
    ("a name too long", lambda t: {"name": "n" * 101}, "claims"),
]


@pytest.mark.parametrize(("case", "changes", "reason"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_bad_assertion_is_refused_with_its_reason(
    es256: config.PortalConfig,
    case: str,
    changes: Callable[[int], dict[str, Any]],
    reason: str,
) -> None:
    outcome = verifier.verify(portal.assertion("ES256", **changes(now())), es256)
    assert outcome == verifier.Refused(reason), case


def test_alg_none_is_refused(settings: Any) -> None:
    for algorithm in ("HS256", "ES256"):
        made = configured_for(settings, algorithm)
        unsigned = hand_signed({"alg": "none", "typ": "JWT"}, portal.claims(), None)
        assert verifier.verify(unsigned, made) == verifier.Refused("algorithm")


def test_an_hs256_token_signed_with_the_public_key_is_refused(settings: Any) -> None:
    """Algorithm confusion: the RS256 (or ES256) public key is public, so a token HMAC-signed
    with it must not pass as the portal's."""
    for algorithm in ("RS256", "ES256"):
        made = configured_for(settings, algorithm)
        pem = settings.TENANT_PORTAL_KEY.encode()
        forged = hand_signed({"alg": "HS256", "typ": "JWT"}, portal.claims(), pem)
        assert verifier.verify(forged, made) == verifier.Refused("algorithm")


def test_an_asymmetric_token_is_refused_under_a_shared_secret(settings: Any) -> None:
    made = configured_for(settings, "HS256")
    assert verifier.verify(portal.assertion("ES256"), made) == verifier.Refused("algorithm")


def test_a_token_of_another_secret_is_refused(settings: Any) -> None:
    made = configured_for(settings, "HS256")
    forged = portal.assertion("HS256", key="another-secret-that-is-long-enough-to-use")
    assert verifier.verify(forged, made) == verifier.Refused("signature")


def test_a_tampered_claim_breaks_the_signature(es256: config.PortalConfig) -> None:
    header, _claims, signature = portal.assertion().split(".")
    changed = b64(json.dumps(portal.claims(reference="TN-99999")).encode())
    outcome = verifier.verify(f"{header}.{changed}.{signature}", es256)
    assert outcome == verifier.Refused("signature")


@pytest.mark.parametrize(
    "token", [None, 42, b"bytes", ["a", "list"], {}, "", "x" * 5000, "é.é.é", "a.b", "..."]
)
def test_what_is_no_token_is_refused_as_malformed(es256: config.PortalConfig, token: Any) -> None:
    assert verifier.verify(token, es256) == verifier.Refused("malformed")


def same_or_refused(outcome: object) -> None:
    assert isinstance(outcome, verifier.Verified | verifier.Refused)
    if isinstance(outcome, verifier.Refused):
        assert outcome.reason in verifier.REASONS


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=600))
def test_any_bytes_give_verified_or_refused(data: bytes) -> None:
    made = config._parse("HS256", portal.SECRET, "", portal.ISSUER, portal.AUDIENCE, 300, 30)
    assert made is not None
    for token in (data, data.decode("latin-1"), b64(data), f"{b64(data)}.{b64(data)}.{b64(data)}"):
        outcome = verifier.verify(token, made)
        same_or_refused(outcome)
        assert not isinstance(outcome, verifier.Verified)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)
CLAIM_NAMES = st.sampled_from(["iss", "aud", "sub", "iat", "exp", "nbf", "jti", "name"])


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.dictionaries(CLAIM_NAMES, JSON_VALUES, max_size=4), drop=st.booleans())
def test_any_signed_claims_give_verified_or_refused(changes: dict[str, Any], drop: bool) -> None:
    """Correctly signed by the portal, but with claims of any type and value: the
    verifier's own checks refuse what PyJWT lets through, and never raise."""
    made = config._parse("HS256", portal.SECRET, "", portal.ISSUER, portal.AUDIENCE, 300, 30)
    assert made is not None
    claims = portal.claims() | changes
    if drop and changes:
        claims.pop(next(iter(changes)))
    # By hand: PyJWT's encoder refuses some of these claims (an issuer not text).
    token = hand_signed({"alg": "HS256", "typ": "JWT"}, claims, portal.SECRET.encode())
    outcome = verifier.verify(token, made)
    same_or_refused(outcome)
    if isinstance(outcome, verifier.Verified):
        assert isinstance(claims["sub"], str) and outcome.reference == claims["sub"].strip()


@given(header=st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=4))
@hypothesis_settings(max_examples=200, deadline=None)
def test_any_header_gives_verified_or_refused(header: dict[str, Any]) -> None:
    made = config._parse("HS256", portal.SECRET, "", portal.ISSUER, portal.AUDIENCE, 300, 30)
    assert made is not None
    token = hand_signed(header, portal.claims(), portal.SECRET.encode())
    same_or_refused(verifier.verify(token, made))
