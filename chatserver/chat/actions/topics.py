"""What a chat is about (its topic, and so its team) and the Welsh visitor's choice when
no Welsh speaker is free.

Both are non-personal facts about the chat, kept on its live state for routing and
statistics: neither is audited (no personal data is read or changed).
"""

import logging

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast, protocol, state
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.actions.routing import do_route_waiting
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation, WelshChoice
from chatserver.teams.models import Topic
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)
Status = LiveConversation.Status


def topic_by_slug(slug: str | None) -> Topic | None:
    """The topic named ``slug`` (None for None); an unknown one is refused."""
    if slug is None:
        return None
    found = Topic.objects.select_related("team").filter(slug=slug).first()
    if found is None:
        raise ChatError("no such topic")
    return found


def _set_topic(conversation: Conversation, topic: Topic | None, *, queued_only: bool) -> bool:
    """Sets the topic and the topic's team (both cleared with None); False when the
    conversation is not (or no longer) in a state that allows it."""
    statuses = state.QUEUE_STATUSES if queued_only else (Status.ACTIVE,)
    return bool(
        LiveConversation.objects.filter(pk=conversation.pk, status__in=statuses).update(
            topic=topic, team=topic.team if topic is not None else None
        )
    )


def do_visitor_topic(conversation: Conversation, slug: str | None) -> None:
    """The visitor says what the chat is about while it is queued; it is routed to the
    topic's team. Once an adviser has the chat, only they change it."""
    topic = topic_by_slug(slug)
    with transaction.atomic():
        if not _set_topic(conversation, topic, queued_only=True):
            raise ChatError("the topic can be chosen only while waiting for an adviser")
        transaction.on_commit(publish_queue)
    logger.info("Conversation %s topic chosen by the visitor", conversation.pk)
    do_route_waiting()


def topic_frame(conversation_id: str, topic: Topic | None) -> protocol.AgentTopicSetFrame:
    return {
        "type": "topic",
        "conversation_id": conversation_id,
        "topic": {"slug": topic.slug, "label": topic.label} if topic is not None else None,
        "team": topic.team.name if topic is not None else None,
    }


def do_agent_topic(agent: User, conversation: Conversation, slug: str | None) -> None:
    """The assigned agent sets or changes the topic, and so the chat's team."""
    topic = topic_by_slug(slug)
    with transaction.atomic():
        if not _set_topic(conversation, topic, queued_only=False):
            raise ChatError("the conversation is not active")
        frame = topic_frame(str(conversation.pk), topic)
        transaction.on_commit(lambda: broadcast.topic_changed(agent.pk, frame))
    logger.info("Conversation %s topic set by agent %s", conversation.pk, agent.pk)


def do_choose_language(conversation: Conversation, choice: str) -> None:
    """The visitor's answer to the Welsh offer, recorded on the live state: wait for a
    Welsh speaker, continue in English (any agent of the team may take it) or leave a
    message (the chat goes offline, as when no adviser is free)."""
    if choice not in WelshChoice.values:
        raise ChatError("choice must be wait, english or message")
    with transaction.atomic():
        live = LiveConversation.objects.select_for_update().get(pk=conversation.pk)
        if live.welsh_offered_at is None or live.status not in state.QUEUE_STATUSES:
            raise ChatError("there is no language choice to make now")
        status = Status.OFFLINE if choice == WelshChoice.MESSAGE else Status.WAITING
        LiveConversation.objects.filter(pk=conversation.pk).update(
            welsh_choice=choice,
            status=status,
            waiting_since=live.waiting_since if status == live.status else timezone_now(),
        )
        if status == Status.OFFLINE:
            frame = state.offline_status_frame()
            transaction.on_commit(lambda: broadcast.visitor_status(conversation.pk, frame))
        transaction.on_commit(publish_queue)
    logger.info("Conversation %s: Welsh choice %s", conversation.pk, choice)
    if status == Status.WAITING:
        do_route_waiting()
