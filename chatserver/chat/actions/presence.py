"""Agents' presence: their status and their open sockets."""

import uuid
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import availability
from chatserver.chat.actions.routing import do_route_waiting
from chatserver.chat.agent_auth import session_hash
from chatserver.chat.models import AgentPresence, AgentSocket, LiveConversation, VisitorSocket

PRESENCE_GRACE_SECONDS = 120


def do_set_presence(agent: User, status: str) -> None:
    AgentPresence.objects.update_or_create(
        agent=agent, defaults={"status": status, "changed_at": timezone_now()}
    )
    if status == AgentPresence.Status.AVAILABLE:
        do_route_waiting()


def do_agent_socket_opened(agent: User, channel_name: str, session_key: str | None = None) -> None:
    """Registers the socket (with the session it was opened in); an agent back after the
    grace period starts away."""
    now = timezone_now()
    with transaction.atomic():
        presence, _created = AgentPresence.objects.get_or_create(agent=agent)
        if (
            not availability.agent_is_online(agent)
            and presence.offline_since is not None
            and now - presence.offline_since > timedelta(seconds=PRESENCE_GRACE_SECONDS)
        ):
            presence.status = AgentPresence.Status.AWAY
        presence.offline_since = None
        presence.save()
        AgentSocket.objects.update_or_create(
            channel_name=channel_name,
            defaults={"agent": agent, "seen_at": now, "session_hash": session_hash(session_key)},
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


def forget_stale_sockets() -> None:
    """Forgets sockets not seen for a while (their process vanished); agents left with
    none go offline."""
    stale = AgentSocket.objects.filter(seen_at__lt=availability.fresh_since())
    stale_agents = set(stale.values_list("agent_id", flat=True))
    stale.delete()
    now = timezone_now()
    for agent_id in stale_agents:
        if not AgentSocket.objects.filter(agent_id=agent_id).exists():
            AgentPresence.objects.filter(agent_id=agent_id, offline_since=None).update(
                offline_since=now
            )


def do_visitor_socket_opened(conversation_id: uuid.UUID, channel_name: str) -> None:
    """A visitor's socket joined its conversation: they are on the page. One whose chat
    is offline (no adviser was free) is routed if an adviser of its team is free now."""
    VisitorSocket.objects.update_or_create(
        channel_name=channel_name,
        defaults={"conversation_id": conversation_id, "opened_at": timezone_now()},
    )
    if LiveConversation.objects.filter(
        pk=conversation_id, status=LiveConversation.Status.OFFLINE
    ).exists():
        do_route_waiting()


def do_visitor_socket_closed(channel_name: str) -> None:
    VisitorSocket.objects.filter(channel_name=channel_name).delete()
