"""Shared helpers: isolated databases and Django set-up for benchmark subprocesses."""

import base64
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.servers import inherited_environment

ROOT = Path(__file__).resolve().parent.parent
BENCH_KEYS = "bench-1:" + base64.b64encode(b"\x05" * 32).decode()
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/test"


def bench_env(database_url: str, **extra: str) -> dict[str, str]:
    env = inherited_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="chatserver.settings",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="bench-secret",
        TRANSCRIPT_KEYS=BENCH_KEYS,
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def postgres_admin_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES)
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3):
            return url
    except Exception:  # noqa: BLE001  (absent PostgreSQL: that column is left out)
        return None


class ScratchDatabase:
    """A fresh, migrated database: an SQLite file or a new PostgreSQL database."""

    def __init__(self, kind: str, root: Path = ROOT) -> None:
        self.kind = kind
        self.pg_name: str | None = None
        if kind == "sqlite":
            self.dir = tempfile.mkdtemp(prefix="chat-bench-")
            self.url = f"sqlite:///{self.dir}/bench.sqlite3"
        else:
            admin = postgres_admin_url()
            if admin is None:
                raise RuntimeError("PostgreSQL is not reachable")
            self.admin = admin
            self.pg_name = f"chat_bench_{uuid.uuid4().hex[:8]}"
            self._execute(f'CREATE DATABASE "{self.pg_name}"')
            parts = urllib.parse.urlsplit(admin)
            self.url = urllib.parse.urlunsplit(parts._replace(path=f"/{self.pg_name}"))
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=root,
            env=bench_env(self.url, PYTHONPATH=str(root)),
            check=True,
        )

    def _execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.pg_name:
            self._execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}" if denominator else "n/a"


def measured_on(kind: str, module: str) -> dict[str, Any]:
    """Runs ``python -m <module> --measure`` on a fresh database of that kind and returns
    the figures it printed last, as JSON."""
    database = ScratchDatabase(kind)
    try:
        output = subprocess.run(
            [sys.executable, "-m", module, "--measure"],
            cwd=ROOT,
            env=bench_env(database.url, CHAT_VAR_DIR=tempfile.mkdtemp(prefix="chat-bench-")),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        database.drop()
    figures: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return figures


def run_with_measure_half(main: Callable[[], int], measure: Callable[[], dict[str, Any]]) -> None:
    """A benchmark's entry point: ``--measure`` prints ``measure()``'s figures as JSON (the
    half ``measured_on`` runs on a fresh database), anything else runs ``main``."""
    if sys.argv[1:] == ["--measure"]:
        print(json.dumps(measure()))
    else:
        sys.exit(main())
