"""An idle chat against a real Daphne process (WCAG 2.2.1, timing adjustable): the
visitor is warned long enough before the chat closes, "keep this chat open" keeps it
open, and the widget's heartbeat is no activity that would keep it open for ever."""

import asyncio
import contextlib
import time
from datetime import datetime

import pytest

from tests.peers import Peer, open_agent, open_visitor

pytestmark = pytest.mark.e2e

IDLE = 25
WARNING = 20  # the least the server allows: WCAG asks for at least 20 seconds


async def _pinging(visitor: Peer, stop: asyncio.Event) -> None:
    """A widget's heartbeat: a ping every 2 s (its answers are read by the test)."""
    while not stop.is_set():
        await visitor.send({"type": "ping"})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 2)


async def _warned(visitor: Peer) -> tuple[dict[str, object], float]:
    frame = await visitor.expect("idle_warning", timeout=IDLE)
    return frame, time.monotonic()


async def test_an_idle_chat_warns_first_and_keep_open_keeps_it(start_server) -> None:
    server = start_server(
        CHAT_ROUTING="auto",
        CHAT_VISITOR_IDLE_SECONDS=str(IDLE),
        CHAT_VISITOR_IDLE_WARNING_SECONDS=str(WARNING),
        CHAT_HOUSEKEEPING_SECONDS="1",
    )
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    assert (await visitor.start())["status"] in ("waiting", "active")
    await agent.expect("assigned")
    await visitor.say("is anyone there?", client_id="v1")
    stop = asyncio.Event()
    heartbeat = asyncio.create_task(_pinging(visitor, stop))
    try:
        first, warned_at = await _warned(visitor)
        closes_in = first["closes_in"]
        assert isinstance(closes_in, int) and closes_in >= WARNING, first
        first_close = datetime.fromisoformat(str(first["closes_at"]))

        await visitor.send({"type": "keep_open"})
        await visitor.expect("kept_open")
        # Past the moment it would have closed, it is still open ...
        await asyncio.sleep(max(0.0, closes_in - (time.monotonic() - warned_at)) + 2)
        since = await visitor.drain()
        assert not [f for f in since if f.get("status") == "closed"], since
        # ... and, with nothing said and only the heartbeat going, a warning of a later
        # close comes, at least WARNING seconds before it (the server's own times).
        later = [
            f
            for f in since
            if f["type"] == "idle_warning"
            and datetime.fromisoformat(str(f["closes_at"])) > first_close
        ]
        second = later[0] if later else (await _warned(visitor))[0]
        assert isinstance(second["closes_in"], int) and second["closes_in"] >= WARNING, second
        await visitor.expect("status", status="closed", timeout=IDLE + 10)
    finally:
        stop.set()
        await heartbeat
    line = await visitor.expect("message", text="This chat was closed because it was inactive.")
    assert line["from"] == "system"
    assert datetime.fromisoformat(line["at"]) >= datetime.fromisoformat(str(second["closes_at"]))
    # The agent is never sent the warning; they see the chat close as before.
    await agent.expect("status", status="closed")
    assert not [f for f in agent.received if f.get("type") == "idle_warning"]
    await visitor.send({"type": "keep_open"})
    assert (await visitor.expect("error"))["code"] == "invalid"
    await visitor.close()
    await agent.close()


async def test_keep_open_before_a_chat_and_in_a_flood(start_server) -> None:
    """``keep_open`` is refused before a conversation starts, and limited like any frame."""
    server = start_server(CHAT_RATE_PER_SECOND="1", CHAT_RATE_BURST="3")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send({"type": "keep_open"})
    assert (await visitor.expect("error"))["code"] == "not_started"
    for _ in range(6):
        await visitor.send({"type": "keep_open"})
    codes = [(await visitor.expect("error"))["code"] for _ in range(6)]
    assert "rate_limited" in codes, codes
    await visitor.close()
