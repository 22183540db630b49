"""Nothing readable at rest: the raw SQLite file and a pg_dump hold no marker or data key."""

import pytest
from django.db import connection

from tests.dumps import assert_absent, dump_test_database
from transcripts.record import crypto, store
from transcripts.record.models import DataKey

MARKERS = {
    "name": "Zyxwvu Markerson",
    "email": "marker.qwxz@example.org",
    "address": "77 Markerstrasse Lane",
    "text": "MARKER-TEXT-31337 my boiler is broken",
    "ip": "198.51.100.77",
    "browser": "Markerfox 99",
}


def _store_markers() -> list[bytes]:
    conversation = store.create_conversation(
        details={k: MARKERS[k] for k in ("name", "email", "address")},
        diagnostics={"ip_address": MARKERS["ip"], "browser": MARKERS["browser"]},
    )
    for n in range(20):
        store.append_message(conversation.pk, sender="visitor", text=f"{MARKERS['text']} {n}")
    store.append_message(conversation.pk, sender="note", text=MARKERS["text"] + " note")
    return [
        crypto.unwrap_data_key(str(key.conversation_id), key.generation, bytes(key.wrapped))
        for key in DataKey.objects.all()
    ]


def _assert_clean(blob: bytes, data_keys: list[bytes]) -> None:
    assert_absent(blob, [*MARKERS.values(), *(m.lower() for m in MARKERS.values())])
    for data_key in data_keys:
        assert data_key not in blob, "a raw data key is stored"
        assert data_key.hex().encode() not in blob.lower(), "a raw data key is stored"


@pytest.mark.django_db(transaction=True)
def test_database_holds_no_plaintext() -> None:
    """On SQLite the raw file (and its WAL); on PostgreSQL a pg_dump."""
    data_keys = _store_markers()
    dump = dump_test_database()
    assert len(dump) > 10_000
    if connection.vendor == "postgresql":
        assert b"transcripts_message" in dump
    _assert_clean(dump, data_keys)
