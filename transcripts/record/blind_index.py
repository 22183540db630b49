"""Blind indexes: keyed hashes that let the service find or count by a visitor's email,
name, address, postcode, phone number, tenancy reference or client address without storing
any of them.

Made under the master key ring, so without the keys an index neither reveals nor confirms
a value; while the ring rotates, a value is looked up under every key. The chat, the store
and compliance use these functions; only the record's own modules touch ``crypto``.
"""

from collections.abc import Callable

from transcripts.record import crypto, normalise


def email_index(email: str) -> tuple[str, str]:
    """(master key id, digest) of the email's blind index under the primary key."""
    return crypto.email_blind_index(email)


def email_index_candidates(email: str) -> list[str]:
    """The email's blind index under every key of the ring (the ring may be rotating)."""
    return crypto.email_blind_index_candidates(email)


def same_email(first: str, second: str) -> bool:
    """Whether two emails are equal as the blind index compares them."""
    return crypto.normalise_email(first) == crypto.normalise_email(second)


def is_index_key(key_id: str) -> bool:
    """Whether ``key_id`` is still a key of the ring, so indexes made under it can match."""
    return key_id in crypto.key_ring().keys


def address_index(address: str) -> str:
    """The client address's blind index under the primary key (short-lived limits only)."""
    return crypto.address_index(address)


# The visitor's details that are indexed, by kind, each with how it is normalised.
NORMALISERS: dict[str, Callable[[str], str]] = {
    "name": normalise.name,
    "surname": normalise.surname,
    "address": normalise.address,
    "postcode": normalise.postcode,
    "phone": normalise.phone,
    "tenancy": normalise.tenancy_reference,
}


def detail_index(kind: str, value: str) -> tuple[str, str] | None:
    """(master key id, digest) of the value's ``kind`` index under the primary key; None
    when the value holds nothing of that kind (no postcode in the address, say)."""
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return None
    return crypto.detail_blind_index(kind, normalised)


def detail_index_candidates(kind: str, value: str) -> list[str]:
    """The value's ``kind`` index under every key of the ring; [] when there is none."""
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return []
    return [
        crypto.detail_blind_index(kind, normalised, key_id)[1] for key_id in crypto.key_ring().keys
    ]
