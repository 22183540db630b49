"""The lines a transcript page offers as the one that made the landlord aware: the
visitor's and the agents' (never the chat's own notices or the agents' notes), newest
first, each as "19:09 visitor: there is black mould in the…". The words are those the page
already shows its reader; the live dialog cuts them the same way (casework-choice.js)."""

from collections.abc import Iterable

from django.utils import timezone

from transcripts.record.messages import StoredMessage
from transcripts.record.models import Message

EXCERPT_LENGTH = 60
PEOPLE = frozenset({Message.Sender.VISITOR, Message.Sender.AGENT})


def excerpt(text: str) -> str:
    """The words on one line, cut to EXCERPT_LENGTH characters with "…"."""
    words = " ".join(text.split())
    if not words:
        return "[no words]"
    if len(words) > EXCERPT_LENGTH:
        return f"{words[: EXCERPT_LENGTH - 1].rstrip()}…"
    return words


def line_choices(messages: Iterable[StoredMessage]) -> list[tuple[int, str]]:
    """(number, label) of each line an agent may choose, newest first."""
    chosen = sorted(
        (message for message in messages if message.sender in PEOPLE),
        key=lambda message: message.seq,
        reverse=True,
    )
    return [
        (
            message.seq,
            f"{timezone.localtime(message.at):%H:%M} {message.sender}: "
            f"{'[photo]' if message.attachment else excerpt(message.text or '')}",
        )
        for message in chosen
    ]
