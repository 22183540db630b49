"""A real Daphne process: pages, health and the WebSocket handshake."""

import json
import urllib.request

import pytest
import websockets

from tests.peers import Peer

pytestmark = pytest.mark.e2e


def _get(url: str) -> tuple[int, dict[str, str], str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


async def test_pages_health_and_handshake(start_server) -> None:
    server = start_server()
    status, _headers, body = _get(f"{server.origin}/")
    assert status == 200 and "How can we help" in body
    status, _headers, body = _get(f"{server.origin}/healthz")
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
        "warnings": [],
    }

    visitor = await Peer.open(server.ws_url("/ws/visitor/"), origin=server.origin)
    welcome = await visitor.hello()
    assert welcome["resumed"] is False and welcome["conversation"] is None
    await visitor.close()

    with pytest.raises(websockets.InvalidStatus) as refused:
        await Peer.open(server.ws_url("/ws/visitor/"), origin="https://evil.example")
    assert refused.value.response.status_code == 403
