"""The queue as routing weighs it: which queued conversations a routing round may give
an agent, with what it matches on (team, language, the Welsh offer)."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from chatserver.chat import availability, hours
from chatserver.chat.models import LiveConversation
from chatserver.chat.state import in_queue_order
from transcripts.record.models import Conversation

Status = LiveConversation.Status


@dataclass(frozen=True)
class Routable:
    """A queued conversation as routing weighs it."""

    pk: uuid.UUID
    status: str
    team_id: int | None
    language: str
    welsh_choice: str
    offered: bool


def routable(*, only_actionable: bool = False) -> list[Routable]:
    """What routing may give an agent, in queue order: waiting conversations and, while
    the chat is open, offline ones whose visitor is still on the page. With
    ``only_actionable`` (manual routing, which assigns nothing) only those a round may
    change: offline ones on the page, and chats in another language never offered."""
    on_page = Q(live__status=Status.OFFLINE) & Q(availability.visitor_on_page())
    queued = Q(live__status=Status.WAITING)
    if only_actionable:
        queued &= Q(live__welsh_offered_at=None) & ~Q(live__language=settings.LANGUAGE_CODE)
    if hours.opening().is_open:
        queued |= on_page
    rows = in_queue_order(Conversation.objects.filter(queued)).values_list(
        "pk",
        "live__status",
        "live__team_id",
        "live__language",
        "live__welsh_choice",
        "live__welsh_offered_at",
    )
    return [
        Routable(pk, status, team_id, language, choice, offered_at is not None)
        for pk, status, team_id, language, choice, offered_at in rows
    ]
