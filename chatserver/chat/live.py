"""The chat's live state follows the record: made with each conversation, cleared by its
erasure (in the erasing transaction, answering the record's ``erasing`` signal)."""

import uuid
from typing import Any

from django.db.models.signals import post_save

from chatserver.chat.models import LiveConversation
from transcripts.record import signals
from transcripts.record.models import Conversation


def create_live_state(sender: Any, *, instance: Conversation, created: bool, **kwargs: Any) -> None:
    if created and not kwargs.get("raw"):
        LiveConversation.objects.get_or_create(conversation=instance)


def clear_on_erasure(
    sender: Any, *, conversation_id: uuid.UUID, erased: bool, **kwargs: Any
) -> None:
    """An erased conversation is closed, with no emergency left flagged nor prompt open; an aged one
    (``erased`` False) no longer waits for a reply."""
    live = LiveConversation.objects.filter(conversation_id=conversation_id)
    if not erased:
        live.update(awaiting_reply=False)
        return
    live.update(
        status=LiveConversation.Status.CLOSED,
        waiting_since=None,
        awaiting_reply=False,
        awaiting_dismissal=False,
        emergency="",
        emergency_categories=[],
        case_prompts=[],
    )


def connect() -> None:
    post_save.connect(create_live_state, sender=Conversation, dispatch_uid="chat-live-state")
    signals.erasing.connect(clear_on_erasure, dispatch_uid="chat-live-erased")
