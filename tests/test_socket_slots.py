"""A socket's per-address slot comes back however its consumer ends (in process)."""

import asyncio

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from chatserver.asgi import application
from chatserver.chat import broadcast
from chatserver.chat.consumers.base import ChatConsumer
from chatserver.chat.ratelimit import connections

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]
ADDRESS = "198.51.100.77"


async def _open_visitor() -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/visitor/", headers=HEADERS)
    communicator.scope["client"] = (ADDRESS, 50000)
    connected, _code = await communicator.connect()
    assert connected
    assert connections.open[ADDRESS] == 1
    return communicator


async def test_a_consumer_that_crashes_gives_its_slot_back(monkeypatch) -> None:
    async def crash(self, text_data=None, bytes_data=None) -> None:
        raise RuntimeError("a bug outside every handler's try")

    monkeypatch.setattr(ChatConsumer, "receive", crash)
    communicator = await _open_visitor()
    await communicator.send_to(text_data='{"type": "hello"}')
    with pytest.raises(RuntimeError):
        await communicator.wait(timeout=5)
    assert ADDRESS not in connections.open


async def test_a_consumer_cancelled_by_the_server_gives_its_slot_back() -> None:
    """Daphne cancels an application that outlives its close timeout, and every one
    of them when it shuts down."""
    communicator = await _open_visitor()
    communicator.future.cancel()
    with pytest.raises(asyncio.CancelledError):
        await communicator.future
    assert ADDRESS not in connections.open


async def test_a_closed_socket_gives_its_slot_back_once() -> None:
    first = await _open_visitor()
    second = WebsocketCommunicator(application, "/ws/visitor/", headers=HEADERS)
    second.scope["client"] = (ADDRESS, 50001)
    assert (await second.connect())[0]
    assert connections.open[ADDRESS] == 2
    await first.disconnect()
    assert connections.open[ADDRESS] == 1
    await second.disconnect()
    assert ADDRESS not in connections.open


async def _next_of_type(communicator: WebsocketCommunicator, frame_type: str) -> dict:
    while True:
        frame = await communicator.receive_json_from(timeout=5)
        if frame["type"] == frame_type:
            return frame


async def test_an_event_without_a_handler_is_dropped_and_the_socket_keeps_working() -> None:
    """A newer process of a rolling deployment may send an event type this one lacks."""
    communicator = await _open_visitor()
    await communicator.send_to(text_data='{"type": "hello", "token": null, "after_seq": null}')
    await _next_of_type(communicator, "welcome")
    await communicator.send_to(text_data='{"type": "start", "details": {}}')
    conversation_id = (await _next_of_type(communicator, "status"))["conversation_id"]
    await get_channel_layer().group_send(
        broadcast.visitor_group(conversation_id), {"type": "agent.revoked"}
    )
    await communicator.send_to(text_data='{"type": "ping"}')
    await _next_of_type(communicator, "pong")
    assert connections.open[ADDRESS] == 1
    await communicator.disconnect()
    assert ADDRESS not in connections.open
