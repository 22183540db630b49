"""Configuration from the environment: production values, bad values, deploy checks."""

import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from chatserver.chat.checks import check_deployment
from chatserver.env import DEPLOYMENT_VARIABLES
from tests.production import ROOT, production_env, run
from tests.totp import totp


@pytest.fixture
def prod_env(tmp_path: Path) -> dict[str, str]:
    # The deploy check wants PostgreSQL; the probe only needs a file database.
    return production_env(tmp_path / "prod.sqlite3")


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict:
    env = production_env(tmp_path_factory.mktemp("probe") / "probe.sqlite3")
    result = run(env, "-m", "tests.probes.production")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_have_no_wildcards(probe: dict) -> None:
    """No wildcard in the configuration."""
    assert "*" not in probe["allowed_hosts"]
    for name, entries in probe["origin_settings"].items():
        assert "*" not in entries, name
        assert all(entry.startswith("https://") for entry in entries), name
    assert probe["channel_backend"] == "channels_redis.pubsub.RedisPubSubChannelLayer"


def test_server_process_keeps_full_collections_rare(probe: dict) -> None:
    """Loading the ASGI application freezes start-up objects and raises the youngest
    generation's threshold (full collections stalled every socket; docs/performance.md)."""
    assert probe["gc"]["threshold_before"][0] == 700
    assert probe["gc"]["threshold"][0] == 10_000
    assert probe["gc"]["threshold"][1:] == probe["gc"]["threshold_before"][1:]
    assert probe["gc"]["frozen"] > 10_000


