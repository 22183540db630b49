"""Flooding the agents' queue (audit F-05), against a real Daphne process.

The server trusts ``X-Forwarded-For`` (as behind the shipped nginx), so each test can
speak from several client addresses.
"""

import asyncio
from typing import Any

import pytest
import websockets

from tests.peers import Peer, open_agent, open_visitor

pytestmark = pytest.mark.e2e

ATTACKER = "203.0.113.7"
NEIGHBOUR = "198.51.100.20"
GAS = "I can smell gas in my kitchen"


def _proxied(**env: str) -> dict[str, str]:
    return {"CHAT_TRUSTED_PROXY": "1", "CHAT_ROUTING": "manual", **env}


async def _visitor_from(server: Any, address: str, token: str | None = None) -> Peer:
    visitor = await open_visitor(server, additional_headers={"X-Forwarded-For": address})
    await visitor.hello(token)
    return visitor


async def _start(visitor: Peer) -> dict[str, Any]:
    """The answer to ``start``: a ``status`` or an ``error``."""
    await visitor.send({"type": "start", "details": {}})
    return await visitor.expect_any({"status", "error"})


async def _settled_queue(agent: Peer, holding: str | None = None) -> dict[str, Any]:
    """The last ``queue`` frame (with the conversation ``holding``) once the queue has
    stopped changing."""
    frames = [
        frame
        for frame in await agent.drain(quiet=1.0)
        if frame["type"] == "queue"
        and (holding is None or holding in {e["conversation_id"] for e in frame["queue"]})
    ]
    assert frames, "no queue frame arrived"
    return frames[-1]


async def test_one_address_cannot_push_a_real_emergency_down_the_queue(start_server) -> None:
    """Forty fake gas leaks from one address, then a real one from another: the real one
    is seen at the head of the queue, and every fake one that was queued is still flagged."""
    server = start_server(**_proxied())
    agent, _, _ = await open_agent(server, "alice")
    fakes = []
    for _ in range(40):
        visitor = await _visitor_from(server, ATTACKER)
        answer = await _start(visitor)
        if answer["type"] == "status":
            fakes.append(answer["conversation_id"])
            await visitor.say(GAS)
        await visitor.close()
    genuine = await _visitor_from(server, NEIGHBOUR)
    genuine_id = (await _start(genuine))["conversation_id"]
    await genuine.say(GAS)

    queue = (await _settled_queue(agent, holding=genuine_id))["queue"]
    order = [entry["conversation_id"] for entry in queue]

    assert genuine_id in order[:2], f"the real emergency is number {order.index(genuine_id) + 1}"
    assert all(entry["emergency"] for entry in queue if entry["conversation_id"] in fakes)


async def test_start_end_cycling_on_one_socket_is_refused(start_server) -> None:
    server = start_server(**_proxied())
    visitor = await _visitor_from(server, ATTACKER)
    started, refusal = set(), None
    for _ in range(15):
        await asyncio.sleep(0.3)  # as slowly as the audit's run: within the frame rate limit
        answer = await _start(visitor)
        if answer["type"] == "error":
            refusal = answer
            break
        started.add(answer["conversation_id"])
        await visitor.send({"type": "end"})
        await visitor.expect("status", status="closed")

    assert refusal is not None, f"{len(started)} conversations on one socket"
    assert refusal["code"] == "rate_limited" and refusal["retry_after"] > 0
    assert len(started) == 5  # CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR's default


async def _cycle(visitor: Peer) -> dict[str, Any]:
    """Starts and (when started) ends a conversation; returns the answer to ``start``."""
    answer = await _start(visitor)
    if answer["type"] == "status":
        await visitor.send({"type": "end"})
        await visitor.expect("status", status="closed")
    return answer


async def test_conversations_per_token_are_bounded_across_sockets(start_server) -> None:
    server = start_server(
        **_proxied(
            CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR="2", CHAT_CONVERSATIONS_PER_SESSION_PER_HOUR="3"
        )
    )
    first = await _visitor_from(server, ATTACKER)
    token = first.received[-1]["token"]
    answers = [await _cycle(first), await _cycle(first)]
    await first.close()
    second = await _visitor_from(server, ATTACKER, token)
    answers += [await _cycle(second), await _cycle(second)]

    assert [answer["type"] for answer in answers] == ["status", "status", "status", "error"]
    assert answers[-1]["code"] == "rate_limited" and answers[-1]["retry_after"] > 3000
    # Another session from the same address is not held back by this token's bound.
    other = await _visitor_from(server, ATTACKER)
    assert (await _cycle(other))["type"] == "status"


