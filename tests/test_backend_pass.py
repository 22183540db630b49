"""The second pass's selection (tests/backend_pass.py) and the per-worker Redis database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import worker_redis_url

ROOT = Path(__file__).resolve().parent.parent


def collected(*paths: str) -> set[str]:
    env = dict(os.environ, TEST_BACKEND_PASS="1")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *paths],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return {line.split("::")[0] for line in result.stdout.splitlines() if "::" in line}


def test_the_backend_pass_keeps_database_and_layer_tests_and_leaves_out_pure_ones() -> None:
    files = collected(
        "tests/test_consumers.py",  # sockets through a channel layer
        "tests/test_retention.py",  # the database
        "tests/recognizers/test_phone.py",  # pure
        "tests/test_photo_inspection.py",  # pure
    )
    assert files == {"tests/test_consumers.py", "tests/test_retention.py"}


@pytest.mark.parametrize(
    ("url", "worker", "expected"),
    [
        ("redis://127.0.0.1:6379/0", "gw0", "redis://127.0.0.1:6379/10"),
        ("redis://127.0.0.1:6379/3", "gw1", "redis://127.0.0.1:6379/11"),
        ("redis://127.0.0.1:6379", "gw1", "redis://127.0.0.1:6379/11"),
        ("redis://127.0.0.1:6379/", "gw0", "redis://127.0.0.1:6379/10"),
        ("redis://127.0.0.1:6379/0", "", "redis://127.0.0.1:6379/0"),
    ],
)
def test_each_xdist_worker_gets_a_redis_database_of_its_own(
    monkeypatch: pytest.MonkeyPatch, url: str, worker: str, expected: str
) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    assert worker_redis_url(url) == expected
