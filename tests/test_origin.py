"""Origins are allowlisted: both sockets accept only the chat server's own origins."""

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from chatserver.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)

OWN = "http://testserver"


def _communicator(path: str, origin: str | None, host: str = "testserver", scheme: str = "ws"):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    communicator.scope["scheme"] = scheme
    return communicator


def _memberships() -> int:
    layer = get_channel_layer()
    return sum(len(channels) for channels in getattr(layer, "groups", {}).values())


@pytest.mark.parametrize("path", ["/ws/visitor/", "/ws/agent/"])
@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "null",
        "https://testserver",  # right host, wrong scheme
        "http://testserver.evil.example",
        "http://testserver:8443",
        None,  # no Origin header at all
    ],
)
async def test_foreign_origins_are_refused(path: str, origin: str | None) -> None:
    before = _memberships()
    communicator = _communicator(path, origin)
    connected, _code = await communicator.connect()
    assert connected is False
    assert _memberships() == before
    await communicator.disconnect()


async def test_own_origin_is_accepted() -> None:
    communicator = _communicator("/ws/visitor/", OWN)
    connected, _code = await communicator.connect()
    assert connected is True
    await communicator.disconnect()


async def test_origin_must_match_an_allowed_host() -> None:
    communicator = _communicator("/ws/visitor/", "http://attacker.example", host="attacker.example")
    connected, _code = await communicator.connect()
    assert connected is False


@override_settings(CHAT_SERVER_ORIGINS=["https://chat.example.org"])
async def test_explicit_server_origins_replace_the_host_rule() -> None:
    refused = _communicator("/ws/visitor/", OWN)
    assert (await refused.connect())[0] is False
    accepted = _communicator("/ws/visitor/", "https://chat.example.org")
    assert (await accepted.connect())[0] is True
    await accepted.disconnect()


@override_settings(DEBUG=False)
async def test_production_refuses_plain_ws_even_from_own_host() -> None:
    communicator = _communicator("/ws/visitor/", OWN)
    assert (await communicator.connect())[0] is False
    secure = _communicator("/ws/visitor/", "https://testserver", scheme="wss")
    assert (await secure.connect())[0] is True
    await secure.disconnect()
