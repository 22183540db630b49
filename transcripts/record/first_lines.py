"""The first line each visitor wrote, for agents to triage the queue by.

Part of the store (``transcripts.record.store`` exports it). The lines are read sealed,
as they are stored, so that they can cross the channel layer like any other line, and
opened only where they are shown, with the keys the database still holds.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Min, OuterRef, Subquery

from transcripts.record import sealing
from transcripts.record.models import Message

VISITOR = Message.Sender.VISITOR


@dataclass(frozen=True)
class SealedLine:
    conversation_id: uuid.UUID
    seq: int
    envelope: bytes


def first_visitor_lines(conversation_ids: Iterable[uuid.UUID | str]) -> list[SealedLine]:
    """The first visitor line of each conversation that has one still sealed (one query);
    a conversation whose first line is masked or erased has none."""
    first_seq = (
        Message.objects.filter(conversation_id=OuterRef("conversation_id"), sender=VISITOR)
        .order_by()
        .values("conversation_id")
        .annotate(first=Min("seq"))
        .values("first")
    )
    rows = (
        Message.objects.filter(conversation_id__in=list(conversation_ids), sender=VISITOR)
        .filter(seq=Subquery(first_seq[:1]), masked_text=None)
        .exclude(body=None)
        .values_list("conversation_id", "seq", "body")
    )
    return [
        SealedLine(conversation_id, seq, bytes(body))
        for conversation_id, seq, body in rows
        if body is not None
    ]


def open_lines(lines: Sequence[SealedLine]) -> dict[str, str]:
    """The lines' text by conversation id; a line whose key is gone or unusable is left
    out (the store has logged which conversation, never the text)."""
    keys = sealing.StoredKeys()
    keys.preload(line.conversation_id for line in lines)
    opened: dict[str, str] = {}
    for line in lines:
        try:
            opened[str(line.conversation_id)] = keys.open(
                line.conversation_id,
                line.envelope,
                sealing.message_aad(line.conversation_id, line.seq),
            )
        except sealing.CryptoError:
            continue
    return opened