async def test_conversations_per_address_are_bounded_across_sessions(start_server) -> None:
    server = start_server(**_proxied(CHAT_CONVERSATIONS_PER_IP_PER_HOUR="4"))
    answers = []
    for _ in range(5):
        visitor = await _visitor_from(server, ATTACKER)  # a new session each time
        answers.append(await _cycle(visitor))
        await visitor.close()

    assert [answer["type"] for answer in answers] == ["status"] * 4 + ["error"]
    assert answers[-1]["code"] == "rate_limited" and answers[-1]["retry_after"] > 3000
    neighbour = await _visitor_from(server, NEIGHBOUR)
    assert (await _cycle(neighbour))["type"] == "status"


async def _leave_message(visitor: Peer) -> dict[str, Any]:
    """Starts a conversation while no adviser answers and leaves a message in the queue."""
    answer = await _start(visitor)
    if answer["type"] == "status":
        assert answer["status"] == "offline"
        await visitor.say("Please call me back about my repair")
        await visitor.send({"type": "end"})
        await visitor.expect("status", status="closed")
    return answer


@pytest.mark.parametrize("same_token", [True, False], ids=["per-token", "per-address"])
async def test_messages_left_in_the_queue_are_bounded(start_server, same_token: bool) -> None:
    """Messages left stay queued until an agent takes them: only so many at a time."""
    server = start_server(
        **_proxied(CHAT_QUEUED_CONVERSATIONS_PER_SESSION="2", CHAT_QUEUED_CONVERSATIONS_PER_IP="3")
    )
    first = await _visitor_from(server, ATTACKER)
    token = first.received[-1]["token"] if same_token else None
    await first.close()
    answers = []
    for _ in range(4):
        visitor = await _visitor_from(server, ATTACKER, token)
        answers.append(await _leave_message(visitor))
        await visitor.close()

    allowed = 2 if same_token else 3
    assert [answer["type"] for answer in answers[: allowed + 1]] == ["status"] * allowed + ["error"]
    assert answers[allowed]["code"] == "rate_limited"
    assert answers[allowed]["retry_after"] > 0


async def test_the_queue_frame_is_capped_with_the_total(start_server) -> None:
    server = start_server(**_proxied(CHAT_QUEUE_FRAME_MAX="3"))
    agent, _, _ = await open_agent(server, "alice", available=False)
    for number in range(6):
        visitor = await _visitor_from(server, f"198.51.100.{number + 1}")
        await _leave_message(visitor)
        await visitor.close()

    frame = await _settled_queue(agent)
    assert len(frame["queue"]) == 3 and frame["total"] == 6
    await agent.close()
    _again, snapshot, _ = await open_agent(server, "alice", available=False)
    assert len(snapshot["queue"]) == 3 and snapshot["queue_total"] == 6


async def test_addresses_of_one_ipv6_64_share_the_bounds(start_server) -> None:
    """An IPv6 client holds a whole /64: a fresh address of it per start is still one
    client, for the queue bound and for its sockets; another /64 is not held back."""
    server = start_server(
        **_proxied(CHAT_QUEUED_CONVERSATIONS_PER_IP="3", CHAT_MAX_SOCKETS_PER_IP="4")
    )
    answers = []
    for number in range(4):
        visitor = await _visitor_from(server, f"2001:db8:1:2::{number + 1:x}")
        answers.append(await _start(visitor))
        await visitor.close()
    assert [answer["type"] for answer in answers] == ["status"] * 3 + ["error"]
    assert answers[-1]["code"] == "rate_limited"
    other = await _visitor_from(server, "2001:db8:1:3::1")
    assert (await _start(other))["type"] == "status"
    await other.close()

    held = [await _visitor_from(server, f"2001:db8:1:2:a::{number + 1:x}") for number in range(4)]
    with pytest.raises(websockets.InvalidStatus):
        await open_visitor(server, additional_headers={"X-Forwarded-For": "2001:db8:1:2:b::1"})
    for visitor in held:
        await visitor.close()
