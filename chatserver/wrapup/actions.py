"""Writing wrap-ups: with the agent's close (``conversations.do_close_by_agent`` calls
``record`` inside its transaction) or afterwards, for a chat the visitor ended."""

import logging
import uuid
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from chatserver.chat import broadcast
from chatserver.chat.access import ConversationNotFound, NotYourConversation
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from chatserver.integrations import events, kinds
from chatserver.wrapup import choices
from chatserver.wrapup.models import WrapUp

logger = logging.getLogger(__name__)

ALREADY_WRAPPED_UP = "this chat has already been wrapped up"
STILL_OPEN = "this chat is still open: close it, giving the wrap-up with the close"


def check_policy(request: choices.WrapUpRequest | None) -> None:
    """Refuses a close without a wrap-up while a supervisor requires one."""
    if request is None and choices.required():
        raise ChatError(choices.REQUIRED)


def check_dismissal(conversation_id: uuid.UUID) -> None:
    """Refuses to take an ended chat off the agent's screen without its wrap-up while a
    supervisor requires one."""
    if choices.required() and not WrapUp.objects.filter(conversation_id=conversation_id).exists():
        raise ChatError(choices.REQUIRED)


def record(
    live: LiveConversation,
    agent: AbstractBaseUser,
    request: choices.WrapUpRequest,
    closed_at: datetime,
) -> WrapUp:
    """Writes the wrap-up of ``live`` (locked by the caller, in its transaction) and tells
    the agent's consoles once it commits."""
    if WrapUp.objects.filter(conversation_id=live.pk).exists():
        raise ChatError(ALREADY_WRAPPED_UP)
    resolved = choices.resolve(request)
    wrap_up = WrapUp.objects.create(
        conversation_id=live.pk,
        reason=resolved.reason,
        outcome=resolved.outcome,
        agent_id=agent.pk,
        team_id=live.team_id,
        topic_id=live.topic_id,
        wrapped_at=timezone.now(),
        closed_on=timezone.localdate(closed_at),
    )
    wrap_up.tags.set(resolved.tags)
    agent_id, conversation_id = agent.pk, live.pk
    transaction.on_commit(lambda: broadcast.wrapped_up(agent_id, conversation_id))
    return wrap_up


def do_wrap_up(
    agent: AbstractBaseUser, conversation_id: uuid.UUID, request: choices.WrapUpRequest
) -> WrapUp:
    """The wrap-up of a chat that closed while assigned to ``agent`` (the visitor ended it,
    left by quick exit, or it closed when idle) and has none yet."""
    with transaction.atomic():
        # Only the live row is locked: writers lock the record's row before the live one,
        # and this read of the record's row (its close time) must not take them in reverse.
        live = (
            LiveConversation.objects.select_for_update(of=("self",))
            .select_related("conversation")
            .filter(pk=conversation_id)
            .first()
        )
        if live is None:
            raise ConversationNotFound("no such conversation")
        if live.assigned_agent_id != agent.pk:
            raise NotYourConversation("this conversation is not assigned to you")
        if live.status != LiveConversation.Status.CLOSED:
            raise ChatError(STILL_OPEN)
        closed_at = live.conversation.closed_at or timezone.now()
        wrap_up = record(live, agent, request, closed_at)
        events.conversation_event(
            kinds.CONVERSATION_WRAPPED_UP, conversation_id, wrap_up=events.wrap_up_facts(live.pk)
        )
        # Wrapped up, a chat the visitor ended leaves the agent's screen.
        if LiveConversation.objects.filter(pk=conversation_id, awaiting_dismissal=True).update(
            awaiting_dismissal=False
        ):
            transaction.on_commit(lambda: broadcast.dismissed(agent.pk, conversation_id))
    logger.info("Conversation %s wrapped up after it closed", conversation_id)
    return wrap_up
