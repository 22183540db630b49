"""A supervisor's "sign out everywhere" for an agent: supervisors only, behind CSRF and a
confirmation, ending every session of the agent (and so their sockets), audited."""

import asyncio
import re
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client

from chatserver.chat import availability
from chatserver.chat.models import AgentSocket
from identity.sessions import session_keys_of
from tests import factories
from tests.mfa import sign_in
from tests.servers import Browserless, server_shell
from transcripts.compliance.models import AuditEntry

PROMPT_CLOSE_SECONDS = 2.0


def signed_in(user: User, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    sign_in(client, user)
    return client


def url(user: User) -> str:
    return f"/console/agents/{user.pk}/sign-out/"


@pytest.fixture
def carol() -> User:
    return factories.supervisor("carol")


@pytest.mark.django_db
def test_the_dashboard_offers_it_for_each_agent(carol: User) -> None:
    alice = factories.agent("alice")
    page = signed_in(carol).get("/console/dashboard/").content.decode()
    assert f'href="{url(alice)}"' in page and "Sign out everywhere" in page


@pytest.mark.django_db
def test_it_asks_first_and_changes_nothing_unconfirmed(carol: User) -> None:
    alice = factories.agent("alice")
    signed_in(alice)
    supervisor = signed_in(carol)
    page = supervisor.get(url(alice)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page and 'name="confirm"' in page
    response = supervisor.post(url(alice), {})
    assert response.status_code == 400 and "nothing was changed" in response.content.decode()
    assert len(session_keys_of(alice.pk)) == 1
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_it_ends_every_session_of_the_agent_and_takes_them_out_of_routing(
    carol: User, django_capture_on_commit_callbacks: Any
) -> None:
    alice = factories.online_agent("alice")
    signed_in(alice)
    bob = factories.online_agent("bob")
    assert len(session_keys_of(alice.pk)) == 2
    supervisor = signed_in(carol)
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(url(alice), {"confirm": "yes"})
    assert response.status_code == 200
    assert re.search(r"Done\. 2 sessions ended", response.content.decode())
    assert session_keys_of(alice.pk) == []
    assert not AgentSocket.objects.filter(agent=alice).exists()
    assert list(availability.agents_with_capacity().values_list("agent_id", flat=True)) == [bob.pk]
    assert len(session_keys_of(bob.pk)) == 1 and len(session_keys_of(carol.pk)) == 1
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor_id) == ("signed_out_everywhere", carol.pk)
    assert entry.detail == {"user_id": alice.pk, "sessions": 2}


@pytest.mark.django_db
def test_it_is_for_supervisors_only(carol: User) -> None:
    alice = factories.agent("alice")
    bob = factories.agent("bob")
    signed_in(alice)
    assert signed_in(bob).post(url(alice), {"confirm": "yes"}).status_code == 403
    anonymous = Client().post(url(alice), {"confirm": "yes"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert len(session_keys_of(alice.pk)) == 1


@pytest.mark.django_db
def test_it_needs_the_csrf_token(carol: User) -> None:
    alice = factories.agent("alice")
    signed_in(alice)
    supervisor = signed_in(carol, enforce_csrf_checks=True)
    assert supervisor.post(url(alice), {"confirm": "yes"}).status_code == 403
    assert len(session_keys_of(alice.pk)) == 1
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', supervisor.get(url(alice)).content.decode()
    )
    assert token
    done = supervisor.post(url(alice), {"confirm": "yes", "csrfmiddlewaretoken": token[1]})
    assert done.status_code == 200 and session_keys_of(alice.pk) == []


@pytest.mark.django_db
def test_only_agents_accounts_and_never_a_superuser(carol: User) -> None:
    root = User.objects.create_superuser("root", password="x" * 20)
    stranger = factories.account("stranger")
    supervisor = signed_in(carol)
    for account in (root, stranger):
        signed_in(account)
        assert supervisor.post(url(account), {"confirm": "yes"}).status_code == 404
    assert Session.objects.count() == 3


async def sign_out_closes(supervising: Any, serving: Any) -> None:
    """Carol, signed in on ``supervising``, signs alice out everywhere; alice's socket on
    ``serving`` closes with 4401 within two seconds of the answer (the socket re-check is
    30 s there)."""
    from tests.peers import Peer
    from tests.test_e2e_scim import until_closed

    browser = Browserless(supervising)
    await asyncio.to_thread(browser.login, "alice")
    agent = await Peer.open(
        serving.ws_url("/ws/agent/"), origin=serving.origin, cookie=browser.cookie_header()
    )
    await agent.expect("snapshot")
    await agent.drain()
    supervisor = Browserless(supervising)
    await asyncio.to_thread(supervisor.login, "carol")
    alice_id = (
        await asyncio.to_thread(
            server_shell,
            supervising,
            "from django.contrib.auth.models import User;"
            "print(User.objects.get(username='alice').pk)",
        )
    ).strip()
    path = f"/console/agents/{alice_id}/sign-out/"
    token = await asyncio.to_thread(supervisor.csrf_token, path)
    watching = asyncio.create_task(until_closed(agent, timeout=10))
    status, page = await asyncio.to_thread(
        supervisor.post, path, {"confirm": "yes", "csrfmiddlewaretoken": token}
    )
    answered = time.monotonic()
    assert status == 200 and "Done. 1 session ended" in page
    frames, code, closed_at = await watching
    assert code == 4401, (code, frames)
    assert closed_at - answered < PROMPT_CLOSE_SECONDS


@pytest.mark.e2e
async def test_it_closes_the_agents_open_console_at_once(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    await sign_out_closes(server, server)


@pytest.mark.e2e
@pytest.mark.postgres
@pytest.mark.redis
async def test_it_closes_the_agents_console_on_another_process(start_server) -> None:
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    await sign_out_closes(first, second)


@pytest.mark.django_db
def test_the_agents_chat_goes_back_to_the_queue(
    carol: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CHAT_ROUTING = "auto"
    alice = factories.online_agent("alice")
    conversation = factories.started()
    assert conversation.live.assigned_agent_id == alice.pk
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(carol).post(url(alice), {"confirm": "yes"})
    conversation.refresh_from_db()
    assert (conversation.live.status, conversation.live.assigned_agent_id) == ("offline", None)
