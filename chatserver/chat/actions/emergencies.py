"""Clearing an emergency flag that was a false alarm (flags are set as lines are stored,
in ``messages``)."""

import logging

from django.contrib.auth.models import User
from django.db import transaction

from chatserver.chat import broadcast
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from transcripts.compliance import audit
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)


class NotAnEmergency(ChatError):
    """The conversation carries no emergency flag."""


def do_clear_emergency(agent: User, conversation: Conversation) -> None:
    """The agent clears the flag (audited); the categories already advised on stay
    known, so the same words do not flag the conversation again."""
    with transaction.atomic():
        cleared = (
            LiveConversation.objects.filter(conversation_id=conversation.pk)
            .exclude(emergency="")
            .update(emergency="")
        )
        if not cleared:
            raise NotAnEmergency("this conversation is not flagged as an emergency")
        audit.record(audit.EMERGENCY_CLEARED, actor_id=agent.pk, conversation_id=conversation.pk)
        agent_id = conversation.live.assigned_agent_id
        if agent_id is not None:
            transaction.on_commit(lambda: broadcast.emergency(agent_id, conversation.pk, ""))
        transaction.on_commit(publish_queue)
    logger.info("Agent %s cleared the emergency flag of %s", agent.pk, conversation.pk)
