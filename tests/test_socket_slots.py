"""A socket's per-address slot comes back however its consumer ends (in process)."""

import asyncio

import pytest
from channels.testing import WebsocketCommunicator

from chatserver.asgi import application
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
