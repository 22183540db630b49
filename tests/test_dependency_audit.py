"""Dependencies are audited: no known vulnerabilities in the security-critical packages."""

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

AUDITED = (
    "django",
    "channels",
    "daphne",
    "asgiref",
    "channels-redis",
    "redis",
    "cryptography",
    "presidio-analyzer",
    "presidio-anonymizer",
)


def test_dependency_floors_exclude_known_flaws() -> None:
    """Daphne before 4.2.2 has unbounded frames and a header-smuggling flaw."""
    major, minor, patch = (int(part) for part in version("daphne").split(".")[:3])
    assert (major, minor, patch) >= (4, 2, 3)
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert '"daphne>=4.2.3' in pyproject


def test_pip_audit_reports_no_known_vulnerabilities(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("".join(f"{name}=={version(name)}\n" for name in AUDITED))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--no-deps",
            "--disable-pip",
            "-r",
            str(requirements),
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
        pytest.skip(f"pip-audit could not audit {unaudited}: no vulnerability service reachable")
    vulnerable = {item["name"]: item["vulns"] for item in dependencies if item.get("vulns")}
    assert vulnerable == {}
