"""The visitor socket with a portal assertion in ``hello``: a valid one marks the chat the
visitor starts (or the open one they resume) verified, and the agent who has it is told;
a refused one gives an ordinary anonymous chat, with no error frame and nothing said."""

from collections.abc import Callable
from typing import Any

import pytest
from channels.db import database_sync_to_async

from chatserver.asgi import application
from tests import portal_assertions as portal
from tests.peers import InProcessPeer, open_agent_in_process
from transcripts.compliance.models import AuditEntry
from transcripts.record import store

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


@pytest.fixture(autouse=True)
def _portal(settings: Any) -> None:
    portal.configure(settings, "HS256")


async def greeted(assertion: Any, token: str | None = None) -> tuple[InProcessPeer, dict]:
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    await visitor.send({"type": "hello", "token": token, "after_seq": None, "assertion": assertion})
    return visitor, await visitor.expect("welcome")


async def test_a_valid_assertion_verifies_the_chat_the_visitor_starts() -> None:
    visitor, welcome = await greeted(portal.assertion("HS256", reference="TN-31337"))
    status = await visitor.start()
    tenant = await database_sync_to_async(store.read_portal_tenant)(status["conversation_id"])
    assert tenant == store.PortalTenantView("TN-31337", "Sam Tenant")
    assert set(welcome) >= {"token", "resumed", "conversation"}
    await visitor.close()


# Made when each test runs (collection may be minutes earlier).
REFUSED: dict[str, Callable[[], Any]] = {
    "garbage": lambda: "not-a-jwt",
    "number": lambda: 42,
    "object": lambda: {"a": "dict"},
    "forged": lambda: portal.assertion("HS256", key="another-secret-that-is-long-enough-to-use"),
    "expired": lambda: portal.assertion("HS256", iat=1_000_000_000, exp=1_000_000_100),
}


@pytest.mark.parametrize("case", list(REFUSED))
async def test_a_refused_assertion_gives_an_ordinary_chat(case: str) -> None:
    visitor, welcome = await greeted(REFUSED[case]())
    status = await visitor.start()
    assert status["status"] in {"waiting", "offline"}
    assert not [frame for frame in await visitor.drain() if frame["type"] == "error"]
    conversation_id = status["conversation_id"]
    assert await database_sync_to_async(store.read_portal_tenant)(conversation_id) is None
    reasons = await database_sync_to_async(
        lambda: list(AuditEntry.objects.values_list("action", flat=True))
    )()
    assert reasons.count("portal_assertion_refused") == 1
    await visitor.close()


async def test_a_replayed_assertion_on_a_second_socket_is_refused() -> None:
    token = portal.assertion("HS256")
    first, _welcome = await greeted(token)
    await first.close()
    second, _welcome = await greeted(token)
    status = await second.start()
    assert await database_sync_to_async(store.read_portal_tenant)(status["conversation_id"]) is None
    await second.close()


async def test_an_agent_who_has_the_chat_is_told_when_it_is_verified_on_resume() -> None:
    _agent, agent_socket = await open_agent_in_process("river")
    await agent_socket.set_presence("available")
    visitor, welcome = await greeted(None)
    status = await visitor.start()
    conversation_id = status["conversation_id"]
    await agent_socket.expect("assigned")
    await visitor.close()
    again, resumed = await greeted(portal.assertion("HS256", name=None), token=welcome["token"])
    assert resumed["resumed"] is True
    details = await agent_socket.expect("details", conversation_id=conversation_id)
    assert details["portal"] == {"reference": "TN-0042117"}
    await again.close()
    await agent_socket.close()
