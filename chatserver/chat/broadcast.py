"""The only module that talks to the channel layer.

The database is the record; the layer only signals, and may drop what it is
given, so every consumer can recover from ``seq``. Nothing readable crosses the
layer: message bodies travel as the same sealed envelopes that are stored, and
every other event carries ids, states and staff names only.
"""

import asyncio
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

from chatserver.chat import protocol, redis_layer_internals

logger = logging.getLogger(__name__)

AGENTS_GROUP = "agents"
# Supervisors' sockets, for the live board.
SUPERVISORS_GROUP = "supervisors"
# Every process, for announcements that concern a process rather than a socket.
KEYS_GROUP = "transcript-keys"
# What announces stored lines from the group commit's thread (the Redis pub/sub layer's).
Publisher = redis_layer_internals.BlockingPublisher
# What every socket's channel name holds (Channels' default ``new_channel`` prefix).
SOCKET_CHANNEL_MARKER = "specific."


def visitor_group(conversation_id: uuid.UUID | str) -> str:
    return f"visitor-{uuid.UUID(str(conversation_id)).hex}"


def agent_group(agent_id: int) -> str:
    return f"agent-{agent_id}"


async def join(group: str, channel_name: str) -> None:
    await get_channel_layer().group_add(group, channel_name)


async def leave(group: str, channel_name: str) -> None:
    try:
        await get_channel_layer().group_discard(group, channel_name)
    except Exception as error:  # noqa: BLE001  (leaving must never fail a disconnect)
        logger.warning("Leaving a group failed: %s", type(error).__name__)


async def release(channel_name: str) -> None:
    """Drops this consumer's own channel from the Redis pub/sub layer.

    channels-redis unsubscribes a consumer's channel only when its pending
    ``receive`` is cancelled; a consumer busy with queued events when its socket
    drops never reaches that point, and its subscription would stay in Redis
    for the life of the process. Channels has no ``delete_channel`` yet, so
    channels-redis's internals are used (``redis_layer_internals``). Other
    layers need nothing.
    """
    layer = get_channel_layer()
    if not redis_layer_internals.is_redis_pubsub(layer):
        return
    try:
        await redis_layer_internals.drop_channel(layer, channel_name)
    except Exception as error:  # noqa: BLE001  (cleanup must never fail a disconnect)
        logger.warning("Releasing a channel failed: %s", type(error).__name__)


async def ping_layer() -> None:
    """Raises when the layer cannot be reached (used by /healthz)."""
    await get_channel_layer().group_send("healthz", {"type": protocol.HEALTH_PING})


async def new_process_channel(prefix: str) -> str:
    """A channel of this process's own (not a socket's), such as the canary's."""
    name: str = await get_channel_layer().new_channel(prefix)
    return name


async def send_to_channel(channel: str, event: Mapping[str, Any]) -> None:
    """Raises when the layer cannot take it (the canary counts that)."""
    await get_channel_layer().send(channel, event)


async def receive_on(channel: str) -> dict[str, Any]:
    event: dict[str, Any] = await get_channel_layer().receive(channel)
    return event


async def resubscribe() -> int:
    """Subscribes this process's channels and groups again on new Redis connections
    (nothing to do on other layers); raises while Redis is unreachable."""
    layer = get_channel_layer()
    if not redis_layer_internals.is_redis_pubsub(layer):
        return 0
    return await redis_layer_internals.resubscribe(layer)


def tell_sockets_to_catch_up() -> int:
    """Tells every socket of this process, without the layer, to read from the database
    what it may have missed while the layer was down (``layer.resync``)."""
    layer = get_channel_layer()
    if not redis_layer_internals.is_redis_pubsub(layer):
        return 0
    event = {"type": protocol.LAYER_RESYNC}
    return redis_layer_internals.deliver_locally(layer, SOCKET_CHANNEL_MARKER, event)


async def _publish(group: str, event: Mapping[str, Any]) -> None:
    try:
        await get_channel_layer().group_send(group, event)
    except Exception as error:  # noqa: BLE001  (the database already holds the record)
        logger.warning("Channel layer send of %s failed: %s", event["type"], type(error).__name__)


def _send(group: str, event: Mapping[str, Any]) -> None:
    async_to_sync(_publish)(group, event)


@dataclass(frozen=True)
class MessageSignal:
    """A newly stored line: who is told, and the sealed envelope they are told with."""

    conversation_id: uuid.UUID
    agent_id: int | None
    seq: int
    sender: str
    at: str
    client_id: str | None
    envelope: bytes
    to_visitor: bool
    attachment: protocol.AttachmentRef | None = None
    author_id: int | None = None


def _message_sends(signal: MessageSignal) -> list[tuple[str, protocol.MessageEvent]]:
    """The group sends that signal a stored message: to the visitor's sockets (unless
    it is a note) and the agent's."""
    event: protocol.MessageEvent = {
        "type": "chat.message",
        "conversation_id": str(signal.conversation_id),
        "seq": signal.seq,
        "sender": signal.sender,
        "at": signal.at,
        "client_id": signal.client_id,
        "envelope": signal.envelope,
    }
    if signal.attachment is not None:
        event["attachment"] = signal.attachment
    sends = [(visitor_group(signal.conversation_id), event)] if signal.to_visitor else []
    if signal.agent_id is not None:
        # Only agents are told who wrote a staff line.
        to_agent = event
        if signal.author_id is not None:
            to_agent = event.copy()
            to_agent["author_id"] = signal.author_id
        sends.append((agent_group(signal.agent_id), to_agent))
    return sends


