"""What the chat does when the record changes underneath it (storage signals)."""

from typing import Any

from chatserver.chat import broadcast
from chatserver.chat.actions.queue import publish_queue
from transcripts import signals
from transcripts.models import Conversation


def announce_destroyed_keys(
    sender: Any, *, conversation_ids: list[str], erased: bool, **kwargs: Any
) -> None:
    """Every process forgets the keys; an erased conversation leaves its sockets and
    the queue at once."""
    broadcast.keys_destroyed(conversation_ids)
    if not erased:
        return
    agents = {
        str(pk): agent_id
        for pk, agent_id in Conversation.objects.filter(pk__in=conversation_ids).values_list(
            "pk", "assigned_agent_id"
        )
    }
    for conversation_id in conversation_ids:
        broadcast.conversation_erased(conversation_id, agents.get(conversation_id))
    publish_queue()


def connect() -> None:
    signals.keys_destroyed.connect(announce_destroyed_keys, dispatch_uid="chat-destroyed-keys")
