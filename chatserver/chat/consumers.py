"""WebSocket consumers: parse a frame, check access, call one action, reply.

Both sockets are asynchronous because most of them sit idle; every database
call goes through ``database_sync_to_async``. Frames never reach a log: only
frame types, ids and error classes do.
"""

import asyncio
import ipaddress
import json
import logging
import time
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError

from chatserver.chat import actions, broadcast, events, writer
from chatserver.chat.access import (
    AccessError,
    access_conversation_for_agent,
    display_name,
    is_agent,
    parse_conversation_id,
)
from chatserver.chat.agent_auth import agent_session_is_valid
from chatserver.chat.models import AgentPresence
from chatserver.chat.ratelimit import (
    SlidingWindow,
    TokenBucket,
    connections,
    forget_idle_windows,
    shared_window,
)
from chatserver.chat.visitor_auth import (
    make_token,
    new_session_id,
    session_hash,
    session_id_from_token,
)
from transcripts import store, subject_rights
from transcripts.crypto import CryptoError
from transcripts.models import Conversation, Message, VisitorSession
from transcripts.useragent import summarise_user_agent

logger = logging.getLogger(__name__)

DETAIL_LIMITS = {"name": 100, "email": 254, "address": 300}
FLOOD_GRACE = 20
# Lines one socket may have waiting for the writer while it reads its next frames.
MAX_LINES_IN_FLIGHT = 16
LINE_FRAMES = frozenset({"message", "note"})
RECENT_MESSAGES = 50
UNREADABLE_MESSAGE = (
    "this conversation's transcript cannot be opened; an administrator must restore its master key"
)


_background: dict[str, asyncio.Task[None]] = {}


class FrameError(Exception):
    """A refused frame, answered with an ``error`` frame."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.extra = extra


def visitor_message_window() -> SlidingWindow:
    return shared_window("visitor-messages", settings.CHAT_MESSAGES_PER_MINUTE, 60.0)


def transcript_email_window() -> SlidingWindow:
    return shared_window("transcript-emails", settings.CHAT_TRANSCRIPT_EMAILS_PER_HOUR, 3600.0)


async def _housekeeping_loop() -> None:
    while True:
        await asyncio.sleep(settings.CHAT_HOUSEKEEPING_SECONDS)
        try:
            await database_sync_to_async(actions.do_housekeeping)()
            forget_idle_windows()
        except Exception as error:  # noqa: BLE001  (keep the loop alive; next round retries)
            logger.warning("Housekeeping failed: %s", type(error).__name__)


def ensure_background_tasks() -> None:
    """Starts this process's housekeeping and its listener for destroyed keys (once)."""
    for name, start in (
        ("housekeeping", _housekeeping_loop),
        ("destroyed-keys", lambda: broadcast.listen_for_destroyed_keys(store.forget_keys)),
    ):
        task = _background.get(name)
        if task is None or task.done():
            _background[name] = asyncio.get_running_loop().create_task(start())


def client_address(scope: dict[str, Any]) -> str:
    """The client's IP: the trusted proxy's own entry (the last) or the peer address."""
    if settings.CHAT_TRUSTED_PROXY:
        for key, value in scope.get("headers", []):
            if key.lower() == b"x-forwarded-for":
                candidate = value.decode("latin-1").split(",")[-1].strip()
                try:
                    return str(ipaddress.ip_address(candidate))
                except ValueError:
                    break
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _text_field(content: dict[str, Any], name: str, *, max_length: int) -> str:
    value = content.get(name)
    if not isinstance(value, str) or not value.strip():
        raise FrameError(events.INVALID, f"{name} must be a non-empty string")
    if len(value) > max_length:
        raise FrameError(
            events.TOO_LONG, f"{name} is longer than {max_length} characters", limit=max_length
        )
    return value


def _client_id(content: dict[str, Any]) -> str:
    value = content.get("client_id")
    if not isinstance(value, str) or not 1 <= len(value) <= 64:
        raise FrameError(events.INVALID, "client_id must be a string of 1 to 64 characters")
    return value


def _active_flag(content: dict[str, Any]) -> bool:
    value = content.get("active")
    if not isinstance(value, bool):
        raise FrameError(events.INVALID, "active must be true or false")
    return value


