"""``DATABASES`` from the environment: the database, and for PostgreSQL an optional pool.

``chatserver.settings`` imports ``database_settings`` with one line. The variables (README's
settings table, docs/deployment.md):

``DATABASE_URL``
    ``sqlite:///path`` (the default: ``var/chat.sqlite3``) or ``postgres://...``.
``DATABASE_POOL_SIZE``
    PostgreSQL only: the most connections each process keeps in Django's psycopg pool
    (``psycopg_pool``); unset or 0 keeps one persistent connection per thread instead.
    A connection goes back to the pool at the end of each request and of each socket
    event's database work, so a process needs few (its database work runs in
    ``sync_to_async``'s threads, mostly the one shared thread).
``DATABASE_POOL_TIMEOUT``
    seconds a request waits for a pooled connection before failing (5 by default):
    while the database is unreachable, requests fail after this rather than hang.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

POOL_MIN_SIZE = 1
DEFAULT_POOL_TIMEOUT = 5


def _whole_number(environ: Mapping[str, str], name: str, default: int, minimum: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isascii() or not text.isdigit() or int(text) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum}.")
    return int(text)


def pool_options(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """The psycopg pool's options, or None when no pool is asked for."""
    size = _whole_number(environ, "DATABASE_POOL_SIZE", 0, 0)
    if size == 0:
        return None
    return {
        "min_size": min(POOL_MIN_SIZE, size),
        "max_size": size,
        "timeout": _whole_number(environ, "DATABASE_POOL_TIMEOUT", DEFAULT_POOL_TIMEOUT, 1),
    }


def database_settings(environ: Mapping[str, str], var_dir: Path) -> dict[str, Any]:
    url = environ.get("DATABASE_URL", "").strip() or f"sqlite:///{var_dir / 'chat.sqlite3'}"
    try:
        database: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            "DATABASE_URL is not a supported database URL (sqlite:///path or postgres://...)."
        ) from error
    pool = pool_options(environ)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        if pool is not None:
            raise ImproperlyConfigured("DATABASE_POOL_SIZE needs a PostgreSQL DATABASE_URL.")
        # Persistent: reopening the file and rerunning the PRAGMAs for every socket
        # event cost more than the write itself.
        database["CONN_MAX_AGE"] = 600
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        return {"default": database}
    # With a pool, a checked-out connection is tested first (the pool's check).
    database["CONN_HEALTH_CHECKS"] = True
    if pool is not None:
        # Django's pool refuses persistent connections: each is handed back instead.
        database["CONN_MAX_AGE"] = 0
        database["OPTIONS"] = {**database.get("OPTIONS", {}), "pool": pool}
    return {"default": database}
