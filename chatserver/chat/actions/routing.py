"""Who takes which conversation: accepting and automatic routing (transfers: ``transfer``)."""

import logging
import uuid
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext_lazy as _

from chatserver.chat import availability, broadcast, protocol, routing_queue, state
from chatserver.chat.access import check_team, display_name
from chatserver.chat.actions.messages import append_system
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.errors import AlreadyAssigned, Forbidden, NotFound
from chatserver.chat.models import AgentPresence, LiveConversation
from chatserver.integrations import events, kinds
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)
Status = LiveConversation.Status


class AtCapacity(Forbidden):
    """The agent already has ``CHAT_AGENT_MAX_CONVERSATIONS`` conversations."""


def _assign(conversation_id: uuid.UUID, agent: User, takeable: Q) -> bool:
    """Assigns atomically: exactly one caller wins a conversation whose live state is
    ``takeable`` (an update filtered on that row; an erased one is closed, not takeable).

    A message left while no one answered is reopened: the agent reads it and replies.
    """
    now = timezone_now()
    # The record's row first, as closing and erasing lock it before the live row.
    Conversation.objects.select_for_update().filter(pk=conversation_id).exists()
    won = LiveConversation.objects.filter(takeable, pk=conversation_id).update(
        status=Status.ACTIVE,
        assigned_agent=agent,
        assigned_at=now,
        answered_at=Coalesce("answered_at", Value(now)),
        waiting_since=None,
        awaiting_reply=False,
    )
    if not won:
        return False
    Conversation.objects.filter(pk=conversation_id).update(closed_at=None)
    conversation = Conversation.objects.select_related("live").get(pk=conversation_id)
    conversation.live.handled_by.add(agent)
    AgentPresence.objects.filter(agent=agent).update(last_assigned_at=now)
    name = display_name(agent)
    append_system(conversation, format_lazy(_("{name} joined the chat."), name=name))
    events.conversation_event(
        kinds.CONVERSATION_ASSIGNED, conversation_id, assigned_at=events.when(now)
    )
    transaction.on_commit(lambda: broadcast.assigned(agent.pk, conversation_id))
    transaction.on_commit(
        lambda: broadcast.visitor_status(
            conversation_id, protocol.status_frame(Status.ACTIVE, agent_name=name)
        )
    )
    transaction.on_commit(publish_queue)
    logger.info("Conversation %s assigned to agent %s", conversation_id, agent.pk)
    return True


def do_accept(agent: User, conversation_id: uuid.UUID) -> Conversation:
    """The agent takes a queued conversation or left message; exactly one of several wins.
    A restricted team's chat is for its members (and supervisors) only."""
    asked = Conversation.objects.select_related("live__team").filter(pk=conversation_id).first()
    if asked is None:
        raise NotFound("no such conversation")
    check_team(agent, asked)
    with transaction.atomic():
        AgentPresence.objects.select_for_update().get_or_create(agent=agent)
        if state.active_count(agent) >= settings.CHAT_AGENT_MAX_CONVERSATIONS:
            raise AtCapacity(
                f"you already have {settings.CHAT_AGENT_MAX_CONVERSATIONS} conversations open"
            )
        if not _assign(conversation_id, agent, state.TAKEABLE_LIVE):
            raise AlreadyAssigned("another agent has taken this conversation")
    return Conversation.objects.select_related("live").get(pk=conversation_id)


