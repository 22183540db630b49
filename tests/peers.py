"""WebSocket peers for tests: a visitor or an agent speaking the real protocol."""

import asyncio
import json
import uuid
from typing import Any

import websockets
from channels.testing import WebsocketCommunicator
from websockets.asyncio.client import ClientConnection, connect

from chatserver.chat.protocol import frame_problems

DEFAULT_TIMEOUT = 10.0


class Peer:
    """One socket. Every frame it receives is checked against the protocol's frame
    definitions, so each test that talks to a server also checks the contract."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.endpoint = (
            "agent" if "/ws/agent/" in str(ws.request.path if ws.request else "") else "visitor"
        )
        self.received: list[dict[str, Any]] = []
        self._unread: list[dict[str, Any]] = []

    @classmethod
    async def open(
        cls, url: str, origin: str | None, cookie: str | None = None, **kwargs: Any
    ) -> "Peer":
        headers = dict(kwargs.pop("additional_headers", None) or {})
        if cookie:
            headers["Cookie"] = cookie
        ws = await connect(
            url,
            origin=origin,  # type: ignore[arg-type]
            additional_headers=headers or None,
            open_timeout=DEFAULT_TIMEOUT,
            max_size=2**22,
            **kwargs,
        )
        return cls(ws)

    async def send(self, frame: dict[str, Any] | str) -> None:
        await self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def _next(self, timeout: float) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        frame = json.loads(raw)
        assert frame_problems(self.endpoint, frame) == [], frame
        self.received.append(frame)
        return frame

    async def expect(
        self, frame_type: str, timeout: float = DEFAULT_TIMEOUT, **match: Any
    ) -> dict[str, Any]:
        """The next frame of that type (and fields), leaving others to read later."""
        for index, frame in enumerate(self._unread):
            if _matches(frame, frame_type, match):
                return self._unread.pop(index)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                raise AssertionError(
                    f"no {frame_type} {match} within {timeout}s; unread: {self._unread[-10:]}"
                )
            try:
                frame = await self._next(remaining)
            except TimeoutError:
                continue
            if _matches(frame, frame_type, match):
                return frame
            self._unread.append(frame)

    async def expect_any(
        self, frame_types: set[str], timeout: float = DEFAULT_TIMEOUT
    ) -> dict[str, Any]:
        for index, frame in enumerate(self._unread):
            if frame.get("type") in frame_types:
                return self._unread.pop(index)
        while True:
            frame = await self._next(timeout)
            if frame.get("type") in frame_types:
                return frame
            self._unread.append(frame)

    async def drain(self, quiet: float = 0.3) -> list[dict[str, Any]]:
        """Every frame arriving until the socket is quiet for ``quiet`` seconds."""
        frames, self._unread = list(self._unread), []
        while True:
            try:
                frames.append(await self._next(quiet))
            except TimeoutError:
                return frames

    async def closed_code(self, timeout: float = DEFAULT_TIMEOUT) -> int | None:
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd.code if closed.rcvd else None

    async def close(self) -> None:
        await self.ws.close()

    # Visitor conveniences.
    async def hello(self, token: str | None = None, after_seq: int | None = None) -> dict[str, Any]:
        await self.send({"type": "hello", "token": token, "after_seq": after_seq})
        return await self.expect("welcome")

    async def start(self, **details: Any) -> dict[str, Any]:
        await self.send({"type": "start", "details": details})
        return await self.expect("status")

    async def say(self, text: str, client_id: str | None = None, **extra: Any) -> dict[str, Any]:
        client_id = client_id or uuid.uuid4().hex
        await self.send({"type": "message", "client_id": client_id, "text": text, **extra})
        return await self.expect("ack", client_id=client_id)

    # Agent conveniences: the frames of docs/protocol.md's agent endpoint. The plain verbs
    # wait for the server's answer; the send_* ones only send (for refusals and races).
    async def send_line(
        self,
        conversation_id: str,
        text: str,
        *,
        kind: str = "message",
        client_id: str | None = None,
    ) -> str:
        """Sends an agent line (``kind="note"``: an internal note); returns its client_id."""
        client_id = client_id or uuid.uuid4().hex
        await self.send(
            {"type": kind, "conversation_id": conversation_id, "client_id": client_id, "text": text}
        )
        return client_id

    async def reply(
        self, conversation_id: str, text: str, client_id: str | None = None
    ) -> dict[str, Any]:
        """An agent's line to the visitor; returns the server's ack."""
        client_id = await self.send_line(conversation_id, text, client_id=client_id)
        return await self.expect("ack", client_id=client_id)

    async def note(
        self, conversation_id: str, text: str, client_id: str | None = None
    ) -> dict[str, Any]:
        """An internal note the visitor never sees; returns the server's ack."""
        client_id = await self.send_line(conversation_id, text, kind="note", client_id=client_id)
        return await self.expect("ack", client_id=client_id)

    async def send_accept(self, conversation_id: str) -> None:
        await self.send({"type": "accept", "conversation_id": conversation_id})

    async def accept(self, conversation_id: str) -> dict[str, Any]:
        """Takes a conversation from the queue; returns the ``assigned`` frame."""
        await self.send_accept(conversation_id)
        return await self.expect("assigned")

    async def typing_in(self, conversation_id: str, active: bool = True) -> None:
        await self.send({"type": "typing", "conversation_id": conversation_id, "active": active})

    async def send_close(self, conversation_id: str) -> None:
        await self.send({"type": "close", "conversation_id": conversation_id})

    async def send_transfer(self, conversation_id: str, to_agent_id: int) -> None:
        await self.send(
            {"type": "transfer", "conversation_id": conversation_id, "to_agent_id": to_agent_id}
        )

    async def set_presence(self, status: str) -> dict[str, Any]:
        await self.send({"type": "presence", "status": status})
        return await self.expect("presence", status=status)


