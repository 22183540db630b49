"""What other apps hold about a conversation, for the subject-access export.

Compliance never imports the chat, yet the export must hold everything kept about the
subject: the chat's live data (the visitor's language, the emergency flags, the rating).
An app registers a section from its ``AppConfig.ready()``; a section gives some of
the conversation's ``LIVE_DEFAULTS`` keys, and a key no section gives keeps its default.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings

from transcripts.record.models import Conversation

ExportSection = Callable[[Conversation], dict[str, Any]]

_sections: list[ExportSection] = []


def live_defaults() -> dict[str, Any]:
    """The export's keys for live data, as they read when no app holds any."""
    return {
        "language": settings.LANGUAGE_CODE,
        "emergency_flags": [],
        "rating": None,
        "handled_by": [],
    }


def register(section: ExportSection) -> None:
    """Adds an app's section to every export (once, however often ``ready()`` runs)."""
    if section not in _sections:
        _sections.append(section)


def live_data(conversation: Conversation) -> dict[str, Any]:
    """The live-data keys of a conversation's export, filled in by the registered sections."""
    values = live_defaults()
    for section in _sections:
        given = section(conversation)
        unknown = given.keys() - values.keys()
        if unknown:
            raise ValueError(f"export section {section!r} gives unknown keys {sorted(unknown)}")
        values.update(given)
    return values
