"""Before an idle chat closes (``CHAT_VISITOR_IDLE_SECONDS`` with nothing said), the
visitor is warned and may keep it open (WCAG 2.2.1, timing adjustable)."""

import logging
import math
from datetime import datetime, timedelta

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


def idle_cutoff(now: datetime) -> datetime:
    """Conversations whose last line is older than this are closed as idle."""
    return now - timedelta(seconds=settings.CHAT_VISITOR_IDLE_SECONDS)


def warning_bounds(now: datetime) -> tuple[datetime, datetime]:
    """The last lines (from, before) of the conversations to warn at ``now``: those that
    will be closed within the warning time and two housekeeping rounds."""
    ahead = timedelta(
        seconds=settings.CHAT_VISITOR_IDLE_WARNING_SECONDS + 2 * settings.CHAT_HOUSEKEEPING_SECONDS
    )
    return idle_cutoff(now), idle_cutoff(now) + ahead


def idle_warning_frame(last_activity: datetime, now: datetime) -> protocol.IdleWarningFrame:
    closes_at = last_activity + timedelta(seconds=settings.CHAT_VISITOR_IDLE_SECONDS)
    return {
        "type": "idle_warning",
        "closes_at": protocol.iso(closes_at),
        "closes_in": max(0, math.ceil((closes_at - now).total_seconds())),
    }


def do_warn_idle() -> int:
    """Warns the visitors whose conversations will be closed as idle soon, again at
    every round until something is said.

    A round comes at most two rounds' time after the one before (it sleeps one, then
    works), so the first round that warns comes at least
    ``CHAT_VISITOR_IDLE_WARNING_SECONDS`` before the round that closes. A warning is no
    activity, and neither is the widget's heartbeat."""
    now = timezone_now()
    oldest, newest = warning_bounds(now)
    due = Conversation.objects.filter(
        live__status__in=CLOSED_WHEN_IDLE,
        last_activity_at__gte=oldest,
        last_activity_at__lt=newest,
    ).values_list("pk", "last_activity_at")
    warned = 0
    for conversation_id, last_activity in due:
        broadcast.idle_warning(conversation_id, idle_warning_frame(last_activity, now))
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
