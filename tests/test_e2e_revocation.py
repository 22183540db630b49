"""Ending an agent's session closes its sockets at once (security requirement 5, audit F-03).

The re-check every ``CHAT_AGENT_RECHECK_SECONDS`` is only a backstop: these servers keep
its default (30 s), so each close seen within two seconds came from the revocation itself.
"""

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from html.parser import HTMLParser
from typing import Any

import pytest
import websockets

from tests.peers import Peer, open_agent, open_visitor
from tests.servers import (
    AGENT_PASSWORD,
    Browserless,
    ChatServer,
    enrol_totp,
    expire_all_sessions,
    server_shell,
)

pytestmark = pytest.mark.e2e

PROMPT_CLOSE_SECONDS = 2.0
NEW_PASSWORD = "another-horse-battery-e2e"
SUPERUSER = "root"
LEFT_LINE = "Alice left the chat. Another adviser will reply as soon as they can."


async def frames_until_closed(peer: Peer, timeout: float) -> tuple[list[Any], int | None, float]:
    """Every frame the socket receives until it is closed: (frames, close code, seconds)."""
    loop = asyncio.get_running_loop()
    started, frames = loop.time(), []
    try:
        while True:
            remaining = timeout - (loop.time() - started)
            if remaining <= 0:
                return frames, None, loop.time() - started
            frames.append(json.loads(await asyncio.wait_for(peer.ws.recv(), remaining)))
    except TimeoutError:
        return frames, None, loop.time() - started
    except websockets.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
        return frames, code, loop.time() - started


async def log_out(browser: Browserless) -> None:
    """``POST /accounts/logout/`` with the CSRF token, as the console's button does."""
    await asyncio.to_thread(browser.get, "/console/")
    token = browser.cookie("csrftoken")
    assert token
    status, _page = await asyncio.to_thread(
        browser.post, "/accounts/logout/", {"csrfmiddlewaretoken": token}
    )
    assert status == 200


def _shell(server: ChatServer, code: str) -> str:
    return server_shell(server, "from django.contrib.auth.models import User;" + code).strip()


def conversation_row(server: ChatServer, conversation_id: str) -> tuple[str, str]:
    """(status, assigned agent's username or "") of a stored conversation."""
    output = _shell(
        server,
        "from chatserver.chat.models import LiveConversation;"
        f"c = LiveConversation.objects.get(pk='{conversation_id}');"
        "print(c.status, c.assigned_agent.username if c.assigned_agent else '-')",
    )
    status, agent = output.split()
    return status, "" if agent == "-" else agent


class FormFields(HTMLParser):
    """The values a browser would submit for the first form with a CSRF token."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        name = attributes.get("name", "")
        if tag == "input" and name and attributes.get("type") not in {"submit", "button"}:
            if attributes.get("type") == "checkbox" and "checked" not in attributes:
                return
            if "disabled" not in attributes:
                self.fields.append((name, attributes.get("value", "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def post_admin_user_change(
    admin: Browserless, user_id: int, change: Callable[[list[tuple[str, str]]], list]
) -> None:
    """Saves the stock admin's change form of a user, with ``change`` applied to its fields."""
    path = f"/admin/auth/user/{user_id}/change/"
    status, page = admin.get(path)
    assert status == 200, page[:500]
    parser = FormFields()
    parser.feed(page)
    fields = change(parser.fields) + [("_save", "Save")]
    status, body = admin.post_raw(path, fields)  # type: ignore[arg-type]
    assert status == 200 and b"errornote" not in body, body[:2000]


async def superuser_browser(server: ChatServer) -> Browserless:
    await asyncio.to_thread(
        _shell,
        server,
        f"User.objects.create_superuser('{SUPERUSER}', password='{AGENT_PASSWORD}')",
    )
    await asyncio.to_thread(enrol_totp, server.env, SUPERUSER)  # the admin asks for MFA too
    admin = Browserless(server)
    await asyncio.to_thread(admin.login, SUPERUSER)
    return admin


def user_id(server: ChatServer, username: str) -> int:
    return int(_shell(server, f"print(User.objects.get(username='{username}').pk)"))


async def change_password(server: ChatServer, browser: Browserless) -> None:
    """The agent changes their own password through Django's password change view."""
    token = await asyncio.to_thread(browser.csrf_token, "/accounts/password_change/")
    status, body = await asyncio.to_thread(
        browser.post,
        "/accounts/password_change/",
        {
            "old_password": AGENT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "csrfmiddlewaretoken": token,
        },
    )
    assert status == 200 and "errorlist" not in body, body[:2000]


def without(name: str) -> Callable[[list[tuple[str, str]]], list[tuple[str, str]]]:
    return lambda fields: [(key, value) for key, value in fields if key != name]


