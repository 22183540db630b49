"""The read side of topics and teams: what the widget offers, what agents see of a
chat's topic and team, and the Welsh offer's state (``state`` uses these)."""

import uuid

from chatserver.chat import protocol
from chatserver.chat.models import LiveConversation
from chatserver.teams.models import Topic

QUEUE_STATUSES = LiveConversation.QUEUE_STATUSES


def offer_pending(conversation_id: uuid.UUID) -> bool:
    """Whether the Welsh offer was made and awaits its answer while the chat is queued."""
    return LiveConversation.objects.filter(
        pk=conversation_id,
        welsh_offered_at__isnull=False,
        welsh_choice="",
        status__in=QUEUE_STATUSES,
    ).exists()


def add_topic_fields(frame: protocol.WelcomeConversation, live: LiveConversation) -> None:
    """The welcome's ``topic`` and ``language_offer`` (an offer not answered yet)."""
    if live.topic is not None:
        frame["topic"] = live.topic.slug
    if live.welsh_offered_at and not live.welsh_choice and live.status in QUEUE_STATUSES:
        frame["language_offer"] = True


def visitor_topics() -> list[protocol.TopicOption]:
    """The topics the widget offers, with their labels in English and Welsh."""
    return [
        {"slug": topic.slug, "labels": {"en-gb": topic.label, "cy": topic.label_cy}}
        for topic in Topic.objects.all()
    ]


def agent_topics() -> list[protocol.TopicRef]:
    return [{"slug": topic.slug, "label": topic.label} for topic in Topic.objects.all()]


def topic_ref(live: LiveConversation) -> protocol.TopicRef | None:
    """A conversation object's ``topic``."""
    topic = live.topic
    return {"slug": topic.slug, "label": topic.label} if topic is not None else None


def team_name(live: LiveConversation) -> str | None:
    return live.team.name if live.team is not None else None
