"""The chat's part of a subject-access export: what it holds about a conversation."""

from typing import Any

from chatserver.chat.models import Rating
from transcripts.compliance import export_sections
from transcripts.record.models import Conversation


def live_section(conversation: Conversation) -> dict[str, Any]:
    """The visitor's language, the emergency flags and the rating of a conversation."""
    rating = Rating.objects.filter(conversation_id=conversation.pk).first()
    return {
        "language": conversation.live.language,
        "emergency_flags": list(conversation.live.emergency_categories),
        "rating": {"score": rating.score, "at": rating.rated_at.isoformat()} if rating else None,
    }


def register() -> None:
    export_sections.register(live_section)
