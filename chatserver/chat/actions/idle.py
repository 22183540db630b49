"""Before an idle chat closes (``CHAT_VISITOR_IDLE_SECONDS`` with nothing said), the
visitor is warned and may keep it open (WCAG 2.2.1, timing adjustable)."""

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast, protocol
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)
Status = LiveConversation.Status
# The conversations housekeeping closes when idle.
CLOSED_WHEN_IDLE = (Status.WAITING, Status.ACTIVE)


def do_warn_idle() -> int:
    """Warns the visitors whose conversations will be closed as idle within the warning
    time and two housekeeping rounds, again at every round until something is said.

    The round that closes a conversation comes at least one round after the first that
    warned it, so the warning always comes at least ``CHAT_VISITOR_IDLE_WARNING_SECONDS``
    before the close, however the rounds fall. A warning is no activity, and neither is
    the widget's heartbeat."""
    now = timezone_now()
    idle = timedelta(seconds=settings.CHAT_VISITOR_IDLE_SECONDS)
    ahead = timedelta(
        seconds=settings.CHAT_VISITOR_IDLE_WARNING_SECONDS + 2 * settings.CHAT_HOUSEKEEPING_SECONDS
    )
    due = Conversation.objects.filter(
        live__status__in=CLOSED_WHEN_IDLE,
        last_activity_at__lt=now - idle + ahead,
        last_activity_at__gte=now - idle,
    ).values_list("pk", "last_activity_at")
    warned = 0
    for conversation_id, last_activity in due:
        closes_at = last_activity + idle
        frame: protocol.IdleWarningFrame = {
            "type": "idle_warning",
            "closes_at": protocol.iso(closes_at),
            "closes_in": max(0, math.ceil((closes_at - now).total_seconds())),
        }
        broadcast.idle_warning(conversation_id, frame)
        warned += 1
    return warned


def do_keep_open(conversation: Conversation) -> None:
    """The visitor chose to keep the chat open: its idle time starts again, and every
    socket of the visitor's is told (``kept_open``) so each takes its warning down."""
    with transaction.atomic():
        kept = Conversation.objects.filter(
            pk=conversation.pk, live__status__in=(*CLOSED_WHEN_IDLE, Status.OFFLINE)
        ).update(last_activity_at=timezone_now())
        if not kept:
            raise ChatError("the conversation is closed")
        transaction.on_commit(lambda: broadcast.kept_open(conversation.pk))
    logger.info("Conversation %s kept open", conversation.pk)
