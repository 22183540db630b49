"""State-changing chat actions, shared by the sockets, the console and commands.

Each action writes through ``transcripts.store`` inside a transaction and
signals through ``broadcast`` only after the commit, so nothing is announced
that is not stored. Actions take ids and model objects, never requests.
"""

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast, events
from chatserver.chat.access import NotYourConversation, display_name, is_agent
from chatserver.chat.coalesce import Coalesced
from chatserver.chat.models import AgentPresence, AgentSocket
from transcripts import crypto, store
from transcripts.models import Conversation, Message

logger = logging.getLogger(__name__)
Status = Conversation.Status
QUEUE_STATUSES = (Status.WAITING, Status.OFFLINE)
PRESENCE_GRACE_SECONDS = 120


class ActionError(Exception):
    """A refused action; ``code`` is the protocol's error code."""

    code = events.INVALID


class ConversationClosed(ActionError):
    code = events.INVALID


class AlreadyAssigned(ActionError):
    code = events.ALREADY_ASSIGNED


class AtCapacity(ActionError):
    code = events.FORBIDDEN


class TargetUnavailable(ActionError):
    code = events.INVALID


@dataclass(frozen=True)
class VisitorState:
    status: str
    queue_position: int | None
    agent_name: str | None

    def frame(self) -> dict[str, Any]:
        return events.status_frame(
            self.status, queue_position=self.queue_position, agent_name=self.agent_name
        )


def _fresh_since() -> Any:
    return timezone_now() - timedelta(seconds=3 * settings.CHAT_AGENT_RECHECK_SECONDS)


def _online_sockets() -> Any:
    return AgentSocket.objects.filter(agent_id=OuterRef("agent_id"), seen_at__gte=_fresh_since())


def available_presences() -> Any:
    """Available agents with a live socket, with their count of active conversations."""
    return (
        AgentPresence.objects.filter(status=AgentPresence.Status.AVAILABLE, agent__is_active=True)
        .filter(Exists(_online_sockets()))
        .annotate(
            active=Count(
                "agent__chat_conversations",
                filter=Q(agent__chat_conversations__status=Status.ACTIVE),
            )
        )
    )


def queue_position(conversation: Conversation) -> int | None:
    if conversation.status != Status.WAITING or conversation.waiting_since is None:
        return None
    ahead = Conversation.objects.filter(
        status=Status.WAITING, waiting_since__lt=conversation.waiting_since
    ).count()
    return ahead + 1


def visitor_state(conversation: Conversation) -> VisitorState:
    agent = conversation.assigned_agent if conversation.status == Status.ACTIVE else None
    return VisitorState(
        status=conversation.status,
        queue_position=queue_position(conversation),
        agent_name=display_name(agent) if agent is not None else None,
    )


def queue_entries() -> list[dict[str, Any]]:
    conversations = Conversation.objects.filter(status__in=QUEUE_STATUSES).order_by(
        "waiting_since", "created_at"
    )
    return [
        {
            "conversation_id": str(conversation.pk),
            "status": conversation.status,
            "waiting_since": events.iso(conversation.waiting_since or conversation.created_at),
            "has_details": conversation.has_details,
            "special_category": conversation.special_category,
        }
        for conversation in conversations
    ]


def _send_queue_update() -> None:
    """Sends the queue to every agent and the new positions to waiting visitors."""
    entries = queue_entries()
    broadcast.queue(entries)
    position = 0
    for entry in entries:
        if entry["status"] == Status.WAITING:
            position += 1
            broadcast.visitor_status(
                uuid.UUID(entry["conversation_id"]),
                events.status_frame(Status.WAITING, queue_position=position),
            )


QUEUE_UPDATE_SECONDS = 0.2

# After each change to the queue; changes within 0.2 s of an update share the next one.
publish_queue = Coalesced(_send_queue_update, QUEUE_UPDATE_SECONDS)


def _signal(result: store.AppendResult) -> dict[str, Any] | None:
    """What ``broadcast`` needs to signal a newly stored line (None for a repeat)."""
    if not result.created or result.envelope is None:
        return None
    message = result.message
    return {
        "conversation_id": message.conversation_id,
        "agent_id": result.conversation.assigned_agent_id,
        "seq": message.seq,
        "sender": message.sender,
        "at": events.iso(message.at),
        "client_id": message.client_id,
        "envelope": result.envelope,
        "to_visitor": message.sender != Message.Sender.NOTE,
    }


