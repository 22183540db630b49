"""The visitor's rating of a finished chat."""

import logging

from django.db import transaction

from chatserver.casework import prompts as case_prompts
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation, Rating
from chatserver.integrations import events, kinds
from transcripts.record import store
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)


def do_rate_conversation(conversation: Conversation, score: int, comment: str | None) -> None:
    """Stores the rating of a closed conversation (once); the comment is sealed. A low
    score prompts the agent who had the chat to offer the complaint choice."""
    if conversation.live.is_open:
        raise ChatError("a chat can be rated once it has ended")
    with transaction.atomic():
        # Locks the conversation and refuses an erased one before anything is stored.
        store.rate_conversation(conversation.pk, comment=comment)
        if Rating.objects.filter(conversation_id=conversation.pk).exists():
            raise store.AlreadyRated("this chat has already been rated")
        agent_id = (
            LiveConversation.objects.filter(pk=conversation.pk)
            .values_list("assigned_agent_id", flat=True)
            .get()
        )
        Rating.objects.create(conversation_id=conversation.pk, score=score, agent_id=agent_id)
        case_prompts.raise_rating_prompt(conversation.pk, score)
        events.conversation_event(kinds.CONVERSATION_RATED, conversation.pk, score=score)
    logger.info("Conversation %s was rated", conversation.pk)
