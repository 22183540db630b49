"""Dependencies are pinned, hashed and audited.

Every install (``make run``, ``make test``, CI) comes from the hashed lock files in
``requirements/``; these tests hold the lock files to the floors that exclude releases
with known advisories, hold the installed packages to the lock, and run pip-audit over
the whole lock file.
"""

import json
import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = (ROOT / "requirements" / "run.txt", ROOT / "requirements" / "test.txt")
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+) \\$", re.MULTILINE)
HASHED_PIN = re.compile(
    r"^([A-Za-z0-9._-]+)==\S+ \\\n(?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+", re.MULTILINE
)

# Releases below these carry published advisories (daphne: unbounded frames and header
# smuggling; Django: the August 2026 advisories; Pillow: the 2026 decoder fixes).
FLOORS = {"daphne": "4.2.3", "django": "5.2.17", "pillow": "12.3"}


def pins(lock: Path) -> dict[str, str]:
    return {canonicalize_name(name): pinned for name, pinned in PIN.findall(lock.read_text())}


def declared_requirements() -> list[Requirement]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(line) for line in declared]


@pytest.mark.parametrize("lock", LOCKS, ids=lambda path: path.name)
def test_every_locked_package_is_pinned_with_hashes(lock: Path) -> None:
    text = lock.read_text()
    assert "--extra-index-url" not in text and "--find-links" not in text
    hashed = {canonicalize_name(name) for name in HASHED_PIN.findall(text)}
    assert hashed == set(pins(lock)) and len(hashed) > 20


def test_the_locks_agree_and_satisfy_pyproject() -> None:
    run, test = (pins(lock) for lock in LOCKS)
    assert {name: test[name] for name in run} == run, "run.txt and test.txt pin different versions"
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)
        assert name in test, f"{name} is declared in pyproject.toml but not locked"
        assert Version(test[name]) in requirement.specifier, f"{name}=={test[name]}"


def test_floors_exclude_releases_with_known_advisories() -> None:
    declared = {canonicalize_name(r.name): r.specifier for r in declared_requirements()}
    locked = pins(LOCKS[1])
    for name, floor in FLOORS.items():
        assert not declared[name].contains(_just_below(floor)), f"{name} admits < {floor}"
        assert Version(locked[name]) >= Version(floor)


def _just_below(floor: str) -> str:
    """The newest-looking release string that sorts below ``floor`` (e.g. 5.2.16.999)."""
    parts = [int(part) for part in floor.split(".")]
    parts[-1] -= 1
    return ".".join(str(part) for part in parts) + ".999"


def test_installed_packages_are_the_locked_ones() -> None:
    """What this environment runs is what the lock file names (make test installs from it)."""
    drifted = {}
    for name, pinned in pins(LOCKS[1]).items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            drifted[name] = "missing"
            continue
        if Version(installed) != Version(pinned):
            drifted[name] = installed
    assert drifted == {}, f"installed packages differ from requirements/test.txt: {drifted}"


def test_pip_audit_reports_no_known_vulnerabilities_in_the_lock() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(LOCKS[1]),
            "--require-hashes",
            "--no-deps",
            "--disable-pip",
            "--format",
            "json",
            "--progress-spinner",
            "off",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        report = json.loads(result.stdout)
    except ValueError:
        pytest.skip(f"pip-audit could not reach a vulnerability service: {result.stderr[-300:]}")
    dependencies = report.get("dependencies", [])
    unaudited = [item["name"] for item in dependencies if item.get("skip_reason")]
    if unaudited or not dependencies:
        pytest.skip(
            f"pip-audit could not audit {len(unaudited)} of {len(dependencies)} locked packages:"
            " no vulnerability service reachable"
        )
    vulnerable = {item["name"]: item["vulns"] for item in dependencies if item.get("vulns")}
    assert vulnerable == {}
