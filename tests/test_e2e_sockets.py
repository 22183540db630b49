"""Socket lifetimes against a real Daphne process: no frame crashes a consumer, every
socket gives its per-address slot back however it ends, and a refused handshake is
one quiet log line."""

import asyncio
import re

import pytest
import websockets

from tests.peers import Peer, open_agent, open_visitor
from tests.servers import Browserless

pytestmark = pytest.mark.e2e

CRASH_SHAPES = [["x"], {"a": 1}, [], {}, [["nested"]], {"type": "message"}]


async def _answer_or_close(peer: Peer) -> str:
    """The error code that answers the last frame, or how the socket closed."""
    try:
        return str((await peer.expect("error", timeout=5))["code"])
    except websockets.ConnectionClosed as closed:
        return f"closed {closed.rcvd.code if closed.rcvd else None}"


async def test_crash_shaped_frame_types_are_refused_and_leak_no_slot(start_server) -> None:
    """F-01: a ``type`` that is a list or an object is ``unknown_type``; 25 of them from
    one address still leave room for a fresh visitor and a fresh agent."""
    server = start_server(CHAT_CONNECTS_PER_MINUTE_PER_IP="1000", CHAT_ROUTING="manual")
    outcomes = []
    for n in range(25):
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.send({"type": CRASH_SHAPES[n % len(CRASH_SHAPES)]})
        outcomes.append(await _answer_or_close(visitor))
        await visitor.close()

    agent, _, _ = await open_agent(server, "alice")
    for shape in CRASH_SHAPES:
        await agent.send({"type": shape})
        outcomes.append(await _answer_or_close(agent))
    await agent.send({"type": "ping"})
    await agent.expect("pong")
    assert outcomes == ["unknown_type"] * (25 + len(CRASH_SHAPES))

    fresh = await open_visitor(server)
    await fresh.hello()
    other_agent, snapshot, _ = await open_agent(server, "bob")
    assert snapshot["type"] == "snapshot"
    assert "Exception inside application" not in server.log_text()


async def test_frames_after_the_server_closed_the_socket_do_not_crash_it(start_server) -> None:
    """F-01's second trigger: answering frames that were already queued when the
    socket was closed (sending on a closed protocol) must not kill the consumer and
    leak its slot."""
    server = start_server(CHAT_CONNECTS_PER_MINUTE_PER_IP="1000", CHAT_MAX_SOCKETS_PER_IP="5")
    for _ in range(8):
        visitor = await open_visitor(server)
        # Not hello first: error, then close 4400; the frames behind it are answered
        # after the close was sent.
        for frame in ['{"type": "ping"}', *["not json"] * 10]:
            await visitor.ws.send(frame)
        assert await visitor.closed_code() == 4400
    await asyncio.sleep(0.5)
    log = server.log_text()
    assert "Exception inside application" not in log, log[-3000:]
    fresh = await open_visitor(server)
    await fresh.hello()


async def test_refused_handshakes_log_one_info_line_each(start_server) -> None:
    """F-09: past the per-address limit every refused socket logs one INFO line, with
    no traceback and no client address."""
    server = start_server(CHAT_MAX_SOCKETS_PER_IP="3", CHAT_CONNECTS_PER_MINUTE_PER_IP="1000")
    kept = [await open_visitor(server) for _ in range(3)]
    browser = Browserless(server)
    await asyncio.to_thread(browser.login, "alice")
    refused = 0
    for n in range(12):
        path = "/ws/agent/" if n % 4 == 0 else "/ws/visitor/"
        cookie = browser.cookie_header() if path == "/ws/agent/" else None
        with pytest.raises(websockets.InvalidStatus) as rejection:
            await Peer.open(server.ws_url(path), origin=server.origin, cookie=cookie)
        assert rejection.value.response.status_code == 403
        refused += 1
    await asyncio.sleep(0.5)
    log = server.log_text()
    assert "Traceback" not in log and " ERROR " not in log, log[-3000:]
    refusals = [line for line in log.splitlines() if re.search(r"Refused an? \w+ socket", line)]
    assert len(refusals) == refused, refusals
    assert all(" INFO " in line and "127.0.0.1" not in line for line in refusals), refusals
    for visitor in kept:
        await visitor.close()