Revocation = Callable[[], Awaitable[None]]


async def prepare(server: ChatServer, browser: Browserless, revocation: str) -> Revocation:
    """Everything a revocation needs beforehand (a superuser's admin session), so that
    what is timed is the change itself."""
    if revocation == "logout":
        return lambda: log_out(browser)
    if revocation == "password_change":
        return lambda: change_password(server, browser)
    admin = await superuser_browser(server)
    pk = await asyncio.to_thread(user_id, server, "alice")
    field = {"deactivation": "is_active", "group_removal": "groups"}[revocation]
    return lambda: asyncio.to_thread(post_admin_user_change, admin, pk, without(field))


REVOCATIONS = ("deactivation", "group_removal", "logout", "password_change")


async def visitor_routed_nothing_after(
    server: Any, end_session: Callable[[Browserless], Awaitable[None]], name: str, email: str
) -> dict[str, Any]:
    """Ends alice's session with ``end_session``; a visitor who starts a second later is
    not routed to her socket, which is closed at once having received nothing more."""
    agent, _snapshot, browser = await open_agent(server, "alice")
    await agent.drain()
    await end_session(browser)
    watching = asyncio.create_task(frames_until_closed(agent, timeout=10))
    await asyncio.sleep(1)
    visitor = await open_visitor(server)
    await visitor.hello()
    status = await visitor.start(name=name, email=email)
    await visitor.say("is anyone there?")
    frames, code, seconds = await watching
    assert code == 4401, (code, frames)
    assert seconds < PROMPT_CLOSE_SECONDS, seconds
    assert frames == []
    assert status["status"] == "offline"
    return status


async def log_in_as_bob(browser: Browserless) -> None:
    await asyncio.to_thread(browser.login, "bob")


async def test_logout_closes_the_session_socket_at_once_and_routes_nothing_to_it(
    start_server,
) -> None:
    """The audit's reproduction: log out, a visitor starts with details one second later."""
    server = start_server(CHAT_ROUTING="auto")
    status = await visitor_routed_nothing_after(
        server, log_out, "Assigned After Logout", "after.logout@example.org"
    )
    assert await asyncio.to_thread(conversation_row, server, status["conversation_id"]) == (
        "offline",
        "",
    )


