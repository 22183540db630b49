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


def _service_url(variable: str, name: str, default_port: int) -> str:
    url = os.environ.get(variable, "")
    if not url:
        skip_or_fail(f"needs {name}: set {variable} (make test runs it in pass 2)")
    if not _reachable(url, default_port):
        skip_or_fail(f"{name} at {urlsplit(url).netloc} is unreachable")
    return url


def postgres_url() -> str:
    return _service_url("TEST_POSTGRES_URL", "PostgreSQL", 5432)


def redis_url() -> str:
    return worker_redis_url(_service_url("TEST_REDIS_URL", "Redis", 6379))


def worker_redis_url(url: str) -> str:
    """Gives each pytest-xdist worker a Redis database of its own (10 + its number):
    two workers' tests must not share channel-layer groups."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    head, _, tail = url.rpartition("/")
    if not tail.isdigit():
        head = url.rstrip("/")
    return f"{head}/{10 + int(worker[2:])}"
