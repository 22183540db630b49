"""Which agents can take a conversation now, and whether a visitor starting now would be
answered: the reads routing, the queue and the welcome share."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.timezone import now as timezone_now

from chatserver.chat import hours
from chatserver.chat.access import AGENT_GROUP_NAMES
from chatserver.chat.agent_auth import SessionHash, sessions_are_rows
from chatserver.chat.models import AgentPresence, AgentSocket, LiveConversation

Status = LiveConversation.Status


def fresh_since() -> Any:
    """Sockets seen since then are alive (they re-check well within it)."""
    return timezone_now() - timedelta(seconds=3 * settings.CHAT_AGENT_RECHECK_SECONDS)


def agent_is_online(agent: User) -> bool:
    return AgentSocket.objects.filter(agent=agent, seen_at__gte=fresh_since()).exists()


def _in_live_session() -> Exists:
    """The socket's session is stored and unexpired: only unexpired rows (by the indexed
    expiry date, staff sessions only) have their key hashed to match the socket's hash."""
    live = (
        Session.objects.filter(expire_date__gt=timezone_now())
        .annotate(key_hash=SessionHash("session_key"))
        .filter(key_hash=OuterRef("session_hash"))
    )
    return Exists(live)


def available_presences() -> QuerySet[AgentPresence]:
    """Available agents (active, in an agent group) with a live socket, with their count
    of active conversations. A socket's row goes with the end of its session, and one
    whose session has expired is skipped before its re-check closes it."""
    online = AgentSocket.objects.filter(agent_id=OuterRef("agent_id"), seen_at__gte=fresh_since())
    if sessions_are_rows():
        online = online.filter(_in_live_session())
    in_agent_group = User.groups.through.objects.filter(
        user_id=OuterRef("agent_id"), group__name__in=AGENT_GROUP_NAMES
    )
    return (
        AgentPresence.objects.filter(status=AgentPresence.Status.AVAILABLE, agent__is_active=True)
        .filter(Exists(online), Exists(in_agent_group))
        .annotate(
            active=Count(
                "agent__chat_conversations",
                filter=Q(agent__chat_conversations__status=Status.ACTIVE),
            )
        )
    )


def answering_now() -> bool:
    """Whether a visitor starting now would be answered: the chat is open and an agent is
    available (else the conversation starts offline, for a message)."""
    return hours.opening().is_open and available_presences().exists()


def agents_with_capacity() -> QuerySet[AgentPresence]:
    """Available agents with fewer than ``CHAT_AGENT_MAX_CONVERSATIONS`` conversations."""
    # ``active`` is the annotation of ``available_presences``, which the stubs cannot see.
    capacity = settings.CHAT_AGENT_MAX_CONVERSATIONS
    return available_presences().filter(active__lt=capacity)  # type: ignore[misc]