def clean_details(raw: object) -> dict[str, str | None]:
    """Validates optional details; absent, empty and null are all allowed."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise FrameError(events.INVALID, "details must be an object")
    cleaned: dict[str, str | None] = {}
    for field, limit in DETAIL_LIMITS.items():
        if field not in raw:
            continue
        value = raw[field]
        if value is None or (isinstance(value, str) and not value.strip()):
            cleaned[field] = None
            continue
        if not isinstance(value, str):
            raise FrameError(events.INVALID, f"{field} must be a string")
        value = value.strip()
        if len(value) > limit:
            raise FrameError(events.INVALID, f"{field} is longer than {limit} characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise FrameError(events.INVALID, f"{field} is not valid text") from None
        if field == "email":
            try:
                validate_email(value)
            except ValidationError:
                raise FrameError(events.INVALID, "email is not a valid address") from None
        cleaned[field] = value
    return cleaned


def readable_messages(
    conversation_id: uuid.UUID | str, **options: Any
) -> list[store.StoredMessage] | None:
    """``store.read_messages``, or None when the transcript cannot be opened (a master
    key missing from the ring, tampering): the store has logged it with ids, and a
    socket must go on serving its other conversations."""
    try:
        return store.read_messages(conversation_id, **options)
    except CryptoError:
        return None


async def open_event(event: dict[str, Any]) -> str | None:
    """The text of a message event: from the cached data key on the event loop,
    else through the database thread; None when it cannot be opened."""
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


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """Shared framing: JSON parsing, rate limits, idle timeout, error frames."""

    handlers: dict[str, str] = {}

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        self.address = client_address(self.scope)
        self.admitted = connections.admit(
            self.address,
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
        ensure_background_tasks()
        await super().websocket_connect(message)

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Runs the handler without Channels' trip to the database thread first.

        Channels closes stale database connections before every handler: a
        thread hop for each frame and each layer event, even those that touch
        no database. Every database call here goes through
        ``database_sync_to_async``, which makes the same check on that thread.
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        if getattr(self, "watchdog", None) is not None:
            self.watchdog.cancel()
        for acknowledgement in getattr(self, "lines_in_flight", ()):
            acknowledgement.cancel()  # the writer still stores the line; only its ack is dropped
        if getattr(self, "admitted", False):
            connections.release(self.address)
            self.admitted = False
        try:
            await super().websocket_disconnect(message)
        finally:
            await broadcast.release(self.channel_name)

    def start_watchdog(self) -> None:
        self.watchdog = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(min(settings.CHAT_SOCKET_IDLE_SECONDS, 30))
            if time.monotonic() - self.last_frame_at > settings.CHAT_SOCKET_IDLE_SECONDS:
                await self.close(code=events.CLOSE_IDLE)
                return
            await self.periodic()

    async def periodic(self) -> None:
        """Subclasses re-check what must be re-checked while the socket is open."""

    async def send_error(self, code: str, message: str, **extra: Any) -> None:
        await self.send_json(events.error_frame(code, message, **extra))

    async def refuse_for_rate(self, message: str, **extra: Any) -> None:
        """Answers ``rate_limited``; a client that keeps going past the grace is closed."""
        self.refusals += 1
        if self.refusals > FLOOD_GRACE:
            logger.info("Closed a %s socket for flooding", type(self).__name__)
            await self.close(code=events.CLOSE_FLOODING)
            return
        await self.send_error(events.RATE_LIMITED, message, **extra)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.last_frame_at = time.monotonic()
        wait = self.bucket.take()
        if wait:
            await self.refuse_for_rate(
                "too many frames; slow down", retry_after=round(wait, 2), ref=None
            )
            return
        if text_data is None:
            await self.send_error(events.BAD_JSON, "frames must be JSON text")
            return
        try:
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            await self.send_error(events.BAD_JSON, "the frame is not valid JSON")
            return
        if not isinstance(content, dict):
            await self.send_error(events.BAD_JSON, "a frame must be a JSON object")
            return
        if content.get("type") not in LINE_FRAMES:
            await self.settle_lines()
        await self.dispatch_frame(content)

    async def dispatch_frame(self, content: dict[str, Any]) -> None:
        frame_type = content.get("type")
        handler_name = self.handlers.get(frame_type) if isinstance(frame_type, str) else None
        if handler_name is None:
            await self.send_error(events.UNKNOWN_TYPE, "unknown frame type")
            return
        ref = content.get("client_id") if isinstance(content.get("client_id"), str) else None
        try:
            await getattr(self, handler_name)(content)
            self.refusals = 0
        except Exception as error:  # noqa: BLE001  (a frame must never crash the socket)
            await self.answer_failure(error, frame_type, ref)

    async def answer_failure(self, error: Exception, frame_type: str, ref: str | None) -> None:
        """The error frame for a frame that was refused or failed."""
        if isinstance(error, FrameError):
            if error.code == events.RATE_LIMITED:
                await self.refuse_for_rate(str(error), ref=ref, **error.extra)
            else:
                await self.send_error(error.code, str(error), ref=ref, **error.extra)
        elif isinstance(error, actions.ActionError | AccessError):
            await self.send_error(error.code, str(error), ref=ref)
        elif isinstance(error, store.UnknownConversation):
            await self.send_error(events.NOT_FOUND, "no such conversation", ref=ref)
        elif isinstance(error, store.ConversationErased):
            await self.send_error(events.INVALID, "the conversation was erased", ref=ref)
        elif isinstance(error, store.ClientIdReused):
            await self.send_error(
                events.INVALID, "client_id was already used for a different message", ref=ref
            )
        elif isinstance(error, store.InvalidText):
            await self.send_error(events.INVALID, "the text is not valid Unicode", ref=ref)
        elif isinstance(error, CryptoError):
            await self.send_error(events.SERVER_ERROR, UNREADABLE_MESSAGE, ref=ref)
        elif isinstance(error, DatabaseError):
            logger.warning("Database error on a %s frame: %s", frame_type, type(error).__name__)
            await self.send_error(
                events.SERVER_ERROR, "not stored; please retry", ref=ref, retryable=True
            )
        else:
            logger.error(
                "Unexpected %s on a %s frame", type(error).__name__, frame_type, exc_info=error
            )
            await self.send_error(events.SERVER_ERROR, "something went wrong", ref=ref)

    async def store_line(
        self,
        line: store.NewMessage,
        ack: Callable[[store.AppendResult], dict[str, Any]],
        frame_type: str,
    ) -> None:
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
        ack: Callable[[store.AppendResult], dict[str, Any]],
        frame_type: str,
        ref: str | None,
    ) -> None:
        try:
            result = await stored
        except Exception as error:  # noqa: BLE001  (answered like any failed frame)
            await self.answer_failure(error, frame_type, ref)
            return
        await self.send_json(ack(result))

    async def settle_lines(self) -> None:
        """Waits until every line this socket sent is stored (or refused) and answered."""
        while self.lines_in_flight:
            await self.lines_in_flight.popleft()


class VisitorConsumer(ChatConsumer):
    handlers = {
        "hello": "on_hello",
        "start": "on_start",
        "message": "on_message",
        "typing": "on_typing",
        "details": "on_details",
        "end": "on_end",
        "ping": "on_ping",
        "email_transcript": "on_email_transcript",
        "forget": "on_forget",
    }

    async def connect(self) -> None:
        self.session_id: str | None = None
        self.conversation_id: uuid.UUID | None = None
        self.delivered_seq = 0
        self.group: str | None = None
        await self.accept()
        self.start_watchdog()

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await broadcast.leave(self.group, self.channel_name)

    async def dispatch_frame(self, content: dict[str, Any]) -> None:
        if self.session_id is None and content.get("type") != "hello":
            await self.send_error(events.INVALID, "the first frame must be hello")
            await self.close(code=events.CLOSE_PROTOCOL)
            return
        if "conversation_id" in content and content["conversation_id"] != (
            str(self.conversation_id) if self.conversation_id else None
        ):
            await self.send_error(events.FORBIDDEN, "that conversation is not yours")
            return
        await super().dispatch_frame(content)

    async def _conversation(self) -> Conversation:
        if self.conversation_id is None:
            raise FrameError(events.NOT_STARTED, "send start before chatting")
        return await database_sync_to_async(
            Conversation.objects.select_related("assigned_agent").get
        )(pk=self.conversation_id)

    async def _subscribe(self, conversation_id: uuid.UUID) -> None:
        group = broadcast.visitor_group(conversation_id)
        if self.group != group:
            if self.group is not None:
                await broadcast.leave(self.group, self.channel_name)
            await broadcast.join(group, self.channel_name)
            self.group = group
        self.conversation_id = conversation_id

    async def on_hello(self, content: dict[str, Any]) -> None:
        if self.session_id is not None:
            raise FrameError(events.INVALID, "hello was already received")
        token, after_seq = content.get("token"), content.get("after_seq")
        if token is not None and not isinstance(token, str):
            raise FrameError(events.INVALID, "token must be a string or null")
        if after_seq is not None and (
            not isinstance(after_seq, int) or isinstance(after_seq, bool) or after_seq < 0
        ):
            raise FrameError(events.INVALID, "after_seq must be a non-negative integer or null")
        session_id = session_id_from_token(token) if token else None
        resumed = session_id is not None
        self.session_id = session_id or new_session_id()
        conversation_id = await database_sync_to_async(self._session_conversation)()
        conversation_frame, messages = None, []
        if conversation_id is not None:
            # Subscribe first, then read: anything committed in between arrives
            # twice and is dropped by seq, so nothing falls between the two.
            await self._subscribe(conversation_id)
            conversation_frame, messages = await database_sync_to_async(self._replay)(after_seq)
        await self.send_json(
            {
                "type": "welcome",
                "token": make_token(self.session_id),
                "resumed": resumed,
                "conversation": conversation_frame,
                "messages": messages,
                "limits": {"text": settings.CHAT_MAX_TEXT_LENGTH},
            }
        )

    def _session_conversation(self) -> uuid.UUID | None:
        return (
            VisitorSession.objects.filter(id_hash=session_hash(self.session_id or ""))
            .values_list("conversation_id", flat=True)
            .first()
        )

    def _replay(self, after_seq: int | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        conversation = Conversation.objects.select_related("assigned_agent").get(
            pk=self.conversation_id
        )
        stored = readable_messages(conversation.pk, after_seq=after_seq, include_notes=False) or []
        self.delivered_seq = max([after_seq or 0, *(message.seq for message in stored)])
        state = actions.visitor_state(conversation)
        frame: dict[str, Any] = {"id": str(conversation.pk), "status": state.status}
        if state.queue_position is not None:
            frame["queue_position"] = state.queue_position
        if state.agent_name is not None:
            frame["agent"] = {"name": state.agent_name}
        return frame, [
            events.visitor_frame_from_stored(message)
            for message in stored
            if message.text is not None
        ]

    async def on_start(self, content: dict[str, Any]) -> None:
        details = clean_details(content.get("details"))
        if self.conversation_id is not None:
            conversation = await self._conversation()
            if conversation.is_open:
                state = await database_sync_to_async(actions.visitor_state)(conversation)
                await self.send_json(state.frame())
                return
        browser, system = summarise_user_agent(_header(self.scope, b"user-agent"))
        conversation = await database_sync_to_async(actions.do_start_conversation)(
            session_hash=session_hash(self.session_id or ""),
            details=details,
            diagnostics={
                "ip_address": self.address,
                "browser": browser,
                "operating_system": system,
            },
        )
        self.delivered_seq = 0
        await self._subscribe(conversation.pk)
        state = await database_sync_to_async(actions.visitor_state)(conversation)
        frame = state.frame()
        frame["conversation_id"] = str(conversation.pk)
        await self.send_json(frame)
        # Routing may already have stored a system message before we subscribed.
        await self._catch_up()

    async def on_message(self, content: dict[str, Any]) -> None:
        client_id = _client_id(content)
        text = _text_field(content, "text", max_length=settings.CHAT_MAX_TEXT_LENGTH)
        if self.conversation_id is None:
            raise FrameError(events.NOT_STARTED, "send start before chatting")
        wait = visitor_message_window().hit(str(self.conversation_id))
        if wait:
            raise FrameError(
                events.RATE_LIMITED,
                "too many messages in this conversation; wait a moment",
                retry_after=round(wait, 2),
            )
        await self.store_line(
            store.NewMessage(self.conversation_id, Message.Sender.VISITOR, text, client_id),
            lambda result: {"type": "ack", "client_id": client_id, "seq": result.message.seq},
            "message",
        )

    async def on_typing(self, content: dict[str, Any]) -> None:
        active = _active_flag(content)
        conversation = await self._conversation()
        await database_sync_to_async(actions.visitor_typing)(conversation, active)

    async def on_details(self, content: dict[str, Any]) -> None:
        details = clean_details(content.get("details"))
        conversation = await self._conversation()
        if not conversation.is_open:
            raise FrameError(events.INVALID, "the conversation is closed")
        await database_sync_to_async(actions.do_update_details)(conversation, details)
        await self.send_json({"type": "details_saved"})

    async def on_end(self, content: dict[str, Any]) -> None:
        conversation = await self._conversation()
        await database_sync_to_async(actions.do_end_by_visitor)(conversation)

    async def on_ping(self, content: dict[str, Any]) -> None:
        await self.send_json({"type": "pong"})

    async def on_email_transcript(self, content: dict[str, Any]) -> None:
        email = clean_details({"email": content.get("email")}).get("email")
        if not email:
            raise FrameError(events.INVALID, "email is required")
        conversation = await self._conversation()
        wait = transcript_email_window().hit(str(conversation.pk))
        if wait:
            raise FrameError(
                events.RATE_LIMITED,
                "a copy was sent recently; please wait before asking again",
                retry_after=round(wait),
            )
        await database_sync_to_async(actions.do_email_transcript)(conversation, email)
        await self.send_json({"type": "transcript_emailed"})

    async def on_forget(self, content: dict[str, Any]) -> None:
        """The visitor's "forget me": erases this conversation now and answers a receipt."""
        conversation = await self._conversation()
        if conversation.is_open:
            raise FrameError(events.INVALID, "end the chat before asking us to forget it")
        try:
            receipt = await database_sync_to_async(subject_rights.forget_conversation)(conversation)
        except subject_rights.HeldConversations:
            raise FrameError(
                events.FORBIDDEN,
                "this conversation must be kept for now; please contact our data protection "
                "officer",
            ) from None
        if self.group is not None:
            await broadcast.leave(self.group, self.channel_name)
            self.group = None
        self.conversation_id = None
        await self.send_json(
            {
                "type": "forgotten",
                "receipt": {
                    "request_id": str(receipt.request_id),
                    "erased_at": events.iso(receipt.at),
                },
            }
        )

    async def chat_message(self, event: dict[str, Any]) -> None:
        if event["conversation_id"] != str(self.conversation_id):
            return
        seq = event["seq"]
        if seq <= self.delivered_seq:
            return
        if seq > self.delivered_seq + 1:
            await self._catch_up()
            return
        text = await self._open(event)
        if text is None:
            await self._catch_up()
            return
        self.delivered_seq = seq
        await self.send_json(
            events.visitor_message_frame(
                seq=seq,
                sender=event["sender"],
                text=text,
                at=event["at"],
                client_id=event["client_id"],
            )
        )

    async def _open(self, event: dict[str, Any]) -> str | None:
        return await open_event(event)

    async def _catch_up(self) -> None:
        """Sends what the database holds past the last delivered seq (a dropped signal)."""
        missing = await database_sync_to_async(readable_messages)(
            self.conversation_id, after_seq=self.delivered_seq, include_notes=False
        )
        for message in missing or []:
            if message.seq > self.delivered_seq and message.text is not None:
                self.delivered_seq = message.seq
                await self.send_json(events.visitor_frame_from_stored(message))

    async def chat_status(self, event: dict[str, Any]) -> None:
        await self.send_json(event["frame"])

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "typing", "from": "agent", "active": event["active"]})

    async def chat_erased(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "erased"})
        await self.close(code=1000)