def test_deploy_check_passes_with_production_settings(prod_env: dict[str, str]) -> None:
    """The deploy check passes. Silenced: security.W021 (HSTS preload), see README."""
    prod_env["DATABASE_URL"] = "postgres://chat@db.internal:5432/chat"
    result = run(prod_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_justified_checks_are_silenced(probe: dict) -> None:
    assert probe["silenced"] == ["security.W021"]


def test_console_pages_carry_security_headers(probe: dict) -> None:
    """Security headers: HSTS, no framing, a CSP."""
    headers = probe["login_page"]["headers"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_secure(probe: dict) -> None:
    """Cookies are Secure; the session cookie is HttpOnly and SameSite."""
    assert probe["login_page"]["csrf_cookie"]["secure"] is True
    assert probe["login"]["status"] == 302
    session = probe["login"]["session_cookie"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("TRANSCRIPT_KEYS", "", "TRANSCRIPT_KEYS is required when DJANGO_DEBUG is off"),
        ("DJANGO_SECRET_KEY", "", "DJANGO_SECRET_KEY is required"),
        ("DJANGO_DEBUG", "maybe", "DJANGO_DEBUG must be a boolean"),
        ("DJANGO_ALLOWED_HOSTS", "", "DJANGO_ALLOWED_HOSTS is required"),
        ("CHAT_ROUTING", "random", "CHAT_ROUTING must be one of: auto, manual"),
        ("CHAT_RETENTION_DAYS", "ninety", "CHAT_RETENTION_DAYS must be a whole number"),
        ("CHAT_RETENTION_DAYS", "0", "CHAT_RETENTION_DAYS must be at least 1"),
        ("CHAT_TRUSTED_PROXY", "perhaps", "CHAT_TRUSTED_PROXY must be a boolean"),
        ("DATABASE_URL", "mongodb://x/y", "DATABASE_URL is not a supported database URL"),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must start with redis://"),
        ("CHAT_TIME_ZONE", "London", "CHAT_TIME_ZONE: 'London' is not a time zone"),
        ("CHAT_QUICK_EXIT_URL", "javascript:alert(1)", "CHAT_QUICK_EXIT_URL must be an absolute"),
        ("CHAT_OFFLINE_AFTER_MINUTES", "0", "CHAT_OFFLINE_AFTER_MINUTES must be at least 1"),
        ("CHAT_PHOTO_MAX_PIXELS", "9999", "CHAT_PHOTO_MAX_PIXELS must be at least 10000"),
        ("CHAT_PHOTO_MAX_DECODED_BYTES", "8000000", "must be at least 16777216"),
        ("CHAT_PHOTO_DECODES", "0", "CHAT_PHOTO_DECODES must be at least 1"),
        ("CHAT_PHOTOS_PER_HOUR_PER_IP", "many", "CHAT_PHOTOS_PER_HOUR_PER_IP must be a whole"),
    ],
)
def test_bad_configuration_is_a_clear_error(
    prod_env: dict[str, str], variable: str, value: str, message: str
) -> None:
    """The settings module refuses the value, saying which and why (read in this process,
    as the server reads it at start-up)."""
    prod_env[variable] = value
    with (
        mock.patch.dict(os.environ, prod_env, clear=True),
        pytest.raises(ImproperlyConfigured) as raised,
    ):
        runpy.run_path(str(ROOT / "chatserver" / "settings.py"))
    assert message in str(raised.value)


def test_a_bad_setting_stops_manage_py_with_one_line(prod_env: dict[str, str]) -> None:
    """Through the real start-up: a sentence on standard error, no traceback, exit 2."""
    prod_env["DJANGO_DEBUG"] = "maybe"
    result = run(prod_env, "manage.py", "check")
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration error:"), result.stderr
    assert "DJANGO_DEBUG must be a boolean" in result.stderr
    assert "Traceback" not in result.stderr


KEY_MATERIAL = "bm90LWEta2V5LWJ1dC1zZWNyZXQh"  # base64, but of 21 bytes, not 32


# Each value is checked in this process (the checks read the settings as the server's
# do); one of each kind is also run through the real start-up below.
APP_PARSED_VALUES = [
    ("TRANSCRIPT_KEYS", "k1:not-base64!!", "transcripts.E003", "TRANSCRIPT_KEYS is invalid"),
    ("TRANSCRIPT_KEYS", "k1:" + KEY_MATERIAL, "transcripts.E003", "must decode to 32 bytes"),
    ("CHAT_OPENING_HOURS", "mon-fri 09:00-17:00; mon 12:00-13:00", "chat.E003", "overlap"),
    ("CHAT_OPENING_HOURS", "mon 09:00-25:00", "chat.E003", "25:00 is not a time"),
    ("CHAT_CLOSURES", "24/12/2026", "chat.E004", "CHAT_CLOSURES must hold dates"),
    # Not "wales": that names a nation since the calendar comes from the `holidays` package.
    ("CHAT_BANK_HOLIDAYS", "cornwall", "chat.E005", "CHAT_BANK_HOLIDAYS must be one of"),
    ("CHAT_EMERGENCY_PHRASES", '"gas leak"', "chat.E006", "must be a JSON object"),
    ("CHAT_EMERGENCY_PHRASES", '{"gas": "leak"}', "chat.E006", "gas must be a list"),
]


def errors_of(**overrides: object) -> list[tuple[str, str]]:
    """The system checks' errors and warnings (deployment checks included) under these settings."""
    with override_settings(**overrides):
        found = checks.run_checks(include_deployment_checks=True)
    return [(str(message.id), message.msg) for message in found if message.level >= checks.WARNING]


@pytest.mark.parametrize(("variable", "value", "check_id", "message"), APP_PARSED_VALUES)
def test_a_bad_value_an_app_parses_is_a_check_error(
    variable: str, value: str, check_id: str, message: str
) -> None:
    """Settings keep these as text; the app that reads one parses it in its system check."""
    assert check_id not in dict(errors_of())
    reported = [msg for found_id, msg in errors_of(**{variable: value}) if found_id == check_id]
    assert len(reported) == 1 and variable in reported[0] and message in reported[0], reported


@pytest.mark.parametrize(
    ("variable", "value", "check_id", "message"),
    [APP_PARSED_VALUES[1], APP_PARSED_VALUES[2]],
    ids=["key-material", "opening-hours"],
)
def test_a_bad_value_an_app_parses_stops_the_server(
    prod_env: dict[str, str], variable: str, value: str, check_id: str, message: str
) -> None:
    """From the environment, through `manage.py check` and the server's start-up; key
    material never appears in what either prints."""
    prod_env[variable] = value
    checked = run(prod_env, "manage.py", "check")
    assert checked.returncode == 1, checked.stderr
    assert f"({check_id}) {variable}" in checked.stderr and message in checked.stderr
    served = run(prod_env, "-c", "import chatserver.asgi")
    assert served.returncode != 0
    assert "The chat server cannot start" in served.stderr, served.stderr
    assert f"{check_id}: {variable}" in served.stderr and message in served.stderr
    if variable == "TRANSCRIPT_KEYS":
        secret = value.split(":", 1)[1]
        assert secret not in checked.stdout + checked.stderr + served.stdout + served.stderr


@pytest.mark.parametrize(
    ("variable", "value", "check_id"),
    [
        ("CHAT_ALLOWED_ORIGINS", ["*"], "chat.E001"),
        ("CHAT_ALLOWED_ORIGINS", ["https://*.landlord.example"], "chat.E001"),
        ("CHAT_SERVER_ORIGINS", ["https://chat.example.org/path"], "chat.E002"),
    ],
)
def test_policy_errors_have_check_ids(variable: str, value: list[str], check_id: str) -> None:
    assert check_id not in dict(errors_of())
    assert check_id in dict(errors_of(**{variable: value}))


IN_MEMORY = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
REDIS = {"default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer"}}
# What production looks like to the deployment checks (but for the test database, whose
# W005 the start-up test below shows): each case changes one thing.
DEPLOYED = {"DEBUG": False, "CHANNEL_LAYERS": REDIS}