def do_route_waiting() -> int:
    """One routing round over the queue, in queue order (``routing_queue.routable``).

    With auto routing each conversation goes to the least-busy available agent of its
    team who speaks its language (``availability.Picker``); with manual routing a
    visitor still on the page whom an agent could take is shown waiting, not as a
    message left. Either way a Welsh chat with no Welsh speaker free is offered, in
    Welsh, to wait, go on in English or leave a message (once). Returns how many
    conversations were assigned.
    """
    auto = settings.CHAT_ROUTING == "auto"
    chats = routing_queue.routable(only_actionable=not auto)
    if not chats:
        return 0
    picker = availability.Picker(availability.candidates())
    if not picker.pool:
        return 0
    assigned = 0
    for chat in chats:
        language = availability.needed_language(chat.language, chat.welsh_choice)
        best = picker.best(chat.team_id, language)
        if best is None:
            if _offer_due(chat, picker):
                offer_welsh_choice(chat.pk)
        elif not auto:
            if chat.status == Status.OFFLINE:
                _show_waiting(chat.pk)
        elif _take(chat.pk, best.agent_id):
            assigned += 1
            picker.took(best)
        else:  # taken, or the agent filled up elsewhere: weigh them afresh
            picker = availability.Picker(availability.candidates())
    return assigned


def _offer_due(chat: routing_queue.Routable, picker: availability.Picker) -> bool:
    """A chat in another language than the default, never offered and with no choice
    made, that no speaker of its language can take now: waiting, or on the page while
    an agent of its team could take it in English."""
    if chat.language == settings.LANGUAGE_CODE or chat.offered or chat.welsh_choice:
        return False
    return chat.status == Status.WAITING or (
        picker.best(chat.team_id, settings.LANGUAGE_CODE) is not None
    )


def _take(conversation_id: uuid.UUID, agent_id: int) -> bool:
    """Assigns the queued conversation to the agent if they still have capacity."""
    with transaction.atomic():
        if not AgentPresence.objects.select_for_update().filter(agent_id=agent_id).exists():
            return False
        agent = User.objects.get(pk=agent_id)
        if state.active_count(agent) >= settings.CHAT_AGENT_MAX_CONVERSATIONS:
            return False
        return _assign(conversation_id, agent, Q(status__in=state.QUEUE_STATUSES))


def _show_waiting(conversation_id: uuid.UUID) -> None:
    """A visitor still on the page whom an agent could take waits in the queue again."""
    woken = LiveConversation.objects.filter(pk=conversation_id, status=Status.OFFLINE).update(
        status=Status.WAITING, waiting_since=timezone_now()
    )
    if woken:
        publish_queue()  # the visitor's status comes with it, with their position


def offer_welsh_choice(conversation_id: uuid.UUID) -> None:
    """Tells the visitor (in Welsh, by the widget) that no Welsh speaker is free: they
    may wait for one, continue in English or leave a message. Made once a chat."""
    if LiveConversation.objects.filter(pk=conversation_id, welsh_offered_at=None).update(
        welsh_offered_at=timezone_now()
    ):
        transaction.on_commit(
            lambda: broadcast.language_offer(conversation_id, protocol.language_offer_frame())
        )
        logger.info("Conversation %s offered the Welsh choice", conversation_id)


def requeue_conversations_of(agent_id: int) -> int:
    """Puts the active conversations of an agent whose sessions ended back in the queue
    (inside the caller's transaction), each visitor told with a system line and their
    status: waiting for the next adviser, or offline when none is available."""
    agent = User.objects.filter(pk=agent_id).first()
    mine = list(
        Conversation.objects.select_for_update(of=("self",)).filter(
            live__assigned_agent_id=agent_id, live__status=Status.ACTIVE
        )
    )
    if agent is None or not mine:
        return 0
    answering = availability.answering_now()
    status = Status.WAITING if answering else Status.OFFLINE
    line = format_lazy(
        _("{name} left the chat. Another adviser will reply as soon as they can."),
        name=display_name(agent),
    )
    for conversation in mine:
        LiveConversation.objects.filter(pk=conversation.pk).update(
            status=status, assigned_agent=None, waiting_since=timezone_now()
        )
        append_system(conversation, line)
    if status == Status.OFFLINE:
        frame = state.offline_status_frame()
        for conversation in mine:
            transaction.on_commit(partial(broadcast.visitor_status, conversation.pk, frame))
    transaction.on_commit(publish_queue)  # waiting visitors get their positions with it
    transaction.on_commit(do_route_waiting)
    logger.info("%s conversation(s) of agent %s went back to the queue", len(mine), agent_id)
    return len(mine)