async def announce_messages(signals: Iterable[MessageSignal]) -> None:
    """Signals stored messages in order.

    On the Redis pub/sub layer the publishes go out as one pipeline per Redis
    server: one round trip for a whole batch instead of one for each send.
    """
    sends = [send for signal in signals for send in _message_sends(signal)]
    if not sends:
        return
    layer = get_channel_layer()
    if not redis_layer_internals.is_redis_pubsub(layer):
        for group, event in sends:
            await _publish(group, event)
        return
    try:
        await redis_layer_internals.publish_to_groups(layer, sends)
    except Exception as error:  # noqa: BLE001  (the database already holds the record)
        logger.warning(
            "Channel layer send of %s messages failed: %s", len(sends), type(error).__name__
        )


def message_publisher() -> Publisher | None:
    """A publisher for the group commit's thread, made on the event loop: on the Redis
    pub/sub layer (plain addresses), else None (announce from the event loop)."""
    return redis_layer_internals.BlockingPublisher.for_layer(get_channel_layer())


def announce_messages_blocking(publisher: Publisher, signals: Iterable[MessageSignal]) -> None:
    """``announce_messages`` from the thread that committed the lines, at once: from the
    event loop a batch waited behind every ready task (18 to 23 ms at the 90th percentile
    in a saturated (c2) run), so the other process could announce the chat's next lines
    first, and its sockets read the gap from the database."""
    sends = [send for signal in signals for send in _message_sends(signal)]
    if not sends:
        return
    try:
        publisher.publish(sends)
    except Exception as error:  # noqa: BLE001  (the database already holds the record)
        logger.warning(
            "Channel layer send of %s messages failed: %s", len(sends), type(error).__name__
        )


def message(signal: MessageSignal) -> None:
    """Signals one stored message from synchronous code (the database thread)."""
    async_to_sync(announce_messages)([signal])


def visitor_status(conversation_id: uuid.UUID, frame: protocol.StatusFrame) -> None:
    event: protocol.StatusEvent = {"type": "chat.status", "frame": frame}
    _send(visitor_group(conversation_id), event)


def idle_warning(conversation_id: uuid.UUID, frame: protocol.IdleWarningFrame) -> None:
    event: protocol.IdleWarningEvent = {"type": "chat.idle_warning", "frame": frame}
    _send(visitor_group(conversation_id), event)


def kept_open(conversation_id: uuid.UUID) -> None:
    event: protocol.KeptOpenEvent = {"type": "chat.kept_open"}
    _send(visitor_group(conversation_id), event)


def language_offer(conversation_id: uuid.UUID, frame: protocol.LanguageOfferFrame) -> None:
    event: protocol.LanguageOfferEvent = {"type": "chat.language_offer", "frame": frame}
    _send(visitor_group(conversation_id), event)


def case_recorded(conversation_id: uuid.UUID | str, frame: protocol.CaseRecordedFrame) -> None:
    """Tells every socket of the visitor's chat the reference of a case recorded from it."""
    event: protocol.CaseRecordedEvent = {"type": "chat.case_recorded", "frame": frame}
    _send(visitor_group(conversation_id), event)


def topic_changed(agent_id: int, frame: protocol.AgentTopicSetFrame) -> None:
    event: protocol.TopicEvent = {"type": "chat.topic", "frame": frame}
    _send(agent_group(agent_id), event)


def agent_status(agent_id: int, frame: protocol.StatusFrame) -> None:
    event: protocol.StatusEvent = {"type": "chat.status", "frame": frame}
    _send(agent_group(agent_id), event)


def _conversation_event(agent_id: int, event_type: str, conversation_id: uuid.UUID | str) -> None:
    _send(agent_group(agent_id), {"type": event_type, "conversation_id": str(conversation_id)})


def assigned(agent_id: int, conversation_id: uuid.UUID | str) -> None:
    _conversation_event(agent_id, protocol.CHAT_ASSIGNED, conversation_id)


def unassigned(agent_id: int, conversation_id: uuid.UUID | str) -> None:
    _conversation_event(agent_id, protocol.CHAT_UNASSIGNED, conversation_id)


def wrapped_up(agent_id: int, conversation_id: uuid.UUID | str) -> None:
    _conversation_event(agent_id, protocol.CHAT_WRAPPED_UP, conversation_id)


def details_changed(agent_id: int, conversation_id: uuid.UUID | str) -> None:
    _conversation_event(agent_id, protocol.CHAT_DETAILS, conversation_id)


def emergency(agent_id: int, conversation_id: uuid.UUID | str, category: str) -> None:
    """An assigned conversation was flagged (``category``) or its flag cleared ("")."""
    event: protocol.EmergencyEvent = {
        "type": "chat.emergency",
        "conversation_id": str(conversation_id),
        "category": category,
    }
    _send(agent_group(agent_id), event)


