"""A conversation's life: starting, ending, closing and closing when idle."""

import logging
import uuid
from collections.abc import Callable, Mapping
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext_lazy as _

from chatserver.chat import (
    admission,
    availability,
    broadcast,
    hours,
    protocol,
    state,
    visitor_presence,
)
from chatserver.chat.access import NotYourConversation, display_name
from chatserver.chat.actions import idle as idle_chats
from chatserver.chat.actions import presence
from chatserver.chat.actions import visitor_presence as visitor_sockets
from chatserver.chat.actions.messages import append_system
from chatserver.chat.actions.queue import publish_board, publish_queue
from chatserver.chat.actions.routing import do_route_waiting
from chatserver.chat.actions.topics import topic_by_slug
from chatserver.chat.errors import ChatError
from chatserver.chat.models import EndedBy, LiveConversation
from chatserver.integrations import events, kinds
from chatserver.wrapup import actions as wrap_ups
from chatserver.wrapup.choices import WrapUpRequest
from transcripts.record import store
from transcripts.record.models import Conversation, Message

logger = logging.getLogger(__name__)
Status = LiveConversation.Status


def do_start_conversation(
    *,
    session_hash: str,
    details: Mapping[str, str | None] | None,
    diagnostics: Mapping[str, str | None] | None,
    language: str | None = None,
    address_index: str = "",
    admit: bool = False,
    visitor_socket: tuple[str, bool] | None = None,
    topic: str | None = None,
) -> Conversation:
    """Opens a conversation: waiting when the chat is open and an agent is available,
    else offline (the visitor may leave a message). ``language`` is the visitor's (one
    of ``settings.LANGUAGES``; the default when None); ``address_index`` is the keyed
    hash of the client address (``admission``). With ``admit``, the admission bounds
    are checked in the same transaction as the insert (``RateLimited`` beyond them).
    ``visitor_socket`` is the starting socket's channel and whether its page is hidden:
    the agent it is routed to sees the visitor there from the first. ``topic`` is the slug
    of what the visitor chose the chat is about (its team's)."""
    chosen = topic_by_slug(topic)
    status = Status.WAITING if availability.answering_now() else Status.OFFLINE
    with transaction.atomic():
        if admit:
            admission.admit(admission.Origin(session_hash, address_index))
        conversation = store.create_conversation(
            details=details,
            diagnostics=diagnostics,
            session_id_hash=session_hash,
            address_index=address_index,
        )
        LiveConversation.objects.filter(conversation_id=conversation.pk).update(
            status=status,
            waiting_since=conversation.created_at,
            offered=status == Status.WAITING,
            language=language or settings.LANGUAGE_CODE,
            topic=chosen,
            team=chosen.team if chosen is not None else None,
        )
        if visitor_socket is not None:
            visitor_sockets.do_visitor_socket_joined(conversation.pk, *visitor_socket)
        events.conversation_event(kinds.CONVERSATION_CREATED, conversation.pk)
        transaction.on_commit(publish_queue)
    logger.info("Conversation %s started (%s)", conversation.pk, status)
    if status == Status.WAITING:
        do_route_waiting()
    return Conversation.objects.select_related("live__assigned_agent").get(pk=conversation.pk)


def _announce_close(conversation_id: uuid.UUID, ended_by: EndedBy, left_message: bool) -> None:
    """The outbox events of a close: the close with its wrap-up (when given with it), and
    a message left while no one was answering."""
    facts = events.conversation_facts(conversation_id)
    if left_message:
        events.record(kinds.MESSAGE_LEFT, facts, conversation_id=conversation_id)
    wrap_up = events.wrap_up_facts(conversation_id)
    closed = {**facts, "ended_by": str(ended_by), "left_message": left_message}
    events.record(
        kinds.CONVERSATION_CLOSED,
        {**closed, "closed_at": events.when(timezone_now()), "wrap_up": wrap_up},
        conversation_id=conversation_id,
    )


# Ended this way, a chat stays on its agent's screen, with a notice, until they dismiss it.
STAYS_ON_SCREEN = frozenset({EndedBy.VISITOR, EndedBy.QUICK_EXIT, EndedBy.IDLE})


