"""Blind indexes: keyed hashes that let the service find or count by a visitor's email or
client address without storing either.

Made under the master key ring, so without the keys an index neither reveals nor confirms
a value; while the ring rotates, a value is looked up under every key. The chat, the store
and compliance use these functions; only the record's own modules touch ``crypto``.
"""

from transcripts.record import crypto


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