def _broadcast_stored(result: store.AppendResult) -> None:
    signal = _signal(result)
    if signal is not None:
        broadcast.message(**signal)


def _append_system(conversation: Conversation, text: str) -> None:
    result = store.append_message(conversation.pk, sender=Message.Sender.SYSTEM, text=text)
    transaction.on_commit(lambda: _broadcast_stored(result))


def do_start_conversation(
    *,
    session_hash: str,
    details: Mapping[str, str | None] | None,
    diagnostics: Mapping[str, str | None] | None,
) -> Conversation:
    status = Status.WAITING if available_presences().exists() else Status.OFFLINE
    with transaction.atomic():
        conversation = store.create_conversation(
            status=status, details=details, diagnostics=diagnostics, session_id_hash=session_hash
        )
        transaction.on_commit(publish_queue)
    logger.info("Conversation %s started (%s)", conversation.pk, status)
    if status == Status.WAITING:
        do_route_waiting()
    return Conversation.objects.select_related("assigned_agent").get(pk=conversation.pk)


def _refusal(conversation: Conversation, line: store.NewMessage) -> Exception | None:
    """Why a line may not join this (locked) conversation; None when it may."""
    if line.sender in (Message.Sender.AGENT, Message.Sender.NOTE) and (
        conversation.assigned_agent_id != line.author_id
    ):
        return NotYourConversation("this conversation is not assigned to you")
    if conversation.status == Status.CLOSED:
        return ConversationClosed("the conversation is closed")
    return None


def do_send_messages(lines: Sequence[store.NewMessage]) -> list[store.AppendResult | Exception]:
    """Stores visitors' and agents' lines (and agents' notes) in one transaction.

    The group commit of the chat sockets: call it outside any transaction, so
    it returns after the commit, then ``announce_messages`` on the event loop.
    Each line gets its result or the reason it was refused.
    """
    return store.append_messages(lines, admit=_refusal)


async def announce_messages(results: Iterable[store.AppendResult | Exception]) -> None:
    await broadcast.announce_messages(
        signal
        for result in results
        if isinstance(result, store.AppendResult) and (signal := _signal(result)) is not None
    )


def do_send_message(
    conversation: Conversation,
    *,
    sender: str,
    text: str,
    client_id: str | None,
    author: Any = None,
) -> store.AppendResult:
    """Stores one line from synchronous code and signals it after the commit."""
    result = store.append_message(
        conversation.pk,
        sender=sender,
        text=text,
        client_id=client_id,
        author_id=author.pk if author is not None else None,
        admit=_refusal,
    )
    transaction.on_commit(lambda: _broadcast_stored(result))
    return result


def do_update_details(conversation: Conversation, details: Mapping[str, str | None]) -> None:
    with transaction.atomic():
        store.set_details(conversation.pk, details)
        agent_id = conversation.assigned_agent_id
        if agent_id is not None:
            transaction.on_commit(
                lambda: broadcast.agent_event(
                    agent_id, "chat.details", conversation_id=str(conversation.pk)
                )
            )
        if conversation.status in QUEUE_STATUSES:
            transaction.on_commit(publish_queue)


def visitor_typing(conversation: Conversation, active: bool) -> None:
    if conversation.assigned_agent_id is not None:
        broadcast.agent_event(
            conversation.assigned_agent_id,
            "chat.typing",
            conversation_id=str(conversation.pk),
            active=active,
        )


def agent_typing(conversation: Conversation, active: bool) -> None:
    broadcast.typing_to_visitor(conversation.pk, active)


def _assign(conversation_id: uuid.UUID, agent: Any, from_statuses: tuple[str, ...]) -> bool:
    """Assigns atomically: exactly one caller wins a conversation in ``from_statuses``."""
    now = timezone_now()
    won = Conversation.objects.filter(pk=conversation_id, status__in=from_statuses).update(
        status=Status.ACTIVE, assigned_agent=agent, assigned_at=now, waiting_since=None
    )
    if not won:
        return False
    conversation = Conversation.objects.get(pk=conversation_id)
    conversation.handled_by.add(agent)
    AgentPresence.objects.filter(agent=agent).update(last_assigned_at=now)
    name = display_name(agent)
    _append_system(conversation, f"{name} joined the chat.")
    transaction.on_commit(
        lambda: broadcast.agent_event(
            agent.pk, "chat.assigned", conversation_id=str(conversation_id)
        )
    )
    transaction.on_commit(
        lambda: broadcast.visitor_status(
            conversation_id, events.status_frame(Status.ACTIVE, agent_name=name)
        )
    )
    transaction.on_commit(publish_queue)
    logger.info("Conversation %s assigned to agent %s", conversation_id, agent.pk)
    return True


