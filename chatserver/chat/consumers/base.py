"""What every chat socket shares: JSON framing, rate limits, the idle watchdog, error
frames and the in-order delivery of stored lines.

Sockets are asynchronous because most of them sit idle; every database call goes
through ``database_sync_to_async``. Frames never reach a log: only frame types, ids
and error classes do.
"""

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from autobahn.exception import Disconnected
from channels.consumer import get_handler_name
from channels.db import aclose_old_connections, database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from chatserver.chat import broadcast, housekeeping, protocol, writer
from chatserver.chat.clients import client_address, rate_limit_key
from chatserver.chat.errors import error_frame_for
from chatserver.chat.ratelimit import TokenBucket, connections
from transcripts.record import store
from transcripts.record.errors import CryptoError

logger = logging.getLogger(__name__)

FLOOD_GRACE = 20
# Lines one socket may have waiting for the writer while it reads its next frames.
MAX_LINES_IN_FLIGHT = 16
LINE_FRAMES = frozenset({"message", "note"})

Ack = Callable[[store.AppendResult], protocol.AckFrame | protocol.AgentAckFrame]
Send = Callable[[dict[str, Any]], Awaitable[None]]
# The close code handed to ``disconnect`` when the consumer ends without a disconnect
# (it crashed, or Daphne cancelled it: the close timeout or a server shutdown).
ABNORMAL_END = 1006


class ChatConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """Shared framing. Subclasses map frame types to handler names in ``handlers``;
    a handler reads its frame (``inbound``), checks access, calls one action and
    replies, raising ``ChatError`` to refuse."""

    handlers: Mapping[str, str] = {}
    # The last seq delivered to this socket, per conversation (a visitor's socket has one).
    delivered: dict[str, int]
    admitted = False
    ended = False
    gone = False

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> None:
        """Runs the socket's whole life. Whatever ends it (a close, a crash, a timeout,
        the server shutting down), what it holds is given back: above all its
        per-address slot, which would otherwise lock the address out for good."""
        try:
            await super().__call__(scope, receive, self._guarded(send))
        finally:
            await self.release_everything(ABNORMAL_END)

    def _guarded(self, send: Send) -> Send:
        """``send`` that drops what comes after the client left or the socket was
        closed (Daphne raises ``Disconnected`` then), instead of crashing the consumer."""

        async def guarded(message: dict[str, Any]) -> None:
            if self.gone:
                return
            try:
                await send(message)
            except Disconnected:
                self.gone = True

        return guarded

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        self.address = client_address(self.scope)
        # What per-address limits count under: an IPv6 client's whole /64.
        self.address_key = rate_limit_key(self.address)
        self.admitted = connections.admit(
            self.address_key,
            settings.CHAT_MAX_SOCKETS_PER_IP,
            settings.CHAT_CONNECTS_PER_MINUTE_PER_IP,
        )
        self.bucket = TokenBucket(settings.CHAT_RATE_PER_SECOND, settings.CHAT_RATE_BURST)
        self.refusals = 0
        self.last_frame_at = time.monotonic()
        self.watchdog: asyncio.Task[None] | None = None
        self.lines_in_flight: deque[asyncio.Task[None]] = deque()
        if not self.admitted:
            logger.info("Refused a %s socket: connection limit", type(self).__name__)
            await self.close()
            return
        housekeeping.ensure_started()
        await super().websocket_connect(message)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Runs the handler without Channels' trip to the database thread first.

        Channels closes stale database connections before every handler: a
        thread hop for each frame and each layer event, even those that touch
        no database. Every database call here goes through
        ``database_sync_to_async``, which makes the same check on that thread.
        An event this version has no handler for (one a newer process of a rolling
        deployment sends on a shared layer) is logged and dropped, not a crash.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            logger.warning("Dropped a %s event: no handler", message["type"])
            return
        await handler(message)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        """Channels' own, with ``disconnect`` run once, by ``release_everything``."""
        await self.release_everything(message.get("code", ABNORMAL_END))
        await aclose_old_connections()
        raise StopConsumer

    async def disconnect(self, code: int) -> None:
        """Leaves what the socket joined; runs only for a socket that was admitted."""

    async def release_everything(self, code: int) -> None:
        """Gives back everything the socket holds, once: its slot first (no await
        before it), then its tasks, its groups and its channel. A refused socket
        holds nothing but its channel."""
        if self.ended:
            return
        self.ended = True
        admitted, self.admitted = self.admitted, False
        if admitted:
            connections.release(self.address_key)
        if getattr(self, "watchdog", None) is not None:
            self.watchdog.cancel()  # type: ignore[union-attr]
        for acknowledgement in getattr(self, "lines_in_flight", ()):
            acknowledgement.cancel()  # the writer still stores the line; only its ack is dropped
        try:
            if admitted:
                await self.disconnect(code)
        except Exception as error:  # noqa: BLE001  (the rest must still be given back)
            logger.warning(
                "Closing a %s socket failed: %s", type(self).__name__, type(error).__name__
            )
        finally:
            if hasattr(self, "channel_name"):
                await broadcast.release(self.channel_name)

    def start_watchdog(self) -> None:
        self.watchdog = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(min(settings.CHAT_SOCKET_IDLE_SECONDS, 30))
            if time.monotonic() - self.last_frame_at > settings.CHAT_SOCKET_IDLE_SECONDS:
                await self.close(code=protocol.CLOSE_IDLE)
                return
            await self.periodic()

    async def periodic(self) -> None:
        """Subclasses re-check what must be re-checked while the socket is open."""

    async def send_frame(self, frame: Mapping[str, Any]) -> None:
        await self.send_json(frame)

    async def send_error(self, frame: protocol.ErrorFrame) -> None:
        """Sends a refusal; a client that keeps going past the rate limit's grace is closed."""
        if frame["code"] == protocol.RATE_LIMITED:
            self.refusals += 1
            if self.refusals > FLOOD_GRACE:
                logger.info("Closed a %s socket for flooding", type(self).__name__)
                await self.close(code=protocol.CLOSE_FLOODING)
                return
        await self.send_frame(frame)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.last_frame_at = time.monotonic()
        wait = self.bucket.take()
        if wait:
            await self.send_error(
                protocol.error_frame(
                    protocol.RATE_LIMITED, "too many frames; slow down", retry_after=round(wait, 2)
                )
            )
            return
        if text_data is None:
            await self.send_error(
                protocol.error_frame(protocol.BAD_JSON, "frames must be JSON text")
            )
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error(
                protocol.error_frame(protocol.BAD_JSON, "the frame is not valid JSON")
            )
            return
        if not isinstance(content, dict):
            await self.send_error(
                protocol.error_frame(protocol.BAD_JSON, "a frame must be a JSON object")
            )
            return
        frame_type = content.get("type")
        if not (isinstance(frame_type, str) and frame_type in LINE_FRAMES):
            await self.settle_lines()
        await self.dispatch_frame(content)

    async def dispatch_frame(self, content: dict[str, Any]) -> None:
        frame_type = content.get("type")
        handler_name = self.handlers.get(frame_type) if isinstance(frame_type, str) else None
        if frame_type is None or handler_name is None:
            await self.send_error(protocol.error_frame(protocol.UNKNOWN_TYPE, "unknown frame type"))
            return
        ref = content.get("client_id") if isinstance(content.get("client_id"), str) else None
        try:
            await getattr(self, handler_name)(content)
            self.refusals = 0
        except Exception as error:  # noqa: BLE001  (a frame must never crash the socket)
            await self.send_error(error_frame_for(error, frame_type=str(frame_type), ref=ref))

    async def store_line(self, line: store.NewMessage, ack: Ack, frame_type: str) -> None:
        """Hands ``line`` to the writer now, in the order of its frame, and acks it once
        it is stored while the socket reads its next frames.

        Waiting for each line's commit before reading the next frame left one line per
        socket in a batch (an agent socket serves several conversations). Frames of
        other kinds wait until the socket's lines are settled, so they keep their
        order: a ``close`` never overtakes the line sent before it.
        """
        while self.lines_in_flight and self.lines_in_flight[0].done():
            self.lines_in_flight.popleft()
        if len(self.lines_in_flight) >= MAX_LINES_IN_FLIGHT:
            await self.lines_in_flight.popleft()
        stored = writer.submit_line(line)
        self.lines_in_flight.append(
            asyncio.get_running_loop().create_task(
                self._acknowledge(stored, ack, frame_type, line.client_id)
            )
        )

    async def _acknowledge(
        self,
        stored: "asyncio.Future[store.AppendResult]",
        ack: Ack,
        frame_type: str,
        ref: str | None,
    ) -> None:
        try:
            result = await stored
        except Exception as error:  # noqa: BLE001  (answered like any failed frame)
            await self.send_error(error_frame_for(error, frame_type=frame_type, ref=ref))
            return
        await self.send_frame(ack(result))

    async def settle_lines(self) -> None:
        """Waits until every line this socket sent is stored (or refused) and answered."""
        while self.lines_in_flight:
            await self.lines_in_flight.popleft()

    async def on_ping(self, content: dict[str, Any]) -> None:
        await self.send_frame({"type": "pong"})

    def delivers(self, conversation_id: str) -> bool:
        """Whether this socket shows the lines of ``conversation_id``."""
        return True

    async def line_frame(self, event: protocol.MessageEvent, text: str) -> Mapping[str, Any]:
        """The ``message`` frame of a line opened from its layer event."""
        raise NotImplementedError

    def stored_line_frame(self, message: store.StoredMessage) -> Mapping[str, Any]:
        """The ``message`` frame of a line read back from the database."""
        raise NotImplementedError

    def missing_lines(self, conversation_id: str, after_seq: int) -> list[store.StoredMessage]:
        """The lines this socket is shown past ``after_seq`` (synchronous: the database)."""
        raise NotImplementedError

    async def chat_message(self, event: protocol.MessageEvent) -> None:
        """Delivers stored lines in order, each once: a line at or before the cursor was
        already sent (a catch-up or a replay overtook its event) and is dropped; the next
        one is opened from its event; after a gap (a dropped event) or a line that cannot
        be opened, what is missing comes from the database."""
        key = event["conversation_id"]
        if not self.delivers(key):
            return
        seq = event["seq"]
        delivered = self.delivered.get(key, 0)
        if seq <= delivered:
            return
        text = await open_event(event) if seq == delivered + 1 else None
        if text is None:
            await self.catch_up(key)
            return
        self.delivered[key] = seq
        await self.send_frame(await self.line_frame(event, text))

    async def layer_resync(self, event: dict[str, Any]) -> None:
        """The layer was down (``layer_canary``): events may have been lost, so every
        conversation this socket shows is read past its cursor, as on a replay."""
        for conversation_id in list(self.delivered):
            if self.delivers(conversation_id):
                await self.catch_up(conversation_id)

    async def catch_up(self, conversation_id: str) -> None:
        """Sends what the database holds past the conversation's cursor."""
        missing = await database_sync_to_async(self.missing_lines)(
            conversation_id, self.delivered.get(conversation_id, 0)
        )
        for message in missing:
            if message.seq > self.delivered.get(conversation_id, 0):
                self.delivered[conversation_id] = message.seq
                await self.send_frame(self.stored_line_frame(message))


async def open_event(event: protocol.MessageEvent) -> str | None:
    """The text of a message event: from the cached data key on the event loop, else
    through the database thread; None when it cannot be opened (the caller catches up
    from the database, which says what became of it)."""
    try:
        text = store.open_message_envelope_cached(
            event["conversation_id"], event["seq"], event["envelope"]
        )
        if text is None:
            text = await database_sync_to_async(store.open_message_envelope)(
                event["conversation_id"], event["seq"], event["envelope"]
            )
        return text
    except CryptoError as error:
        logger.warning(
            "Could not open message %s of %s: %s",
            event["seq"],
            event["conversation_id"],
            type(error).__name__,
        )
        return None
