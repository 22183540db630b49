"""Signing to the Standard Webhooks specification: what we sign, the Standard Webhooks
library (as a landlord's receiver would use it) verifies; any change to the id, the time
or a byte of the body fails; secrets are ``whsec_`` and refused otherwise."""

import base64
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from chatserver.integrations import signing

SECRET = signing.new_secret()
KEY = signing.secret_bytes(SECRET)
ids = st.text(
    st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=". "),
    min_size=1,
    max_size=40,
)


def now() -> int:
    return int(datetime.now(tz=UTC).timestamp())


@given(message_id=ids, body=st.binary(max_size=2000))
def test_the_library_verifies_every_signed_body(message_id: str, body: bytes) -> None:
    timestamp = now()
    headers = signing.headers(KEY, message_id, timestamp, body)
    Webhook(SECRET).verify(body, headers, json_parse=False)
    expected = Webhook(SECRET).sign(message_id, datetime.fromtimestamp(timestamp, tz=UTC), body)
    assert headers["webhook-signature"] == expected


@given(message_id=ids, body=st.binary(min_size=1, max_size=500), flip=st.integers(0, 499))
def test_a_changed_byte_of_the_body_fails_verification(
    message_id: str, body: bytes, flip: int
) -> None:
    headers = signing.headers(KEY, message_id, now(), body)
    changed = bytearray(body)
    changed[flip % len(body)] ^= 0x01
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(bytes(changed), headers, json_parse=False)


def test_another_id_an_old_time_or_another_secret_fails() -> None:
    body = b'{"type":"conversation.created"}'
    headers = signing.headers(KEY, "evt-1", now(), body)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body, {**headers, "webhook-id": "evt-2"}, json_parse=False)
    with pytest.raises(WebhookVerificationError):
        Webhook(signing.new_secret()).verify(body, headers, json_parse=False)
    old = signing.headers(KEY, "evt-1", now() - 3600, body)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body, old, json_parse=False)


def test_the_signature_is_v1_and_base64_of_hmac_sha256_over_id_time_and_body() -> None:
    # The specification's own example secret, id, time and body.
    key = signing.secret_bytes("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    body = b'{"test": 2432232314}'
    value = signing.signature(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert value == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_a_new_secret_is_whsec_and_32_random_bytes() -> None:
    secret = signing.new_secret()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert secret != signing.new_secret()


@pytest.mark.parametrize(
    "text",
    ["", "whsec_", "sk_abc", "whsec_not base64!", "whsec_" + base64.b64encode(b"short").decode()],
)
def test_a_secret_not_in_the_whsec_form_is_refused(text: str) -> None:
    with pytest.raises(signing.BadSecret):
        signing.secret_bytes(text)


@given(st.text(max_size=80))
def test_any_text_is_a_secret_or_a_clear_refusal(text: str) -> None:
    try:
        key = signing.secret_bytes(text)
    except signing.BadSecret:
        return
    assert 24 <= len(key) <= 64