def _active_count(agent: Any) -> int:
    return Conversation.objects.filter(assigned_agent=agent, status=Status.ACTIVE).count()


def do_accept(agent: Any, conversation_id: uuid.UUID) -> Conversation:
    with transaction.atomic():
        AgentPresence.objects.select_for_update().get_or_create(agent=agent)
        if _active_count(agent) >= settings.CHAT_AGENT_MAX_CONVERSATIONS:
            raise AtCapacity(
                f"you already have {settings.CHAT_AGENT_MAX_CONVERSATIONS} conversations open"
            )
        if not _assign(conversation_id, agent, QUEUE_STATUSES):
            raise AlreadyAssigned("another agent has taken this conversation")
    return Conversation.objects.get(pk=conversation_id)


def do_route_waiting() -> int:
    """Gives waiting conversations to the least-busy available agents (auto routing)."""
    if settings.CHAT_ROUTING != "auto":
        return 0
    assigned = 0
    while True:
        with transaction.atomic():
            conversation = (
                Conversation.objects.filter(status=Status.WAITING).order_by("waiting_since").first()
            )
            if conversation is None:
                return assigned
            presence = (
                available_presences()
                .filter(active__lt=settings.CHAT_AGENT_MAX_CONVERSATIONS)
                .select_related("agent")
                .order_by("active", "last_assigned_at", "agent_id")
                .first()
            )
            if presence is None:
                return assigned
            if AgentPresence.objects.select_for_update().filter(pk=presence.pk).exists() and (
                _active_count(presence.agent) < settings.CHAT_AGENT_MAX_CONVERSATIONS
            ):
                assigned += _assign(conversation.pk, presence.agent, (Status.WAITING,))


def _close(conversation_id: uuid.UUID, text: str) -> bool:
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if conversation.status == Status.CLOSED:
            return False
        was_queued = conversation.status in QUEUE_STATUSES
        Conversation.objects.filter(pk=conversation_id).update(
            status=Status.CLOSED, closed_at=timezone_now(), waiting_since=None
        )
        _append_system(conversation, text)
        agent_id = conversation.assigned_agent_id
        transaction.on_commit(
            lambda: broadcast.visitor_status(conversation_id, events.status_frame(Status.CLOSED))
        )
        if agent_id is not None:
            transaction.on_commit(
                lambda: broadcast.agent_event(
                    agent_id,
                    "chat.status",
                    frame=events.status_frame(Status.CLOSED, conversation_id=conversation_id),
                )
            )
        if was_queued:
            transaction.on_commit(publish_queue)
    logger.info("Conversation %s closed", conversation_id)
    do_route_waiting()
    return True


def do_end_by_visitor(conversation: Conversation) -> bool:
    return _close(conversation.pk, "The visitor ended the chat.")


def do_close_by_agent(agent: Any, conversation: Conversation) -> bool:
    return _close(conversation.pk, f"{display_name(agent)} closed the chat.")


def do_transfer(agent: Any, conversation: Conversation, to_agent_id: object) -> Conversation:
    if not isinstance(to_agent_id, int) or isinstance(to_agent_id, bool):
        raise TargetUnavailable("to_agent_id must be an agent's id")
    if to_agent_id == agent.pk:
        raise TargetUnavailable("the conversation is already yours")
    target = get_user_model().objects.filter(pk=to_agent_id).first()
    if target is None or not is_agent(target):
        raise TargetUnavailable("no such agent")
    with transaction.atomic():
        presence = available_presences().filter(agent=target).first()
        if presence is None:
            raise TargetUnavailable("that agent is not available")
        if presence.active >= settings.CHAT_AGENT_MAX_CONVERSATIONS:
            raise AtCapacity("that agent has no capacity")
        moved = Conversation.objects.filter(
            pk=conversation.pk, assigned_agent=agent, status=Status.ACTIVE
        ).update(assigned_agent=target, assigned_at=timezone_now())
        if not moved:
            raise ConversationClosed("the conversation is no longer yours to transfer")
        conversation.refresh_from_db()
        conversation.handled_by.add(target)
        target_name = display_name(target)
        _append_system(
            conversation, f"{display_name(agent)} transferred the chat to {target_name}."
        )
        conversation_id = str(conversation.pk)
        transaction.on_commit(
            lambda: broadcast.agent_event(
                agent.pk, "chat.unassigned", conversation_id=conversation_id
            )
        )
        transaction.on_commit(
            lambda: broadcast.agent_event(
                target.pk, "chat.assigned", conversation_id=conversation_id
            )
        )
        transaction.on_commit(
            lambda: broadcast.visitor_status(
                conversation.pk, events.status_frame(Status.ACTIVE, agent_name=target_name)
            )
        )
    logger.info("Conversation %s transferred to agent %s", conversation.pk, target.pk)
    return conversation


