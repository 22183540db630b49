"""Short references for a visitor's "Ask us to forget" receipt: eight characters of
Crockford's base 32 (40 random bits), shown as ``K7QM-2XPD``, which a tenant can read out
on the phone. Letters that look alike (O and 0, I, L and 1) read as one, so the DPO finds
a reference however it was typed; U is never used. The old receipts' request ids
still find their requests."""

import re
import secrets
import uuid
from collections.abc import Iterable

from django.db.models import Q

from transcripts.compliance.models import (
    CROCKFORD,
    REFERENCE_BITS,
    RequestConversations,
    SubjectRequest,
)
from transcripts.compliance.models import shown_reference as shown
from transcripts.record.models import Conversation

ALPHABET = CROCKFORD
LENGTH = 8
ALIKE = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """The reference as stored, or "" when ``typed`` cannot be one."""
    compact = re.sub(r"[\s\-]", "", typed).upper().translate(ALIKE)
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        return ""
    return compact


def link_conversations(
    request: SubjectRequest, conversation_ids: Iterable[uuid.UUID], *, with_reference: bool
) -> str:
    """Records which conversations ``request`` is for, with a new short reference when
    asked (a visitor's receipt); returns the reference as shown, or ""."""
    reference = None
    if with_reference:
        reference = new_reference()
        while RequestConversations.objects.filter(reference=reference).exists():
            reference = new_reference()
    linked = RequestConversations.objects.create(request=request, reference=reference)
    linked.conversations.set(Conversation.objects.filter(pk__in=list(conversation_ids)))
    return shown(reference) if reference else ""


def _id_range(reference: str) -> tuple[uuid.UUID, uuid.UUID]:
    """The ids whose first 40 bits are the reference's (``models.short_reference``)."""
    bits = 0
    for char in reference:
        bits = bits * len(ALPHABET) + ALPHABET.index(char)
    low = bits << (128 - REFERENCE_BITS)
    return uuid.UUID(int=low), uuid.UUID(int=low | ((1 << (128 - REFERENCE_BITS)) - 1))


def find_requests(typed: str) -> list[SubjectRequest]:
    """The requests a reference names: a receipt's or a letter's short reference, or the
    request's id (receipts given before short references were)."""
    try:
        return list(SubjectRequest.objects.filter(pk=uuid.UUID(typed.strip())))
    except ValueError:
        pass
    reference = normalise(typed)
    if not reference:
        return []
    named = Q(reached__reference=reference) | Q(pk__range=_id_range(reference))
    return list(SubjectRequest.objects.filter(named).distinct())
