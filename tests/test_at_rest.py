"""Nothing readable at rest: the raw SQLite file and a pg_dump hold no marker or data key."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from transcripts import crypto, store
from transcripts.models import Conversation, DataKey

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
        status=Conversation.Status.WAITING,
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
    for label, marker in MARKERS.items():
        assert marker.encode() not in blob, f"{label} found in plaintext"
        assert marker.lower().encode() not in blob, f"{label} found in plaintext"
    for data_key in data_keys:
        assert data_key not in blob, "a raw data key is stored"


@pytest.mark.sqlite_only
@pytest.mark.django_db(transaction=True)
def test_sqlite_file_holds_no_plaintext() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("this pass runs on another database")
    data_keys = _store_markers()
    connection.close()
    path = Path(connection.settings_dict["TEST"]["NAME"])
    blob = b"".join(
        Path(f"{path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )
    assert len(blob) > 10_000
    _assert_clean(blob, data_keys)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pg_dump_holds_no_plaintext() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs the PostgreSQL pass of make test")
    data_keys = _store_markers()
    settings = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=settings.get("PASSWORD") or "")
    dump = subprocess.run(
        [
            "pg_dump",
            "--host",
            settings.get("HOST") or "127.0.0.1",
            "--port",
            str(settings.get("PORT") or 5432),
            "--username",
            settings.get("USER") or "postgres",
            "--format",
            "plain",
            connection.settings_dict["NAME"],
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    assert b"transcripts_message" in dump
    _assert_clean(dump, data_keys)
    # bytea columns are dumped as hex: look for the markers there too.
    hex_dump = dump.lower()
    for marker in MARKERS.values():
        assert marker.encode().hex().encode() not in hex_dump
    for data_key in data_keys:
        assert data_key.hex().encode() not in hex_dump