@pytest.mark.parametrize(
    ("overrides", "check_id"),
    [
        ({"CHANNEL_LAYERS": IN_MEMORY}, "chat.W001"),
        ({"CHAT_ALLOWED_ORIGINS": ["http://www.landlord.example"]}, "chat.W003"),
        ({"CHAT_ALLOWED_ORIGINS": []}, "chat.W004"),
    ],
)
def test_deploy_warnings_have_check_ids(overrides: dict[str, object], check_id: str) -> None:
    assert check_id not in dict(checked_deployment(DEPLOYED))
    assert check_id in dict(checked_deployment({**DEPLOYED, **overrides}))


def checked_deployment(overrides: dict[str, object]) -> list[tuple[str, str]]:
    with override_settings(**overrides):
        return [(str(message.id), message.msg) for message in check_deployment()]


def test_a_deploy_warning_fails_the_deploy_check(prod_env: dict[str, str]) -> None:
    """Through the real start-up: the production environment on SQLite warns (W005)."""
    result = run(prod_env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    assert "chat.W005" in result.stderr


def test_server_refuses_to_start_with_check_errors(prod_env: dict[str, str]) -> None:
    prod_env["CHAT_ALLOWED_ORIGINS"] = "*"
    result = run(prod_env, "-c", "import chatserver.asgi")
    assert result.returncode != 0
    assert "The chat server cannot start" in result.stderr and "chat.E001" in result.stderr


def test_missing_dev_keys_is_reported_as_transcripts_e001(tmp_path: Path) -> None:
    env = production_env(tmp_path / "dev.sqlite3", DJANGO_DEBUG="1", TRANSCRIPT_KEYS="")
    env["CHAT_VAR_DIR"] = str(tmp_path)
    result = run(env, "manage.py", "check")
    assert result.returncode == 1
    assert "transcripts.E001" in result.stderr


@pytest.mark.e2e  # the whole first run, in fresh processes: not for make test-fast
def test_first_run_sequence_of_make_run(tmp_path: Path) -> None:
    """create_dev_keys, migrate, bootstrap_demo: what `make run` does on a fresh clone."""
    env = production_env(tmp_path / "dev.sqlite3", DJANGO_DEBUG="1", TRANSCRIPT_KEYS="")
    env["CHAT_VAR_DIR"] = str(tmp_path)
    keys = run(env, "manage.py", "create_dev_keys")
    assert keys.returncode == 0 and "DEVELOPMENT transcript key ring" in keys.stderr
    ring = (tmp_path / "dev-transcript-keys").read_text()
    assert run(env, "manage.py", "migrate", "--noinput").returncode == 0
    first = run(env, "manage.py", "bootstrap_demo")
    assert first.returncode == 0, first.stderr
    secret = re.search(r"^  demo-agent +\S+ +([A-Z2-7]{32})  \(Sam, agent\)$", first.stdout, re.M)
    assert secret, first.stdout
    # Later commands need no DJANGO_DEBUG=1 in the checkout make run set up.
    development = {key: value for key, value in env.items() if key not in DEPLOYMENT_VARIABLES}
    code = run(development, "manage.py", "totp_code", "demo-agent").stdout.strip()
    assert code in {totp(secret.group(1), step=step) for step in (-1, 0, 1)}
    made = subprocess.run(
        [sys.executable, "manage.py", "create_agent", "priya", "--password-stdin"],
        cwd=ROOT,
        env=development,
        input="a long password\n",
        text=True,
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    again = [run(env, "manage.py", command) for command in ("create_dev_keys", "bootstrap_demo")]
    assert again[0].stderr == "" and again[1].stdout == first.stdout
    assert (tmp_path / "dev-transcript-keys").read_text() == ring
    production = production_env(tmp_path / "dev.sqlite3")
    assert run(production, "manage.py", "create_dev_keys").returncode != 0
    assert run(production, "manage.py", "totp_code", "demo-agent").returncode != 0
