"""Which real backends this run may use, and how to refuse when one is missing.

Locally a missing PostgreSQL or Redis skips the tests that need it, with the
reason; with CI=true it fails them, so CI can never pass by skipping.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: backends must be reachable)")
    pytest.skip(reason)


def postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL", "")
    if not url:
        skip_or_fail("needs PostgreSQL: set TEST_POSTGRES_URL (make test runs it in pass 2)")
    if not _reachable(url, 5432):
        skip_or_fail(f"PostgreSQL at {urlsplit(url).netloc} is unreachable")
    return url


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL", "")
    if not url:
        skip_or_fail("needs Redis: set TEST_REDIS_URL (make test runs it in pass 2)")
    if not _reachable(url, 6379):
        skip_or_fail(f"Redis at {urlsplit(url).netloc} is unreachable")
    return url
