"""The chat's part of a subject-access export: what it holds about a conversation."""

from typing import Any

from chatserver.chat.models import Rating
from transcripts.compliance import export_sections
from transcripts.record.models import Conversation


def live_section(conversation: Conversation) -> dict[str, Any]:
    """The visitor's language, the emergency flags, the rating of a conversation and the
    staff who handled it (by full name, else username, as the export names staff)."""
    rating = Rating.objects.filter(conversation_id=conversation.pk).first()
    handlers = conversation.live.handled_by.order_by("pk")
    return {
        "handled_by": [user.get_full_name() or user.get_username() for user in handlers],
        "language": conversation.live.language,
        "emergency_flags": list(conversation.live.emergency_categories),
        "rating": {"score": rating.score, "at": rating.rated_at.isoformat()} if rating else None,
    }


def register() -> None:
    export_sections.register(live_section)