def case_prompt(agent_id: int, frame: protocol.CasePromptFrame) -> None:
    """One of the agent's conversations prompts them to offer the complaint choice or to
    record a hazard, or the prompt was answered (on any of the agent's sockets)."""
    event: protocol.CasePromptEvent = {"type": "chat.case_prompt", "frame": frame}
    _send(agent_group(agent_id), event)


def dismissed(agent_id: int, conversation_id: uuid.UUID | str) -> None:
    """An ended conversation the agent dismissed: every socket of theirs drops it."""
    _conversation_event(agent_id, protocol.CHAT_DISMISSED, conversation_id)


def visitor_presence(agent_id: int, conversation_id: uuid.UUID | str, presence: str) -> None:
    """The visitor of the agent's conversation connected, hid the page or left."""
    event: protocol.VisitorPresenceEvent = {
        "type": "chat.visitor_presence",
        "conversation_id": str(conversation_id),
        "presence": presence,
    }
    _send(agent_group(agent_id), event)


def board_changed() -> None:
    """An agent's presence or load, or the queue, changed: supervisors' boards read it
    again (the event carries nothing; each board is read from the database)."""
    event: protocol.BoardEvent = {"type": "chat.board"}
    _send(SUPERVISORS_GROUP, event)


def alert_preferences(agent_id: int, alerts: protocol.AlertPreferences) -> None:
    """The agent changed their alert preferences: every socket of theirs follows."""
    event: protocol.AlertPreferencesEvent = {"type": "chat.alert_preferences", "alerts": alerts}
    _send(agent_group(agent_id), event)


def typing_to_agent(agent_id: int, conversation_id: uuid.UUID, active: bool) -> None:
    event: protocol.TypingEvent = {
        "type": "chat.typing",
        "conversation_id": str(conversation_id),
        "active": active,
    }
    _send(agent_group(agent_id), event)


def typing_to_visitor(conversation_id: uuid.UUID, active: bool) -> None:
    event: protocol.TypingEvent = {"type": "chat.typing", "active": active}
    _send(visitor_group(conversation_id), event)


def queue(
    entries: list[protocol.QueueEntry],
    *,
    first_lines: list[protocol.SealedFirstLine] | None = None,
    restricted_teams: list[int] | None = None,
) -> None:
    """The head of the queue (``CHAT_QUEUE_FRAME_MAX`` entries) and its length, to agents,
    with the head's first lines sealed for each socket to open for its agent."""
    event: protocol.QueueEvent = {
        "type": "chat.queue",
        "queue": entries[: settings.CHAT_QUEUE_FRAME_MAX],
        "total": len(entries),
        "first_lines": first_lines or [],
        "restricted_teams": restricted_teams or [],
    }
    _send(AGENTS_GROUP, event)


def conversation_erased(conversation_id: uuid.UUID | str, agent_id: int | None) -> None:
    """Tells the visitor's sockets (which then close) and the assigned agent's."""
    event: protocol.VisitorErasedEvent = {"type": "chat.erased"}
    _send(visitor_group(conversation_id), event)
    if agent_id is not None:
        _conversation_event(agent_id, protocol.CHAT_ERASED, conversation_id)


def agent_revoked(agent_id: int, session_hash: str | None) -> None:
    """Tells every process to close the agent's sockets at once: those of the session
    whose key hashes to ``session_hash`` (a logout), or all of them (None)."""
    event: protocol.AgentRevokedEvent = {"type": "agent.revoked", "session": session_hash}
    _send(agent_group(agent_id), event)


def keys_destroyed(conversation_ids: list[str]) -> None:
    """Tells every process that these conversations' data keys are gone."""
    event: protocol.KeysDestroyedEvent = {
        "type": "keys.destroyed",
        "conversation_ids": conversation_ids,
    }
    _send(KEYS_GROUP, event)


KEY_LISTENER_REJOIN_SECONDS = 3600.0


async def listen_for_destroyed_keys(forget: Callable[[list[str]], None]) -> None:
    """Calls ``forget`` with the ids of every announcement of destroyed keys, for the
    life of the process (one listener per process; see ``keys_destroyed``).

    The group is joined again every hour, within the in-memory layer's group
    expiry; a failure of the layer is logged and the listener starts over.
    """
    layer = get_channel_layer()
    while True:
        try:
            channel = await layer.new_channel("keys.")
            rejoin = asyncio.get_running_loop().create_task(_keep_joined(layer, channel))
            try:
                while True:
                    message = await layer.receive(channel)
                    forget(list(message.get("conversation_ids", [])))
            finally:
                rejoin.cancel()
        except Exception as error:  # noqa: BLE001  (a layer outage must not end the listener)
            logger.warning("Listening for destroyed keys failed: %s", type(error).__name__)
            await asyncio.sleep(1.0)


async def _keep_joined(layer: Any, channel: str) -> None:
    while True:
        await layer.group_add(KEYS_GROUP, channel)
        await asyncio.sleep(KEY_LISTENER_REJOIN_SECONDS)
