"""SCIM deactivation against real servers: two Daphne processes on PostgreSQL and Redis.

An agent's socket is open on process B; the identity provider's PATCH ``active: false``
goes to process A over HTTP with a bearer token. The socket on B must close with the
revocation code (4401) within two seconds of the SCIM response, having been sent no new
chat: the agent left routing in the PATCH's own transaction. The servers keep the
socket re-check at its default (30 s), so a close within two seconds is the revocation's.

The figures: ``pytest tests/test_e2e_scim.py -k timing -s`` prints the median and the
maximum over ``RUNS`` deactivations.
"""

import asyncio
import json
import statistics
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
import websockets

from tests.peers import Peer, open_visitor
from tests.servers import Browserless, ChatServer, manage

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

PROMPT_CLOSE_SECONDS = 2.0
REVOKED = 4401
RUNS = 10
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def scim_request(
    server: ChatServer, token: str, method: str, path: str, body: Any = None
) -> tuple[int, Any]:
    request = urllib.request.Request(
        f"{server.origin}/scim/v2/{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def set_active(server: ChatServer, token: str, user_id: str, active: bool) -> float:
    """Entra ID's PATCH of ``active``; returns the monotonic time its response arrived."""
    body = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "Replace", "path": "active", "value": str(active)}],
    }
    status, resource = scim_request(server, token, "PATCH", f"Users/{user_id}", body)
    arrived = time.monotonic()
    assert status == 200, resource
    assert resource["active"] is active
    return arrived


async def until_closed(peer: Peer, timeout: float) -> tuple[list[Any], int | None, float]:
    """The frames the socket receives until it closes: (frames, close code, monotonic time)."""
    frames: list[Any] = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                frames.append(json.loads(await peer.ws.recv()))
    except TimeoutError:
        return frames, None, time.monotonic()
    except websockets.ConnectionClosed as closed:
        return frames, closed.rcvd.code if closed.rcvd else None, time.monotonic()


async def agent_on(server: ChatServer, login_server: ChatServer) -> Peer:
    """Alice signed in on ``login_server``, her available agent socket on ``server``."""
    browser = Browserless(login_server)
    await asyncio.to_thread(browser.login, "alice")
    agent = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=browser.cookie_header()
    )
    await agent.expect("snapshot")
    await agent.set_presence("available")
    await agent.drain()
    return agent


@pytest.fixture
def two_processes(start_server) -> tuple[ChatServer, ChatServer, str, str]:
    """(A, B, a SCIM token, alice's SCIM id)."""
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    token = manage(first.env, "scim_token", "create", "entra-e2e").strip()
    status, found = scim_request(first, token, "GET", "Users?filter=userName%20eq%20%22alice%22")
    assert status == 200 and found["totalResults"] == 1
    return first, second, token, found["Resources"][0]["id"]


async def deactivation_closes(
    first: ChatServer, second: ChatServer, token: str, alice: str
) -> tuple[float, float, list[Any]]:
    """One deactivation: (seconds from the PATCH's response to the close, from its
    request to the close, the frames received meanwhile)."""
    agent = await agent_on(second, first)
    watching = asyncio.create_task(until_closed(agent, timeout=10))
    sent = time.monotonic()
    answered = await asyncio.to_thread(set_active, first, token, alice, False)
    frames, code, closed_at = await watching
    assert code == REVOKED, (code, frames)
    return closed_at - answered, closed_at - sent, frames


async def test_a_scim_deactivation_on_one_process_closes_the_socket_on_another(
    two_processes,
) -> None:
    first, second, token, alice = two_processes
    after_response, _after_request, frames = await deactivation_closes(first, second, token, alice)
    assert after_response < PROMPT_CLOSE_SECONDS, after_response
    assert frames == []
    visitor = await open_visitor(second)
    await visitor.hello()
    assert (await visitor.start(name="Not For A Leaver"))["status"] == "offline"
    login = Browserless(first)
    with pytest.raises(AssertionError):
        await asyncio.to_thread(login.login, "alice")


async def test_timing_of_scim_deactivation_to_socket_close(two_processes) -> None:
    first, second, token, alice = two_processes
    after_response, after_request = [], []
    for _run in range(RUNS):
        from_response, from_request, _frames = await deactivation_closes(
            first, second, token, alice
        )
        after_response.append(from_response)
        after_request.append(from_request)
        await asyncio.to_thread(set_active, first, token, alice, True)
    print(
        f"\nSCIM PATCH active=false on A -> agent socket on B closed (4401), {RUNS} runs:"
        f"\n  from the SCIM response: median {statistics.median(after_response) * 1000:.0f} ms,"
        f" max {max(after_response) * 1000:.0f} ms"
        f"\n  from the SCIM request:  median {statistics.median(after_request) * 1000:.0f} ms,"
        f" max {max(after_request) * 1000:.0f} ms"
    )
    assert max(after_response) < PROMPT_CLOSE_SECONDS, after_response


def test_scim_refuses_a_wrong_token_and_logs_neither_token_nor_filter(two_processes) -> None:
    first, _second, token, alice = two_processes
    status, body = scim_request(first, "scim-wrong", "GET", f"Users/{alice}")
    assert status == 401 and body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    status, body = scim_request(first, token, "GET", "Users?filter=title%20eq%20%22x%22")
    assert status == 400 and body["scimType"] == "invalidFilter"
    log = first.log_text()
    assert token not in log and "scim-wrong" not in log and "filter" not in log


async def test_a_scim_role_removal_on_one_process_closes_the_socket_on_another(
    two_processes,
) -> None:
    first, second, token, alice = two_processes
    status, found = scim_request(
        first, token, "GET", "Groups?filter=displayName%20eq%20%22agents%22"
    )
    assert status == 200 and {"value": alice} in found["Resources"][0]["members"]
    agents = found["Resources"][0]["id"]
    agent = await agent_on(second, first)
    watching = asyncio.create_task(until_closed(agent, timeout=10))
    removal = {
        "schemas": [PATCH_SCHEMA],
        "Operations": [{"op": "Remove", "path": f'members[value eq "{alice}"]'}],
    }
    status, group = await asyncio.to_thread(
        scim_request, first, token, "PATCH", f"Groups/{agents}", removal
    )
    answered = time.monotonic()
    assert status == 200 and {"value": alice} not in group["members"]
    frames, code, closed_at = await watching
    assert code == REVOKED, (code, frames)
    assert closed_at - answered < PROMPT_CLOSE_SECONDS
    assert frames == []
