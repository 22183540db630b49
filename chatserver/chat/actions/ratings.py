"""The visitor's rating of a finished chat."""

import logging

from chatserver.chat.errors import ChatError
from transcripts.record import store
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)


def do_rate_conversation(conversation: Conversation, score: int, comment: str | None) -> None:
    """Stores the rating of a closed conversation (once); the comment is sealed."""
    if conversation.is_open:
        raise ChatError("a chat can be rated once it has ended")
    store.rate_conversation(conversation.pk, score=score, comment=comment)
    logger.info("Conversation %s was rated", conversation.pk)