async def test_logout_closes_only_that_sessions_sockets(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    at_desk, _snapshot, desk_browser = await open_agent(server, "alice")
    on_laptop, _snapshot, _laptop_browser = await open_agent(server, "alice")
    await log_out(desk_browser)
    _frames, code, _seconds = await frames_until_closed(at_desk, timeout=PROMPT_CLOSE_SECONDS)
    assert code == 4401
    visitor = await open_visitor(server)
    await visitor.hello()
    started = await visitor.start()
    assert (await on_laptop.expect("assigned"))["conversation"]["details"] == {}
    if started["status"] != "active":
        started = await visitor.expect("status", status="active")
    assert started["agent"] == {"name": "Alice"}


@pytest.mark.parametrize("revocation", REVOCATIONS)
async def test_revocation_closes_every_socket_of_the_agent_at_once(
    start_server, revocation: str
) -> None:
    server = start_server(CHAT_ROUTING="manual")
    agent, _snapshot, browser = await open_agent(server, "alice")
    revoke = await prepare(server, browser, revocation)
    await agent.drain()
    await revoke()
    frames, code, seconds = await frames_until_closed(agent, timeout=10)
    assert code == 4401, (code, frames)
    assert seconds < PROMPT_CLOSE_SECONDS, seconds
    assert frames == []


@pytest.mark.parametrize("revocation", ["logout", "deactivation"])
async def test_a_revoked_agents_chat_goes_back_to_the_queue(start_server, revocation: str) -> None:
    """A visitor whose agent was revoked is told, and waits for the next adviser."""
    server = start_server(CHAT_ROUTING="auto")
    alice, _snapshot, browser = await open_agent(server, "alice")
    bob, _snapshot, _bob_browser = await open_agent(server, "bob", available=False)
    visitor = await open_visitor(server)
    await visitor.hello()
    started = await visitor.start(name="Requeued Visitor")
    conversation_id = started["conversation_id"]
    await alice.expect("assigned")
    if started["status"] != "active":
        await visitor.expect("status", status="active")
    revoke = await prepare(server, browser, revocation)
    await revoke()
    assert (await frames_until_closed(alice, timeout=10))[1] == 4401
    await visitor.expect("message", text=LEFT_LINE, timeout=PROMPT_CLOSE_SECONDS)
    assert (await visitor.expect("status", timeout=PROMPT_CLOSE_SECONDS))["status"] == "offline"
    assert await asyncio.to_thread(conversation_row, server, conversation_id) == ("offline", "")
    taken = await bob.accept(conversation_id)
    assert taken["conversation"]["details"] == {"name": "Requeued Visitor"}
    assert (await visitor.expect("status", status="active"))["agent"] == {"name": "Bob"}


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.parametrize("revocation", ["logout", "deactivation"])
async def test_revocation_in_one_process_closes_the_socket_in_another(
    start_server, revocation: str
) -> None:
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    browser = Browserless(first)
    await asyncio.to_thread(browser.login, "alice")
    agent = await Peer.open(
        second.ws_url("/ws/agent/"), origin=second.origin, cookie=browser.cookie_header()
    )
    await agent.expect("snapshot")
    await agent.set_presence("available")
    revoke = await prepare(first, browser, revocation)
    await revoke()
    watching = asyncio.create_task(frames_until_closed(agent, timeout=10))
    visitor = await open_visitor(second)
    await visitor.hello()
    status = await visitor.start(name="Not For Alice")
    frames, code, seconds = await watching
    assert code == 4401
    assert seconds < PROMPT_CLOSE_SECONDS, seconds
    assert frames == []
    assert status["status"] == "offline"


async def test_logging_in_as_another_user_closes_the_previous_agents_socket_at_once(
    start_server,
) -> None:
    """Another agent signing in at a signed-in desk ends the previous agent's session
    (identity.views.login signs it out first; in-process, test_revocation checks that
    Django's login() flushing it without ``user_logged_out`` closes its sockets too):
    its sockets close at once, and no visitor reaches them."""
    server = start_server(CHAT_ROUTING="auto")
    await visitor_routed_nothing_after(
        server, log_in_as_bob, "Not For Alice", "not.for.alice@example.org"
    )


def rename_group(admin: Browserless, group_id: int, name: str) -> None:
    """Saves the stock admin's change form of a group under a new name."""
    path = f"/admin/auth/group/{group_id}/change/"
    status, page = admin.get(path)
    assert status == 200, page[:500]
    parser = FormFields()
    parser.feed(page)
    fields = [(key, name if key == "name" else value) for key, value in parser.fields]
    status, body = admin.post_raw(path, fields + [("_save", "Save")])  # type: ignore[arg-type]
    assert status == 200 and b"errornote" not in body, body[:2000]


def delete_group(admin: Browserless, group_id: int) -> None:
    """Confirms the stock admin's deletion of a group."""
    path = f"/admin/auth/group/{group_id}/delete/"
    token = admin.csrf_token(path)
    status, body = admin.post(path, {"post": "yes", "csrfmiddlewaretoken": token})
    assert status == 200 and "errornote" not in body, body[:2000]


@pytest.mark.parametrize("change", ["renamed", "deleted"])
async def test_an_agent_group_renamed_or_deleted_closes_its_members_sockets_at_once(
    start_server, change: str
) -> None:
    server = start_server(CHAT_ROUTING="manual")
    alice, _snapshot, _browser = await open_agent(server, "alice")
    admin = await superuser_browser(server)
    group_id = int(
        await asyncio.to_thread(
            _shell,
            server,
            "from django.contrib.auth.models import Group;"
            "print(Group.objects.get(name='agents').pk)",
        )
    )
    await alice.drain()
    if change == "renamed":
        await asyncio.to_thread(rename_group, admin, group_id, "agents-renamed")
    else:
        await asyncio.to_thread(delete_group, admin, group_id)
    watching = asyncio.create_task(frames_until_closed(alice, timeout=10))
    visitor = await open_visitor(server)
    await visitor.hello()
    started = await visitor.start(name="Not For Former Agents")
    with contextlib.suppress(websockets.ConnectionClosed):  # closed already: as it should be
        await alice.send_accept(started["conversation_id"])
    frames, code, seconds = await watching
    assert code == 4401, (code, frames)
    assert seconds < PROMPT_CLOSE_SECONDS, seconds
    assert all(frame["type"] != "assigned" for frame in frames), frames
    assert await asyncio.to_thread(conversation_row, server, started["conversation_id"]) == (
        "offline",
        "",
    )


async def test_an_expired_session_is_routed_nothing_before_its_recheck(start_server) -> None:
    """An expired session sends no signal: its socket waits for the re-check (30 s here)
    to close, but routing already passes it over."""
    server = start_server(CHAT_ROUTING="auto")
    agent, _snapshot, _browser = await open_agent(server, "alice")
    await agent.drain()
    await asyncio.to_thread(expire_all_sessions, server)
    visitor = await open_visitor(server)
    await visitor.hello()
    status = await visitor.start(name="Not For An Expired Session")
    frames, _code, _seconds = await frames_until_closed(agent, timeout=PROMPT_CLOSE_SECONDS)
    assert all(frame["type"] != "assigned" for frame in frames), frames
    assert status["status"] == "offline"
