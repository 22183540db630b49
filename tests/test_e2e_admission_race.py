"""Simultaneous starts from one client address (audit F-05 re-audit), against real
Daphne processes: the per-address queue bound holds however many arrive at once."""

import asyncio
from typing import Any

import pytest

from tests.peers import Peer, open_visitor

pytestmark = pytest.mark.e2e

ATTACKER = "203.0.113.7"
QUEUED_PER_ADDRESS = 5  # CHAT_QUEUED_CONVERSATIONS_PER_IP's default


def _proxied() -> dict[str, str]:
    return {"CHAT_TRUSTED_PROXY": "1", "CHAT_ROUTING": "manual"}


async def _ready_visitors(servers: list[Any], count: int) -> list[Peer]:
    """``count`` visitors from one address, each with its own session, spread over
    ``servers``, all past ``hello``."""
    visitors = []
    for number in range(count):
        server = servers[number % len(servers)]
        visitor = await open_visitor(server, additional_headers={"X-Forwarded-For": ATTACKER})
        await visitor.hello()
        visitors.append(visitor)
    return visitors


async def _start_all_at_once(visitors: list[Peer]) -> list[dict[str, Any]]:
    async def start(visitor: Peer) -> dict[str, Any]:
        await visitor.send({"type": "start", "details": {}})
        return await visitor.expect_any({"status", "error"})

    return list(await asyncio.gather(*(start(visitor) for visitor in visitors)))


def _assert_bounded(answers: list[dict[str, Any]]) -> None:
    accepted = [answer for answer in answers if answer["type"] == "status"]
    refused = [answer for answer in answers if answer["type"] == "error"]
    assert len(accepted) == QUEUED_PER_ADDRESS, f"{len(accepted)} of {len(answers)} accepted"
    assert all(answer["code"] == "rate_limited" for answer in refused), refused


async def test_simultaneous_starts_from_one_address_are_bounded(start_server) -> None:
    server = start_server(**_proxied())
    visitors = await _ready_visitors([server], 14)
    _assert_bounded(await _start_all_at_once(visitors))


@pytest.mark.postgres
@pytest.mark.redis
async def test_simultaneous_starts_across_two_processes_are_bounded(start_server) -> None:
    first = start_server(postgres=True, redis=True, **_proxied())
    second = start_server(database_url=first.database_url, redis=True, **_proxied())
    visitors = await _ready_visitors([first, second], 16)
    _assert_bounded(await _start_all_at_once(visitors))