class AgentConsumer(ChatConsumer):
    handlers = {
        "presence": "on_presence",
        "accept": "on_accept",
        "message": "on_message",
        "note": "on_note",
        "typing": "on_typing",
        "transfer": "on_transfer",
        "close": "on_close",
        "history": "on_history",
        "ping": "on_ping",
    }

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.delivered: dict[str, int] = {}
        self.registered = False
        self.recheck: asyncio.Task[None] | None = None
        if not await database_sync_to_async(is_agent)(self.user):
            await self.accept()
            await self.close(code=events.CLOSE_UNAUTHENTICATED)
            return
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        await broadcast.join(broadcast.agent_group(self.user.pk), self.channel_name)
        await broadcast.join(broadcast.AGENTS_GROUP, self.channel_name)
        await self.accept()
        await database_sync_to_async(actions.do_agent_socket_opened)(self.user, self.channel_name)
        self.registered = True
        await self.send_json(await database_sync_to_async(self._snapshot)())
        self.recheck = asyncio.get_running_loop().create_task(self._recheck_loop())
        self.start_watchdog()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "recheck", None) is not None:
            self.recheck.cancel()
        await self._leave_everything()

    async def _leave_everything(self) -> None:
        """Stops all delivery to this socket and forgets it (once)."""
        if not getattr(self, "registered", False):
            return
        self.registered = False
        await broadcast.leave(broadcast.agent_group(self.user.pk), self.channel_name)
        await broadcast.leave(broadcast.AGENTS_GROUP, self.channel_name)
        await database_sync_to_async(actions.do_agent_socket_closed)(
            self.user.pk, self.channel_name
        )

    async def _recheck_loop(self) -> None:
        while True:
            await asyncio.sleep(settings.CHAT_AGENT_RECHECK_SECONDS)
            try:
                valid = await database_sync_to_async(self._still_valid)()
            except DatabaseError:
                continue
            if not valid:
                logger.info("Closed the socket of agent %s: session no longer valid", self.user.pk)
                await self._leave_everything()
                await self.close(code=events.CLOSE_UNAUTHENTICATED)
                return
            await self._reconcile()

    async def _reconcile(self) -> None:
        """Catches up on assignment signals the channel layer may have dropped."""
        assigned = await database_sync_to_async(self._assigned_ids)()
        for conversation_id in assigned - set(self.delivered):
            await self.chat_assigned({"conversation_id": conversation_id})
        for conversation_id in set(self.delivered) - assigned:
            await self.chat_unassigned({"conversation_id": conversation_id})

    def _assigned_ids(self) -> set[str]:
        return {
            str(pk)
            for pk in Conversation.objects.filter(
                assigned_agent=self.user, status=Conversation.Status.ACTIVE
            ).values_list("pk", flat=True)
        }

    def _still_valid(self) -> bool:
        valid = agent_session_is_valid(self.session_key, self.user.pk)
        if valid:
            actions.do_agent_socket_seen(self.channel_name)
        return valid

    def _conversation_summary(self, conversation: Conversation) -> dict[str, Any]:
        messages = readable_messages(conversation.pk, limit=RECENT_MESSAGES)
        try:
            details = store.read_details(conversation.pk)
        except CryptoError:
            details, messages = store.DetailsView(), None
        key = str(conversation.pk)
        self.delivered[key] = max([self.delivered.get(key, 0), conversation.last_seq])
        return {
            "conversation_id": key,
            "status": conversation.status,
            "started_at": events.iso(conversation.created_at),
            "special_category": conversation.special_category,
            "details": details.as_dict(),
            "details_erased": details.erased,
            "messages": [events.agent_frame_from_stored(message) for message in messages or []],
            "unreadable": messages is None,
        }

    def _snapshot(self) -> dict[str, Any]:
        presence = AgentPresence.objects.get(agent=self.user)
        mine = Conversation.objects.filter(
            assigned_agent=self.user, status=Conversation.Status.ACTIVE
        ).order_by("assigned_at")
        return {
            "type": "snapshot",
            "agent": {
                "id": self.user.pk,
                "name": display_name(self.user),
                "status": presence.status,
                "max_conversations": settings.CHAT_AGENT_MAX_CONVERSATIONS,
            },
            "queue": actions.queue_entries(),
            "conversations": [self._conversation_summary(conversation) for conversation in mine],
            "limits": {"text": settings.CHAT_MAX_TEXT_LENGTH},
        }

    async def _mine(self, content: dict[str, Any]) -> Conversation:
        return await database_sync_to_async(access_conversation_for_agent)(
            self.user, content.get("conversation_id")
        )

    async def on_presence(self, content: dict[str, Any]) -> None:
        status = content.get("status")
        if status not in AgentPresence.Status.values:
            raise FrameError(events.INVALID, "status must be available or away")
        await database_sync_to_async(actions.do_set_presence)(self.user, status)
        await self.send_json({"type": "presence", "status": status})

    async def on_accept(self, content: dict[str, Any]) -> None:
        conversation_id = parse_conversation_id(content.get("conversation_id"))
        exists = await database_sync_to_async(
            Conversation.objects.filter(pk=conversation_id).exists
        )()
        if not exists:
            raise FrameError(events.NOT_FOUND, "no such conversation")
        await database_sync_to_async(actions.do_accept)(self.user, conversation_id)

    async def _send_line(self, content: dict[str, Any], sender: str, frame_type: str) -> None:
        client_id = _client_id(content)
        text = _text_field(content, "text", max_length=settings.CHAT_MAX_TEXT_LENGTH)
        conversation_id = parse_conversation_id(content.get("conversation_id"))
        await self.store_line(
            store.NewMessage(conversation_id, sender, text, client_id, self.user.pk),
            lambda result: {
                "type": "ack",
                "conversation_id": str(conversation_id),
                "client_id": client_id,
                "seq": result.message.seq,
            },
            frame_type,
        )

    async def on_message(self, content: dict[str, Any]) -> None:
        await self._send_line(content, Message.Sender.AGENT, "message")

    async def on_note(self, content: dict[str, Any]) -> None:
        await self._send_line(content, Message.Sender.NOTE, "note")

    async def on_typing(self, content: dict[str, Any]) -> None:
        active = _active_flag(content)
        conversation = await self._mine(content)
        await database_sync_to_async(actions.agent_typing)(conversation, active)

    async def on_transfer(self, content: dict[str, Any]) -> None:
        conversation = await self._mine(content)
        await database_sync_to_async(actions.do_transfer)(
            self.user, conversation, content.get("to_agent_id")
        )

    async def on_close(self, content: dict[str, Any]) -> None:
        conversation = await self._mine(content)
        await database_sync_to_async(actions.do_close_by_agent)(self.user, conversation)

    async def on_history(self, content: dict[str, Any]) -> None:
        after_seq = content.get("after_seq", 0)
        if after_seq is None:
            after_seq = 0
        if not isinstance(after_seq, int) or isinstance(after_seq, bool) or after_seq < 0:
            raise FrameError(events.INVALID, "after_seq must be a non-negative integer")
        conversation = await self._mine(content)
        messages = await database_sync_to_async(store.read_messages)(
            conversation.pk, after_seq=after_seq
        )
        await self.send_json(
            {
                "type": "history",
                "conversation_id": str(conversation.pk),
                "messages": [events.agent_frame_from_stored(message) for message in messages],
            }
        )

    async def on_ping(self, content: dict[str, Any]) -> None:
        await self.send_json({"type": "pong"})

    async def chat_message(self, event: dict[str, Any]) -> None:
        key = event["conversation_id"]
        delivered = self.delivered.get(key, 0)
        seq = event["seq"]
        if seq <= delivered:
            return
        if seq > delivered + 1:
            await self._catch_up(key)
            return
        text = await open_event(event)
        if text is None:
            await self._catch_up(key)
            return
        self.delivered[key] = seq
        await self.send_json(
            events.agent_message_frame(
                conversation_id=key,
                seq=seq,
                sender=event["sender"],
                text=text,
                at=event["at"],
                client_id=event["client_id"],
            )
        )

    async def _catch_up(self, key: str) -> None:
        missing = await database_sync_to_async(readable_messages)(
            key, after_seq=self.delivered.get(key, 0)
        )
        for message in missing or []:
            self.delivered[key] = message.seq
            await self.send_json(events.agent_frame_from_stored(message))

    async def chat_status(self, event: dict[str, Any]) -> None:
        frame = event["frame"]
        if frame.get("status") == Conversation.Status.CLOSED:
            self.delivered.pop(frame.get("conversation_id", ""), None)
        await self.send_json(frame)

    async def chat_typing(self, event: dict[str, Any]) -> None:
        await self.send_json(
            {
                "type": "typing",
                "conversation_id": event["conversation_id"],
                "from": "visitor",
                "active": event["active"],
            }
        )

    async def chat_queue(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "queue", "queue": event["queue"]})

    async def chat_assigned(self, event: dict[str, Any]) -> None:
        conversation = await database_sync_to_async(
            Conversation.objects.filter(pk=event["conversation_id"]).first
        )()
        if conversation is None or conversation.assigned_agent_id != self.user.pk:
            return
        summary = await database_sync_to_async(self._conversation_summary)(conversation)
        await self.send_json({"type": "assigned", "conversation": summary})

    async def chat_erased(self, event: dict[str, Any]) -> None:
        self.delivered.pop(event["conversation_id"], None)
        await self.send_json({"type": "erased", "conversation_id": event["conversation_id"]})

    async def chat_unassigned(self, event: dict[str, Any]) -> None:
        self.delivered.pop(event["conversation_id"], None)
        await self.send_json({"type": "unassigned", "conversation_id": event["conversation_id"]})

    async def chat_details(self, event: dict[str, Any]) -> None:
        try:
            details = await database_sync_to_async(store.read_details)(event["conversation_id"])
        except CryptoError:
            return
        await self.send_json(
            {
                "type": "details",
                "conversation_id": event["conversation_id"],
                "details": details.as_dict(),
            }
        )
