"""Single sign-on in Chromium against a real OpenID Connect provider process (tests/idp/) and a
real chat server process: MFA shown in ``amr``, roles mapped to groups, SSO-only mode."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import chromium, console_login, password_sign_in
from tests.idp.process import CLIENT_ID, CLIENT_SECRET, IDP_PASSWORD, IdentityProvider
from tests.servers import ChatServer, server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AGENT_ROLE = "chat.agent"
SUPERVISOR_ROLE = "chat.supervisor"
USERS = {
    "amy": {"name": "Amy", "amr": ["pwd", "mfa"], "roles": [AGENT_ROLE]},
    "ned": {"name": "Ned", "amr": ["pwd"], "roles": [AGENT_ROLE]},
    "rory": {"name": "Rory", "amr": ["pwd", "mfa"], "roles": ["finance.clerk"]},
    "sue": {"name": "Sue", "amr": ["mfa"], "roles": [SUPERVISOR_ROLE]},
}


@pytest.fixture
def sso_chat(
    start_server: Callable[..., ChatServer], tmp_path: Path
) -> Iterator[tuple[IdentityProvider, Callable[..., ChatServer]]]:
    """The identity provider and a starter of chat servers that sign in with it."""
    idp = IdentityProvider(tmp_path / "idp", USERS)

    def start(**env: str) -> ChatServer:
        server = start_server(
            OIDC_SERVER_URL=idp.issuer,
            OIDC_CLIENT_ID=CLIENT_ID,
            OIDC_CLIENT_SECRET=CLIENT_SECRET,
            OIDC_PROVIDER_NAME="Test IdP",
            OIDC_AGENT_ROLES=AGENT_ROLE,
            OIDC_SUPERVISOR_ROLES=SUPERVISOR_ROLE,
            **env,
        )
        idp.start(redirect_uri=f"{server.origin}/accounts/oidc/sso/login/callback/")
        return server

    yield idp, start
    idp.stop()


async def sso_sign_in(
    browser: Any, server: ChatServer, username: str, path: str = "/console/"
) -> Any:
    """Signs in through the identity provider in a fresh browser context."""
    page = await (await browser.new_context()).new_page()
    await page.goto(server.origin + path)
    await page.get_by_role("button", name="Sign in with Test IdP").click()
    await page.get_by_label("IdP username").fill(username)
    await page.get_by_label("IdP password").fill(IDP_PASSWORD)
    await page.get_by_role("button", name="Continue").click()
    return page


def shell_json(server: ChatServer, code: str) -> Any:
    return json.loads(server_shell(server, code).strip().splitlines()[-1])


def groups_of(server: ChatServer, username: str) -> list[str]:
    return shell_json(
        server,
        "import json; from django.contrib.auth.models import User; "
        f"u = User.objects.filter(username={username!r}).first(); "
        "print(json.dumps(None if u is None else sorted(u.groups.values_list('name', flat=True))))",
    )


def audit_rows(server: ChatServer) -> list[dict[str, Any]]:
    return shell_json(
        server,
        "import json; from transcripts.compliance.models import AuditEntry as A; "
        "print(json.dumps([{'action': a.action, 'actor': a.actor_id, 'detail': a.detail} "
        "for a in A.objects.filter(action__startswith='sso_').order_by('pk')]))",
    )


def session_has_idp_mfa(server: ChatServer, session_key: str) -> bool:
    return shell_json(
        server,
        "import json; from django.contrib.sessions.backends.db import SessionStore; "
        "from identity.sso.session import session_has_idp_mfa; "
        f"print(json.dumps(session_has_idp_mfa(SessionStore({session_key!r}))))",
    )


async def session_key(page: Any) -> str:
    cookies = await page.context.cookies()
    return next(cookie["value"] for cookie in cookies if cookie["name"] == "sessionid")


async def test_agent_with_mfa_and_role_reaches_the_console(sso_chat) -> None:
    idp, start = sso_chat
    server = start()
    async with chromium() as browser:
        page = await sso_sign_in(browser, server, "amy")
        await page.get_by_text("Connected as Amy.").wait_for()
        assert page.url == f"{server.origin}/console/"
        assert session_has_idp_mfa(server, await session_key(page)) is True

        local = await console_login(browser, server, "alice")
        await local.get_by_text("Connected as Alice.").wait_for()
        assert session_has_idp_mfa(server, await session_key(local)) is False
    assert groups_of(server, "amy") == ["agents"]
    stored = shell_json(
        server,
        "import json; from allauth.socialaccount.models import SocialAccount, SocialToken; "
        "from django.contrib.auth.models import User; u = User.objects.get(username='amy'); "
        "print(json.dumps([SocialToken.objects.count(), u.email, u.has_usable_password(), "
        "json.dumps([a.extra_data for a in SocialAccount.objects.all()])]))",
    )
    assert stored[:3] == [0, "", False]
    assert "eyJ" not in stored[3] and CLIENT_SECRET not in stored[3]
    [row] = audit_rows(server)
    assert row["action"] == "sso_signed_in"
    assert row["detail"] == {
        "provider": "sso",
        "created": True,
        "groups": ["agents"],
        "joined": ["agents"],
        "left": [],
    }


async def test_sign_in_without_mfa_or_without_a_role_is_refused_with_the_reason(sso_chat) -> None:
    idp, start = sso_chat
    server = start()
    async with chromium() as browser:
        page = await sso_sign_in(browser, server, "ned")
        await page.get_by_role(
            "heading", name="Sign-in refused: no multi-factor authentication"
        ).wait_for()
        assert (
            "did not use multi-factor authentication"
            in await page.get_by_role("alert").inner_text()
        )
        response = await page.goto(server.origin + "/console/")
        assert "/accounts/login/" in page.url, response

        page = await sso_sign_in(browser, server, "rory")
        await page.get_by_role("heading", name="Sign-in refused: no chat role").wait_for()
        assert "agent or supervisor role" in await page.get_by_role("alert").inner_text()
    assert groups_of(server, "ned") is None
    assert groups_of(server, "rory") is None
    rows = audit_rows(server)
    assert [(row["action"], row["actor"], row["detail"]["reason"]) for row in rows] == [
        ("sso_refused", None, "no_mfa"),
        ("sso_refused", None, "no_role"),
    ]
    assert rows[0]["detail"]["amr"] == ["pwd"]
    assert CLIENT_SECRET not in json.dumps(rows) and "eyJ" not in json.dumps(rows)


async def test_a_role_removed_at_the_provider_is_taken_away_at_the_next_sign_in(sso_chat) -> None:
    idp, start = sso_chat
    server = start()
    async with chromium() as browser:
        page = await sso_sign_in(browser, server, "sue", path="/console/dashboard/")
        await page.get_by_role("heading", name="Dashboard").wait_for()
        assert groups_of(server, "sue") == ["agents", "supervisors"]

        idp.set_claims("sue", roles=[AGENT_ROLE])
        page = await sso_sign_in(browser, server, "sue")
        await page.get_by_text("Connected as Sue.").wait_for()
        assert groups_of(server, "sue") == ["agents"]
        response = await page.goto(server.origin + "/console/dashboard/")
        assert response.status == 403

        idp.set_claims("sue", roles=[])
        page = await sso_sign_in(browser, server, "sue")
        await page.get_by_role("heading", name="Sign-in refused: no chat role").wait_for()
        assert groups_of(server, "sue") == []
    rows = audit_rows(server)
    assert [(row["action"], row["detail"]["left"]) for row in rows] == [
        ("sso_signed_in", []),
        ("sso_signed_in", ["supervisors"]),
        ("sso_refused", ["agents"]),
    ]


async def test_sso_only_mode_refuses_passwords_but_lets_break_glass_in(sso_chat) -> None:
    idp, start = sso_chat
    server = start(SSO_ONLY="1")
    server_shell(
        server,
        "from django.contrib.auth.models import Group, User; "
        "User.objects.get(username='alice').groups.add(Group.objects.create(name='break-glass'))",
    )
    async with chromium() as browser:
        refused = await password_sign_in(browser, server, "bob")
        await refused.get_by_text("Password sign-in is for break-glass accounts only.").wait_for()
        await refused.get_by_role("alert").wait_for()
        assert "/accounts/login/" in refused.url

        glass = await console_login(browser, server, "alice")
        await glass.get_by_text("Connected as Alice.").wait_for()

        page = await sso_sign_in(browser, server, "amy")
        await page.get_by_text("Connected as Amy.").wait_for()
    rows = audit_rows(server)
    bob_id = shell_json(
        server,
        "from django.contrib.auth.models import User; print(User.objects.get(username='bob').pk)",
    )
    assert [(row["action"], row["actor"], row["detail"].get("reason")) for row in rows[:1]] == [
        ("sso_refused", bob_id, "password_sign_in_off")
    ]
