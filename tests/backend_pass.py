"""Which tests the second pass (PostgreSQL and Redis) runs again.

The first pass runs every test on SQLite and the in-memory layer. The second pass
exists for the code whose behaviour depends on the database or the channel layer, so
with ``TEST_BACKEND_PASS=1`` (set by ``bin/run-tests``) it keeps only the tests that
reach one: end-to-end servers, tests marked for a backend, tests that use the
database, and modules that speak to a channel layer. A pure test (a parser, the
masking, the JavaScript checks) gives the same answer on either backend, so running it
twice only costs CI time.
"""

import os
from functools import cache
from pathlib import Path

import pytest
from django.test import TransactionTestCase

_BACKEND_MARKERS = ("e2e", "postgres", "redis", "django_db")
_DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)
# A module naming one of these reaches a channel layer (directly or through the test peers).
_LAYER_WORDS = ("channel_layer", "Communicator", "tests.peers", "from tests import peers")


def selecting() -> bool:
    return os.environ.get("TEST_BACKEND_PASS") == "1"


@cache
def _module_reaches_layer(path: Path) -> bool:
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        return True
    return any(word in source for word in _LAYER_WORDS)


def uses_backend(item: pytest.Item) -> bool:
    if any(item.get_closest_marker(name) for name in _BACKEND_MARKERS):
        return True
    if _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    test_class = getattr(item, "cls", None)
    if isinstance(test_class, type) and issubclass(test_class, TransactionTestCase):
        return True
    return _module_reaches_layer(Path(item.path))


def keep_backend_tests(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselects (and reports as deselected) the tests that touch no backend."""
    if not selecting():
        return
    kept = [item for item in items if uses_backend(item)]
    dropped = [item for item in items if not uses_backend(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
