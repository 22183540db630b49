"""How long an agent's session lasts (``DJANGO_SESSION_SECONDS``, 8 hours by default), the
deploy checks of the session settings, and an agent socket closing once its session
has expired."""

import asyncio
import datetime
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils.timezone import now as timezone_now

from chatserver.chat.agent_auth import agent_session_is_valid
from identity.checks import check_sessions
from tests import factories
from tests.mfa import sign_in
from tests.production import production_env, run
from tests.servers import expire_all_sessions

SHOW_AGE = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"


@pytest.fixture
def prod_env(tmp_path: Path) -> dict[str, str]:
    return production_env(tmp_path / "prod.sqlite3")


@pytest.mark.parametrize(("value", "seconds"), [(None, 28800), ("3600", 3600)])
def test_the_lifetime_comes_from_the_environment(
    prod_env: dict[str, str], value: str | None, seconds: int
) -> None:
    if value is not None:
        prod_env["DJANGO_SESSION_SECONDS"] = value
    result = run(prod_env, "manage.py", "shell", "-v", "0", "-c", SHOW_AGE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(seconds)


@pytest.mark.parametrize(
    ("value", "message"),
    [("eight hours", "must be a whole number"), ("30", "must be at least 60")],
)
def test_a_bad_lifetime_stops_the_server_with_a_clear_message(
    prod_env: dict[str, str], value: str, message: str
) -> None:
    prod_env["DJANGO_SESSION_SECONDS"] = value
    result = run(prod_env, "manage.py", "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "DJANGO_SESSION_SECONDS" in result.stderr and message in result.stderr


def test_a_lifetime_over_twelve_hours_is_a_deploy_warning(prod_env: dict[str, str]) -> None:
    prod_env["DJANGO_SESSION_SECONDS"] = str(24 * 3600)
    result = run(prod_env, "manage.py", "check", "--deploy", "--tag", "identity")
    assert "identity.W001" in result.stderr, result.stderr


def test_the_session_checks(settings: Any) -> None:
    assert check_sessions() == []
    settings.SESSION_COOKIE_AGE = 12 * 3600 + 1
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    assert [message.id for message in check_sessions()] == ["identity.W001", "identity.W002"]


@pytest.mark.django_db
def test_a_session_ends_its_lifetime_after_sign_in_and_then_no_longer_serves_an_agent(
    settings: Any,
) -> None:
    settings.SESSION_COOKIE_AGE = 600
    alice: User = factories.agent("alice")
    client = Client()
    sign_in(client, alice)
    key = client.session.session_key
    row = Session.objects.get(session_key=key)
    expected = timezone_now() + datetime.timedelta(seconds=600)
    assert abs((row.expire_date - expected).total_seconds()) < 5
    assert agent_session_is_valid(key, alice.pk)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone_now() - datetime.timedelta(seconds=1)
    )
    assert not agent_session_is_valid(key, alice.pk)
    assert client.get("/console/").status_code == 302


@pytest.mark.e2e
async def test_an_agents_socket_closes_once_its_session_has_expired(start_server) -> None:
    """No signal marks an expiry: the socket's re-check (1 s here) finds it and closes."""
    from tests.peers import open_agent
    from tests.test_e2e_scim import until_closed

    server = start_server(CHAT_AGENT_RECHECK_SECONDS="1")
    agent, _snapshot, _browser = await open_agent(server, "alice")
    await agent.drain()
    await asyncio.to_thread(expire_all_sessions, server)
    expired = time.monotonic()
    frames, code, closed_at = await until_closed(agent, timeout=10)
    assert code == 4401, (code, frames)
    assert closed_at - expired < 2.5