class InProcessPeer(Peer):
    """A ``Peer`` on Channels' communicator instead of a real socket: the same helpers for
    consumer tests that run the application in this process."""

    def __init__(self, communicator: WebsocketCommunicator, endpoint: str) -> None:
        self.communicator = communicator
        self.endpoint = endpoint
        self.received = []
        self._unread = []

    @classmethod
    async def connect(
        cls, application: Any, path: str, headers: list[tuple[bytes, bytes]], **scope: Any
    ) -> "InProcessPeer":
        communicator = WebsocketCommunicator(application, path, headers=headers)
        communicator.scope.update(scope)
        connected, _code = await communicator.connect()
        assert connected, f"{path} refused the connection"
        return cls(communicator, "agent" if path.startswith("/ws/agent/") else "visitor")

    async def send(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        await self.communicator.send_to(text_data=text)

    async def _next(self, timeout: float) -> dict[str, Any]:
        # The communicator cancels the application when a receive times out: wait for
        # output without receiving first, so a quiet socket stays open.
        if await self.communicator.receive_nothing(timeout=timeout):
            raise TimeoutError
        output = await self.communicator.receive_output(timeout=1)
        if output["type"] == "websocket.close":
            raise AssertionError(f"the socket was closed with {output.get('code')}")
        frame = json.loads(output["text"])
        assert frame_problems(self.endpoint, frame) == [], frame
        self.received.append(frame)
        return frame

    async def close(self) -> None:
        await self.communicator.disconnect()


def signed_in(account: Any) -> str | None:
    """The key of a new session of the account, as its login would make: an agent
    socket is only routed to while its session is live."""
    from django.test import Client

    from tests.mfa import sign_in

    client = Client()
    sign_in(client, account)
    return client.session.session_key


async def open_agent_in_process(username: str) -> tuple[Any, InProcessPeer]:
    """A new agent, signed in, on an agent socket run in this process (after its snapshot)."""
    from channels.db import database_sync_to_async
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from chatserver.chat.consumers import AgentConsumer

    @database_sync_to_async
    def agent_with_session() -> tuple[User, str | None]:
        agent = User.objects.create_user(username, password="x-long-password-1")
        agent.groups.add(Group.objects.get_or_create(name="agents")[0])
        return agent, signed_in(agent)

    agent, session_key = await agent_with_session()
    socket = await InProcessPeer.connect(
        AgentConsumer.as_asgi(), "/ws/agent/", [], user=agent, session=SessionStore(session_key)
    )
    await socket.expect("snapshot")
    return agent, socket


def _matches(frame: dict[str, Any], frame_type: str, match: dict[str, Any]) -> bool:
    return frame.get("type") == frame_type and all(frame.get(k) == v for k, v in match.items())


async def open_visitor(server: Any, **kwargs: Any) -> Peer:
    return await Peer.open(server.ws_url("/ws/visitor/"), origin=server.origin, **kwargs)


async def open_agent(
    server: Any, username: str, *, available: bool = True
) -> tuple[Peer, dict[str, Any], Any]:
    """Logs the agent in over HTTP, opens the agent socket; returns (peer, snapshot, browser)."""
    from tests.servers import Browserless

    browser = Browserless(server)
    await asyncio.to_thread(browser.login, username)
    peer = await Peer.open(
        server.ws_url("/ws/agent/"), origin=server.origin, cookie=browser.cookie_header()
    )
    snapshot = await peer.expect("snapshot")
    if available:
        await peer.set_presence("available")
    return peer, snapshot, browser
