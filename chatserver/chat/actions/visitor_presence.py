"""The visitor's sockets and where the visitor is (``chat.visitor_presence``).

Kept in the database, beside the conversation's live state, so that it is right on an
agent's console in any server process and after a reload. Each change recomputes the
presence under the live row's lock and, when it changed, tells the assigned agent.
"""

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import availability, broadcast, visitor_presence
from chatserver.chat.actions.routing import do_route_waiting
from chatserver.chat.models import LiveConversation, VisitorSocket


def _grace() -> timedelta:
    return timedelta(seconds=settings.CHAT_VISITOR_GONE_SECONDS)


def _recompute(conversation_id: uuid.UUID) -> str | None:
    """Sets the conversation's presence from its sockets; announces a change. Returns the
    presence (None when the conversation is gone). Call inside a transaction."""
    live = LiveConversation.objects.select_for_update().filter(pk=conversation_id).first()
    if live is None:
        return None
    hidden = list(
        VisitorSocket.objects.filter(
            conversation_id=conversation_id, seen_at__gte=availability.visitor_socket_fresh_since()
        ).values_list("hidden", flat=True)
    )
    now = timezone_now()
    if hidden:
        live.visitor_left_at = None
    elif live.visitor_left_at is None and live.visitor_presence != visitor_presence.GONE:
        live.visitor_left_at = now  # its sockets went stale: the grace starts now
    presence = visitor_presence.derive(
        is_open=live.is_open,
        hidden=hidden,
        left_at=live.visitor_left_at,
        last=live.visitor_presence,
        now=now,
        grace=_grace(),
    )
    changed = presence != live.visitor_presence
    live.visitor_presence = presence
    live.save(update_fields=["visitor_presence", "visitor_left_at"])
    agent_id = live.assigned_agent_id
    if changed and agent_id is not None and live.is_open:
        transaction.on_commit(
            lambda: broadcast.visitor_presence(agent_id, conversation_id, presence)
        )
    return presence


def do_visitor_socket_joined(
    conversation_id: uuid.UUID, channel_name: str, hidden: bool = False
) -> None:
    """A visitor socket now shows this conversation (after ``hello`` or ``start``)."""
    with transaction.atomic():
        VisitorSocket.objects.update_or_create(
            channel_name=channel_name,
            defaults={
                "conversation_id": conversation_id,
                "hidden": hidden,
                "seen_at": timezone_now(),
            },
        )
        _recompute(conversation_id)
        # A visitor still on the page whose chat went offline (no adviser was free) is
        # routed if an adviser of its team is free now.
        offline = LiveConversation.objects.filter(
            pk=conversation_id, status=LiveConversation.Status.OFFLINE
        ).exists()
    if offline:
        do_route_waiting()


def do_visitor_visibility(channel_name: str, hidden: bool) -> None:
    """The socket's page was hidden or shown again."""
    with transaction.atomic():
        socket = VisitorSocket.objects.select_for_update().filter(pk=channel_name).first()
        if socket is None or socket.hidden == hidden:
            return
        socket.hidden = hidden
        socket.seen_at = timezone_now()
        socket.save(update_fields=["hidden", "seen_at"])
        _recompute(socket.conversation_id)


def do_visitor_socket_left(channel_name: str) -> uuid.UUID | None:
    """The socket closed (or forgot its conversation). Returns the conversation when it
    has no socket left: it is gone unless one comes back within the grace."""
    with transaction.atomic():
        socket = VisitorSocket.objects.select_for_update().filter(pk=channel_name).first()
        if socket is None:
            return None
        conversation_id: uuid.UUID = socket.conversation_id
        socket.delete()
        if VisitorSocket.objects.filter(conversation_id=conversation_id).exists():
            return None
        LiveConversation.objects.filter(pk=conversation_id).update(visitor_left_at=timezone_now())
        _recompute(conversation_id)
    return conversation_id


def do_visitor_socket_seen(channel_name: str) -> None:
    VisitorSocket.objects.filter(pk=channel_name).update(seen_at=timezone_now())


def do_expire_visitor_presence(conversation_ids: Iterable[uuid.UUID] | None = None) -> int:
    """Marks gone the visitors whose grace has run out (these conversations, or all);
    returns how many changed."""
    overdue = LiveConversation.objects.exclude(visitor_presence=visitor_presence.GONE).filter(
        visitor_left_at__lte=timezone_now() - _grace()
    )
    if conversation_ids is not None:
        overdue = overdue.filter(pk__in=list(conversation_ids))
    changed = 0
    for conversation_id in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            changed += _recompute(conversation_id) == visitor_presence.GONE
    return changed


def forget_stale_visitor_sockets() -> None:
    """Forgets visitor sockets not seen for a while (their process vanished); their
    conversations' grace starts."""
    stale = VisitorSocket.objects.filter(seen_at__lt=availability.visitor_socket_fresh_since())
    conversation_ids = set(stale.values_list("conversation_id", flat=True))
    stale.delete()
    for conversation_id in conversation_ids:
        with transaction.atomic():
            _recompute(conversation_id)