def _close(
    conversation_id: uuid.UUID,
    text: str | Promise,
    ended_by: EndedBy,
    within: Callable[[LiveConversation], object] | None = None,
) -> bool:
    """Closes an open conversation; ``within`` runs first in the same transaction (its
    refusal leaves the conversation open)."""
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        live = LiveConversation.objects.select_for_update().get(pk=conversation_id)
        if live.status == Status.CLOSED:
            return False
        if within is not None:
            within(live)
        was_queued = live.status in state.QUEUE_STATUSES
        # A visitor who wrote while no one was answering has left a message: it stays
        # in the queue until an agent takes it.
        left_message = (
            live.status == Status.OFFLINE
            and Message.objects.filter(
                conversation=conversation, sender=Message.Sender.VISITOR
            ).exists()
        )
        agent_id = live.assigned_agent_id
        stays = live.status == Status.ACTIVE and agent_id is not None
        Conversation.objects.filter(pk=conversation_id).update(closed_at=timezone_now())
        LiveConversation.objects.filter(pk=conversation_id).update(
            status=Status.CLOSED,
            waiting_since=None,
            awaiting_reply=left_message,
            ended_by=ended_by,
            awaiting_dismissal=stays and ended_by in STAYS_ON_SCREEN,
            visitor_presence=visitor_presence.GONE,
        )
        append_system(conversation, text)
        _announce_close(conversation_id, ended_by, left_message)
        transaction.on_commit(
            lambda: broadcast.visitor_status(conversation_id, protocol.status_frame(Status.CLOSED))
        )
        if agent_id is not None:
            frame = protocol.agent_status_frame(Status.CLOSED, str(conversation_id), ended_by)
            transaction.on_commit(lambda: broadcast.agent_status(agent_id, frame))
        transaction.on_commit(publish_queue if was_queued else publish_board)
    logger.info("Conversation %s closed", conversation_id)
    do_route_waiting()
    return True


def do_end_by_visitor(conversation: Conversation) -> bool:
    return _close(conversation.pk, _("The visitor ended the chat."), EndedBy.VISITOR)


def do_close_by_agent(
    agent: User, conversation: Conversation, wrap_up: WrapUpRequest | None = None
) -> bool:
    """The agent closes the chat, with its wrap-up written in the same transaction (one is
    refused without when the supervisor's policy requires it). A chat the visitor ended
    just before keeps the wrap-up sent with this close."""
    wrap_ups.check_policy(wrap_up)

    def wrap(live: LiveConversation) -> None:
        if wrap_up is not None:
            wrap_ups.record(live, agent, wrap_up, timezone_now())

    closed = _close(
        conversation.pk,
        format_lazy(_("{agent} closed the chat."), agent=display_name(agent)),
        EndedBy.AGENT,
        within=wrap,
    )
    if not closed and wrap_up is not None:
        wrap_ups.do_wrap_up(agent, conversation.pk, wrap_up)
    return closed


def do_quick_exit(conversation: Conversation) -> bool:
    """The visitor left with the quick exit: the chat ends, and the agent is told how."""
    return _close(conversation.pk, _("The visitor left using quick exit."), EndedBy.QUICK_EXIT)


def do_dismiss_ended(agent: User, conversation: Conversation) -> None:
    """The agent is done with a chat the visitor ended: it leaves their screen (every
    socket of theirs). The wrap-up of such a chat ends with this too."""
    if conversation.live.assigned_agent_id != agent.pk:
        raise NotYourConversation("this conversation is not assigned to you")
    wrap_ups.check_dismissal(conversation.pk)
    with transaction.atomic():
        dismissed = LiveConversation.objects.filter(
            pk=conversation.pk, assigned_agent=agent, status=Status.CLOSED, awaiting_dismissal=True
        ).update(awaiting_dismissal=False)
        if not dismissed:
            raise ChatError("only a chat the visitor ended can be dismissed")
        transaction.on_commit(lambda: broadcast.dismissed(agent.pk, conversation.pk))


def do_offer_messages() -> int:
    """Turns waiting conversations offline (leave a message) when the chat has closed,
    or when no adviser has answered within ``CHAT_OFFLINE_AFTER_MINUTES``."""
    waiting = LiveConversation.objects.filter(status=Status.WAITING)
    if hours.opening().is_open:
        cutoff = timezone_now() - timedelta(minutes=settings.CHAT_OFFLINE_AFTER_MINUTES)
        waiting = waiting.filter(waiting_since__lt=cutoff)
    moved = [
        conversation_id
        for conversation_id in list(waiting.values_list("pk", flat=True))
        if LiveConversation.objects.filter(pk=conversation_id, status=Status.WAITING).update(
            status=Status.OFFLINE
        )
    ]
    if moved:
        frame = state.offline_status_frame()
        for conversation_id in moved:
            broadcast.visitor_status(conversation_id, frame)
        publish_queue()
        logger.info("Offered %s waiting visitors to leave a message", len(moved))
    return len(moved)


def do_housekeeping() -> None:
    """Closes idle visitor conversations and warns those soon to be closed, offers long
    waits a message instead, forgets sockets of vanished processes and address hashes
    no bound needs any more, and marks gone the visitors whose reconnect grace ran out."""
    presence.forget_stale_sockets()
    visitor_sockets.forget_stale_visitor_sockets()
    visitor_sockets.do_expire_visitor_presence()
    admission.forget_old_addresses()
    do_offer_messages()
    idle = Conversation.objects.filter(
        live__status__in=idle_chats.CLOSED_WHEN_IDLE,
        last_activity_at__lt=idle_chats.idle_cutoff(timezone_now()),
    ).values_list("pk", flat=True)
    closed = sum(
        _close(conversation_id, _("This chat was closed because it was inactive."), EndedBy.IDLE)
        for conversation_id in list(idle)
    )
    if closed:
        logger.info("Closed %s idle conversations", closed)
    idle_chats.do_warn_idle()
