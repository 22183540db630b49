"""Serialising work on one address or session across processes, within a transaction.

Counting past a limit and then inserting is only safe when two requests for the same key
cannot both count before either inserts, in whichever process they run.
"""

from django.db import connection


def _lock_key(digest: str) -> int:
    """A signed 64-bit advisory lock key from a hex digest (an HMAC or hash, so well spread)."""
    return int.from_bytes(bytes.fromhex(digest[:16].ljust(16, "0")), "big", signed=True)


def serialise_on(*digests: str) -> None:
    """Waits, until the caller's transaction ends, for every other transaction holding
    any of these keys. On PostgreSQL a transaction-level advisory lock per key, taken in
    one order (so two callers cannot deadlock); SQLite's transactions are already
    serial: they begin IMMEDIATE, taking the write lock before the first read."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted({_lock_key(digest) for digest in digests}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
