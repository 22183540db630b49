"""Ending agents' sessions: their sockets leave routing at once and close in every process.

The sockets' own re-check every ``CHAT_AGENT_RECHECK_SECONDS`` stays as a backstop for
what sends no signal (an expired session, a change made straight in the database).
"""

import logging

from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import availability, broadcast
from chatserver.chat.actions.queue import publish_board
from chatserver.chat.actions.routing import requeue_conversations_of
from chatserver.chat.agent_auth import session_hash
from chatserver.chat.models import AgentPresence, AgentSocket

logger = logging.getLogger(__name__)


def do_revoke_agent_sessions(agent_id: int, session_key: str | None = None) -> None:
    """Revokes the agent's sockets of one session (a logout) or all of them (None: a
    password change, a deactivation, a lost agent group).

    Their presence goes in the caller's transaction, so no routing after it picks them;
    once it commits every process closes them with 4401.
    """
    hashed = session_hash(session_key) if session_key is not None else None
    with transaction.atomic():
        # Registered first: the sockets close before any event the requeue sends.
        transaction.on_commit(lambda: broadcast.agent_revoked(agent_id, hashed))
        sockets = AgentSocket.objects.filter(agent_id=agent_id)
        if hashed is not None:
            sockets = sockets.filter(session_hash=hashed)
        revoked, _by_model = sockets.delete()
        _unless_still_online(agent_id)
    logger.info(
        "Revoked %s socket(s) of agent %s (%s)",
        revoked,
        agent_id,
        "one session" if hashed is not None else "every session",
    )


def do_revoke_ended_session(session_key: str, user_id: int | None) -> None:
    """A session ended (flushed by a login as someone else, logged out, cycled, cleared):
    its sockets are revoked, whichever agent they belong to, in the caller's transaction.

    The session's own user is told even with no socket row, for a socket still
    connecting (it joins its group before it writes its row).
    """
    hashed = session_hash(session_key)
    with transaction.atomic():
        agent_ids = set(
            AgentSocket.objects.filter(session_hash=hashed).values_list("agent_id", flat=True)
        )
        for agent_id in agent_ids:
            do_revoke_agent_sessions(agent_id, session_key)
        if user_id is not None and user_id not in agent_ids:
            transaction.on_commit(lambda: broadcast.agent_revoked(user_id, hashed))


def do_agent_socket_revoked(agent_id: int, channel_name: str) -> None:
    """A socket found its own session ended (an event, its re-check, or at connect)."""
    with transaction.atomic():
        AgentSocket.objects.filter(channel_name=channel_name).delete()
        _unless_still_online(agent_id)
        transaction.on_commit(publish_board)


def _unless_still_online(agent_id: int) -> None:
    """An agent left with no live socket goes offline, and their conversations go back
    to the queue: no visitor stays "active" with no one."""
    if AgentSocket.objects.filter(
        agent_id=agent_id, seen_at__gte=availability.fresh_since()
    ).exists():
        return
    AgentPresence.objects.filter(agent_id=agent_id, offline_since=None).update(
        offline_since=timezone_now()
    )
    requeue_conversations_of(agent_id)
