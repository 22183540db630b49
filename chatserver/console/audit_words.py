"""The audit log's details in words for the dashboard: counts, reasons and dates as a
reader says them; ids and digests (a recipient's blind index) are not shown."""

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.template.defaultfilters import pluralize
from django.utils import dateformat, timezone

from chatserver.casework.models import ExtensionReason
from chatserver.console.forms import HOLD_READ_AND_REQUEST_WORDS
from transcripts.compliance.models import shown_reference

HIDDEN = {"recipient_index", "photo"}


def _counted(count: Any, noun: str) -> str:
    return f"{count} {noun}{pluralize(count)}"


def _when(value: str) -> str:
    """An ISO date or time as words, a time in the local zone."""
    try:
        if "T" in value:
            moment = timezone.localtime(datetime.fromisoformat(value))
            return dateformat.format(moment, r"j F Y \a\t H:i")
        return dateformat.format(date.fromisoformat(value), "j F Y")
    except ValueError:
        return value


_CASE_WORDS: dict[str, Callable[[Any], str | None]] = {
    "case": lambda value: f"case {shown_reference(str(value))}",
    "stage": lambda value: f"stage {value}" if value else None,
    "in_time": lambda value: "in time" if value else "late",
    "extension_reason": lambda value: (
        "reason: " + str(dict(ExtensionReason.choices).get(str(value), value))
    ),
}


def _phrase(key: str, value: Any, detail: dict[str, Any]) -> str | None:
    """One detail in words, or None for one not worth showing."""
    if key in HIDDEN or value in (None, "", [], {}):
        return None
    if key == "conversations":
        return _counted(value, "conversation")
    if key in ("deadline", "until"):
        return f"{'due' if key == 'deadline' else 'until'} {_when(str(value))}"
    if key == "reason":
        return f"reason: {HOLD_READ_AND_REQUEST_WORDS.get(str(value), str(value))}"
    if key in _CASE_WORDS:
        return _CASE_WORDS[key](value)
    if key == "part" and "seq" not in detail:
        return "the thumbnail of a photo" if value == "thumbnail" else "a photo in full"
    if key == "seq":
        return f"{detail.get('part', 'line')} {value}"
    if key in ("withheld", "held_overridden"):
        return f"{_counted(value, 'item' if key == 'withheld' else 'held conversation')} " + (
            "withheld" if key == "withheld" else "overridden"
        )
    if key == "live" and value is True:
        return "while the chat was open"
    words = key.replace("_", " ")
    shown = _when(value) if isinstance(value, str) else value
    if isinstance(value, list):
        shown = ", ".join(str(item).replace("_", " ") for item in value)
    return f"{words}: {str(shown).replace('_', ' ') if key in ('kind', 'outcome') else shown}"


def describe(detail: dict[str, Any]) -> str:
    """An audit entry's details as a short sentence."""
    phrases = [_phrase(key, value, detail) for key, value in detail.items()]
    shown = [phrase for phrase in phrases if phrase and not phrase.startswith("part: ")]
    sentence = "; ".join(shown)
    return sentence[:1].upper() + sentence[1:]
