"""Handing a chat over: to another available agent, or back to waiting for a team, with an
optional internal note for whoever takes it (issue 30).

The note is a sealed ``note`` line like any other (never shown to the visitor) and the live
row remembers its seq, so the receiver's console shows it first. The visitor is told only
that someone else is taking over: no agent's or team's name, no note.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext_lazy as _

from chatserver.chat import availability, broadcast, protocol
from chatserver.chat.access import check_team, display_name, is_agent
from chatserver.chat.actions.messages import ConversationClosed, append_system
from chatserver.chat.actions.queue import publish_board, publish_queue
from chatserver.chat.actions.routing import AtCapacity, do_route_waiting
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from chatserver.integrations import events, kinds
from chatserver.teams.models import Team
from transcripts.record import store
from transcripts.record.models import Conversation, Message

logger = logging.getLogger(__name__)
Status = LiveConversation.Status

TAKING_OVER = _("Another adviser is taking over your chat.")


class TargetUnavailable(ChatError):
    """The agent or team a conversation was to be transferred to cannot take it."""


@dataclass(frozen=True)
class Handover:
    """Where a chat goes (exactly one of an agent and a team) and the note for them."""

    to_agent_id: int | None = None
    to_team_id: int | None = None
    note: str | None = None


def _target_agent(agent: User, conversation: Conversation, to_agent_id: int) -> User:
    if to_agent_id == agent.pk:
        raise TargetUnavailable("the conversation is already yours")
    target = User.objects.filter(pk=to_agent_id).first()
    if target is None or not is_agent(target):
        raise TargetUnavailable("no such agent")
    check_team(target, conversation)
    presence = availability.available_presences().filter(agent=target).first()
    if presence is None:
        raise TargetUnavailable("that agent is not available")
    if presence.active >= settings.CHAT_AGENT_MAX_CONVERSATIONS:  # type: ignore[attr-defined]
        raise AtCapacity("that agent has no capacity")
    return target


def _target_team(agent: User, to_team_id: int) -> Team:
    team = Team.objects.filter(pk=to_team_id).first()
    if team is None:
        raise TargetUnavailable("no such team")
    others = availability.available_presences().filter(agent__chat_teams=team).exclude(agent=agent)
    if not others.exists():
        raise TargetUnavailable(f"no one else in {team.name} is available")
    return team


def _release(agent: User, conversation: Conversation, **live: object) -> Conversation:
    """Moves the agent's active chat (its record's row locked first, as routing does)."""
    Conversation.objects.select_for_update().filter(pk=conversation.pk).exists()
    moved = LiveConversation.objects.filter(
        pk=conversation.pk, assigned_agent=agent, status=Status.ACTIVE
    ).update(handover_by=agent, handover_at=timezone_now(), handover_note_seq=None, **live)
    if not moved:
        raise ConversationClosed("the conversation is no longer yours to transfer")
    return Conversation.objects.select_related("live__team").get(pk=conversation.pk)


def _write_note(agent: User, conversation: Conversation, note: str | None) -> None:
    """The note as a sealed note line by the agent; the live row keeps its seq."""
    if note is None:
        return
    written = store.append_message(
        conversation.pk, sender=Message.Sender.NOTE, text=note, author_id=agent.pk
    )
    LiveConversation.objects.filter(pk=conversation.pk).update(
        handover_note_seq=written.message.seq
    )


def _to_agent(agent: User, conversation: Conversation, target: User) -> Conversation:
    moved = _release(agent, conversation, assigned_agent=target, assigned_at=timezone_now())
    moved.live.handled_by.add(target)
    name = display_name(target)
    transaction.on_commit(lambda: broadcast.assigned(target.pk, moved.pk))
    transaction.on_commit(publish_board)  # the supervisors' board: both agents' loads
    transaction.on_commit(
        lambda: broadcast.visitor_status(
            moved.pk, protocol.status_frame(Status.ACTIVE, agent_name=name)
        )
    )
    return moved


def _to_team(agent: User, conversation: Conversation, team: Team) -> Conversation:
    """Back to waiting, for the team; the queue tells the visitor their place."""
    moved = _release(
        agent,
        conversation,
        status=Status.WAITING,
        assigned_agent=None,
        team=team,
        waiting_since=timezone_now(),
    )
    transaction.on_commit(publish_queue)
    transaction.on_commit(do_route_waiting)
    return moved


def do_transfer(agent: User, conversation: Conversation, handover: Handover) -> Conversation:
    """Hands the agent's active chat to another available agent with capacity (who may
    read its team's chats), or back to waiting for a team with someone else available."""
    with transaction.atomic():
        if handover.to_team_id is not None:
            team = _target_team(agent, handover.to_team_id)
            moved = _to_team(agent, conversation, team)
            to = f"team {team.pk}"
        elif handover.to_agent_id is not None:
            target = _target_agent(agent, conversation, handover.to_agent_id)
            moved = _to_agent(agent, conversation, target)
            to = f"agent {target.pk}"
        else:
            raise ChatError("a transfer names an agent or a team")
        _write_note(agent, moved, handover.note)
        events.conversation_event(
            kinds.CONVERSATION_TRANSFERRED,
            moved.pk,
            from_agent_id=agent.pk,
            to_agent_id=handover.to_agent_id,
            to_team_id=handover.to_team_id,
        )
        append_system(moved, TAKING_OVER)
        transaction.on_commit(lambda: broadcast.unassigned(agent.pk, moved.pk))
    logger.info("Conversation %s transferred to %s", moved.pk, to)
    return Conversation.objects.select_related("live__team").get(pk=moved.pk)
