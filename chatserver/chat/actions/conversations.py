"""A conversation's life: starting, ending, closing and closing when idle."""

import logging
import uuid
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast, protocol, state
from chatserver.chat.access import display_name
from chatserver.chat.actions import presence
from chatserver.chat.actions.messages import append_system
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.actions.routing import do_route_waiting
from transcripts import store
from transcripts.models import Conversation

logger = logging.getLogger(__name__)
Status = Conversation.Status


def do_start_conversation(
    *,
    session_hash: str,
    details: Mapping[str, str | None] | None,
    diagnostics: Mapping[str, str | None] | None,
) -> Conversation:
    """Opens a conversation: waiting when an agent is available, else offline."""
    status = Status.WAITING if state.available_presences().exists() else Status.OFFLINE
    with transaction.atomic():
        conversation = store.create_conversation(
            status=status, details=details, diagnostics=diagnostics, session_id_hash=session_hash
        )
        transaction.on_commit(publish_queue)
    logger.info("Conversation %s started (%s)", conversation.pk, status)
    if status == Status.WAITING:
        do_route_waiting()
    return Conversation.objects.select_related("assigned_agent").get(pk=conversation.pk)


def _close(conversation_id: uuid.UUID, text: str) -> bool:
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if conversation.status == Status.CLOSED:
            return False
        was_queued = conversation.status in state.QUEUE_STATUSES
        Conversation.objects.filter(pk=conversation_id).update(
            status=Status.CLOSED, closed_at=timezone_now(), waiting_since=None
        )
        append_system(conversation, text)
        agent_id = conversation.assigned_agent_id
        transaction.on_commit(
            lambda: broadcast.visitor_status(conversation_id, protocol.status_frame(Status.CLOSED))
        )
        if agent_id is not None:
            transaction.on_commit(
                lambda: broadcast.agent_status(
                    agent_id, protocol.status_frame(Status.CLOSED, conversation_id=conversation_id)
                )
            )
        if was_queued:
            transaction.on_commit(publish_queue)
    logger.info("Conversation %s closed", conversation_id)
    do_route_waiting()
    return True


def do_end_by_visitor(conversation: Conversation) -> bool:
    return _close(conversation.pk, "The visitor ended the chat.")


def do_close_by_agent(agent: User, conversation: Conversation) -> bool:
    return _close(conversation.pk, f"{display_name(agent)} closed the chat.")


def do_housekeeping() -> None:
    """Closes idle visitor conversations and forgets sockets of vanished processes."""
    presence.forget_stale_sockets()
    cutoff = timezone_now() - timedelta(seconds=settings.CHAT_VISITOR_IDLE_SECONDS)
    idle = Conversation.objects.filter(
        status__in=(Status.WAITING, Status.ACTIVE), last_activity_at__lt=cutoff
    ).values_list("pk", flat=True)
    closed = sum(
        _close(conversation_id, "This chat was closed because it was inactive.")
        for conversation_id in list(idle)
    )
    if closed:
        logger.info("Closed %s idle conversations", closed)
