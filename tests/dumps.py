"""What an attacker with the database would see: the raw SQLite file or a pg_dump."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection


def dump_url(database_url: str) -> bytes:
    if database_url.startswith("sqlite:///"):
        path = database_url.removeprefix("sqlite:///")
        return b"".join(
            Path(f"{path}{suffix}").read_bytes()
            for suffix in ("", "-wal")
            if Path(f"{path}{suffix}").exists()
        )
    parts = urlsplit(database_url)
    env = dict(os.environ, PGPASSWORD=parts.password or "")
    return subprocess.run(
        [
            "pg_dump",
            "--host",
            parts.hostname or "127.0.0.1",
            "--port",
            str(parts.port or 5432),
            "--username",
            parts.username or "postgres",
            parts.path.lstrip("/"),
        ],
        capture_output=True,
        check=True,
        timeout=120,
        env=env,
    ).stdout


def dump_test_database() -> bytes:
    """The test database as committed so far (use with transactional tests)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        connection.close()
        return dump_url(f"sqlite:///{settings['TEST']['NAME']}")
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return dump_url(f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}")


def assert_absent(dump: bytes, markers: list[str] | tuple[str, ...]) -> None:
    """Neither the raw bytes nor PostgreSQL's hex form of bytea hold any marker."""
    lowered = dump.lower()
    for marker in markers:
        assert marker.encode() not in dump, marker
        assert marker.encode().hex().encode() not in lowered, marker
