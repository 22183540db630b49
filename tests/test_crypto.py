"""Envelope encryption primitives, the key ring and the blind index."""

import base64
import time

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ImproperlyConfigured

from transcripts.checks import check_key_ring
from transcripts.record import crypto
from transcripts.record.keyring import KeyRingError, parse_key_ring


def _key(byte: int) -> str:
    return base64.b64encode(bytes([byte]) * 32).decode()


def test_envelope_leads_with_version_key_id_and_nonce() -> None:
    envelope = crypto.seal(AESGCM(b"\x01" * 32), "7", b"hello", b"aad")
    assert envelope[0] == crypto.ENVELOPE_VERSION
    assert envelope[1] == 1 and envelope[2:3] == b"7"
    nonce = envelope[3:15]
    assert len(nonce) == crypto.NONCE_BYTES
    assert len(envelope) == 3 + 12 + len(b"hello") + 16


def test_round_trip_and_associated_data_binding() -> None:
    cipher = AESGCM(b"\x02" * 32)
    envelope = crypto.seal(cipher, "1", "Grüße 🏠".encode(), b"conv-a|message|1|body")
    assert crypto.open_sealed(lambda _: cipher, envelope, b"conv-a|message|1|body") == (
        "Grüße 🏠".encode()
    )
    with pytest.raises(crypto.TamperedError):
        crypto.open_sealed(lambda _: cipher, envelope, b"conv-b|message|1|body")


@pytest.mark.parametrize("position", [3, 15, -1])
def test_flipped_byte_fails_authentication(position: int) -> None:
    cipher = AESGCM(b"\x03" * 32)
    envelope = bytearray(crypto.seal(cipher, "1", b"secret text", b"aad"))
    envelope[position] ^= 0x01
    with pytest.raises(InvalidTag):
        crypto.open_sealed(lambda _: cipher, bytes(envelope), b"aad")


@pytest.mark.parametrize(
    "envelope",
    [b"", b"\x01", b"\x01\x01", b"\x01\x011" + b"\x00" * 20, b"\x02\x011" + b"\x00" * 40],
)
def test_malformed_envelopes_raise_envelope_error(envelope: bytes) -> None:
    with pytest.raises(crypto.EnvelopeError):
        crypto.open_sealed(lambda _: AESGCM(b"\x00" * 32), envelope, b"aad")


def test_data_keys_wrap_under_the_primary_and_bind_to_their_place() -> None:
    data_key = crypto.new_data_key()
    key_id, wrapped = crypto.wrap_data_key("conversation-1", 1, data_key)
    assert key_id == crypto.key_ring().primary_id == "test-primary"
    assert crypto.envelope_key_id(wrapped) == "test-primary"
    assert data_key not in wrapped
    assert crypto.unwrap_data_key("conversation-1", 1, wrapped) == data_key
    with pytest.raises(crypto.TamperedError):
        crypto.unwrap_data_key("conversation-2", 1, wrapped)
    with pytest.raises(crypto.TamperedError):
        crypto.unwrap_data_key("conversation-1", 2, wrapped)


def test_unknown_master_key_is_a_specific_error(settings) -> None:
    _key_id, wrapped = crypto.wrap_data_key("c", 1, crypto.new_data_key())
    settings.TRANSCRIPT_KEYS = f"other:{_key(9)}"
    with pytest.raises(crypto.UnknownKeyError) as error:
        crypto.unwrap_data_key("c", 1, wrapped)
    assert "test-primary" in str(error.value)


def test_no_repeated_nonce_in_100000_seals() -> None:
    """Nonces and data keys are never worn out: no repeated (key, nonce) pair."""
    cipher = AESGCM(b"\x04" * 32)
    nonces = {crypto.seal(cipher, "1", b"x", b"a")[3:15] for _ in range(100_000)}
    assert len(nonces) == 100_000


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alice@Example.com ", "alice@example.com"),
        ("  ALICE@EXAMPLE.COM", "alice@example.com"),
        ("ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ", "alice@example.com"),
    ],
)
def test_blind_index_normalises_case_space_and_width(a: str, b: str) -> None:
    assert crypto.email_blind_index(a) == crypto.email_blind_index(b)


def test_blind_index_keeps_plus_tags_distinct_and_is_keyed() -> None:
    plain = crypto.email_blind_index("alice@example.com")[1]
    assert crypto.email_blind_index("alice+rent@example.com")[1] != plain
    older = crypto.email_blind_index("alice@example.com", "test-older")[1]
    assert older != plain
    assert crypto.email_blind_index_candidates("alice@example.com") == [plain, older]
    assert crypto._index_key(crypto.key_ring().primary) != crypto.key_ring().primary


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no keys"),
        ("nocolon", "not of the form"),
        ("bad id!:" + _key(1), "invalid key id"),
        ("k1:" + _key(1) + ",k1:" + _key(2), "appears twice"),
        ("k1:%%%", "not valid base64"),
        ("k1:" + base64.b64encode(b"short").decode(), "32 bytes"),
    ],
)
def test_key_ring_errors_name_the_problem_not_the_key(text: str, message: str) -> None:
    with pytest.raises(KeyRingError) as error:
        parse_key_ring(text)
    assert message in str(error.value)
    assert _key(1) not in str(error.value) and _key(2) not in str(error.value)


def test_a_malformed_ring_in_the_settings_is_check_error_e003_without_the_key(settings) -> None:
    assert check_key_ring() == []
    settings.TRANSCRIPT_KEYS = f"k1:{_key(1)},k2:{_key(2)[:-4]}"
    [error] = check_key_ring()
    assert error.id == "transcripts.E003" and "TRANSCRIPT_KEYS is invalid" in error.msg
    assert _key(1) not in error.msg and _key(2)[:-4] not in error.msg
    with pytest.raises(ImproperlyConfigured, match="TRANSCRIPT_KEYS is invalid"):
        crypto.key_ring()


def test_an_empty_ring_is_check_error_e001(settings) -> None:
    settings.TRANSCRIPT_KEYS = ""
    assert [error.id for error in check_key_ring()] == ["transcripts.E001"]


def test_key_ring_repr_holds_no_key_material() -> None:
    ring = parse_key_ring(f"a:{_key(1)},b:{_key(2)}")
    assert ring.primary_id == "a"
    assert _key(1) not in repr(ring) and "\\x01" not in repr(ring)


def test_data_key_cache_is_bounded_and_expires() -> None:
    cache = crypto.DataKeyCache(max_entries=2, ttl=0.2)
    ciphers = [AESGCM(bytes([n]) * 32) for n in range(3)]
    for n, cipher in enumerate(ciphers):
        cache.put(("c", n), cipher)
    assert len(cache) == 2
    assert cache.get(("c", 0)) is None
    assert cache.get(("c", 2)) is ciphers[2]
    time.sleep(0.25)
    assert cache.get(("c", 2)) is None