def do_set_presence(agent: Any, status: str) -> None:
    AgentPresence.objects.update_or_create(
        agent=agent, defaults={"status": status, "changed_at": timezone_now()}
    )
    if status == AgentPresence.Status.AVAILABLE:
        do_route_waiting()


def do_agent_socket_opened(agent: Any, channel_name: str) -> None:
    now = timezone_now()
    with transaction.atomic():
        presence, _created = AgentPresence.objects.get_or_create(agent=agent)
        was_offline = not AgentSocket.objects.filter(
            agent=agent, seen_at__gte=_fresh_since()
        ).exists()
        if (
            was_offline
            and presence.offline_since is not None
            and now - presence.offline_since > timedelta(seconds=PRESENCE_GRACE_SECONDS)
        ):
            presence.status = AgentPresence.Status.AWAY
        presence.offline_since = None
        presence.save()
        AgentSocket.objects.update_or_create(
            channel_name=channel_name, defaults={"agent": agent, "seen_at": now}
        )
    if presence.status == AgentPresence.Status.AVAILABLE:
        do_route_waiting()


def do_agent_socket_seen(channel_name: str) -> None:
    AgentSocket.objects.filter(channel_name=channel_name).update(seen_at=timezone_now())


def do_agent_socket_closed(agent_id: int, channel_name: str) -> None:
    with transaction.atomic():
        AgentSocket.objects.filter(channel_name=channel_name).delete()
        if not AgentSocket.objects.filter(agent_id=agent_id).exists():
            AgentPresence.objects.filter(agent_id=agent_id).update(offline_since=timezone_now())


def do_housekeeping() -> None:
    """Closes idle visitor conversations and forgets sockets of vanished processes."""
    now = timezone_now()
    stale = AgentSocket.objects.filter(seen_at__lt=_fresh_since())
    stale_agents = set(stale.values_list("agent_id", flat=True))
    stale.delete()
    for agent_id in stale_agents:
        if not AgentSocket.objects.filter(agent_id=agent_id).exists():
            AgentPresence.objects.filter(agent_id=agent_id, offline_since=None).update(
                offline_since=now
            )
    cutoff = now - timedelta(seconds=settings.CHAT_VISITOR_IDLE_SECONDS)
    idle = Conversation.objects.filter(
        status__in=(Status.WAITING, Status.ACTIVE), last_activity_at__lt=cutoff
    ).values_list("pk", flat=True)
    closed = sum(
        _close(conversation_id, "This chat was closed because it was inactive.")
        for conversation_id in list(idle)
    )
    if closed:
        logger.info("Closed %s idle conversations", closed)


SENDER_LABELS = {"visitor": "You", "agent": "Adviser", "system": "Note"}


def do_email_transcript(conversation: Conversation, email: str) -> None:
    """Emails the visitor's view of the transcript (never internal notes), on request.

    The audit entry records the blind index of the address, never the address.
    """
    messages = store.read_messages(conversation.pk, include_notes=False)
    lines = [
        f"[{message.at:%d %b %Y %H:%M}] {SENDER_LABELS.get(message.sender, '')}: {message.text}"
        for message in messages
        if message.text is not None
    ]
    organisation = settings.CHAT_ORGANISATION_NAME
    send_mail(
        subject=f"Your chat with {organisation}",
        message="Here is the copy of your chat that you asked for.\n\n" + "\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    _key_id, digest = crypto.email_blind_index(email)
    store.record_audit(
        "transcript_emailed", conversation_id=conversation.pk, recipient_index=digest
    )
    logger.info("Emailed the transcript of conversation %s", conversation.pk)
