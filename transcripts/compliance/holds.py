"""Legal holds: while one lasts, neither the retention job nor an erasure request
(without an override) touches the conversation. The rule is this module's query.

A conversation is held by the DPO's own hold (its ``legal_hold``, set and lifted in the
console) or by any standing hold of an open matter (``StandingHold``: a complaint or
hazard case), each lifted by its holder alone."""

import uuid
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Q

from transcripts.compliance import audit
from transcripts.compliance.models import StandingHold
from transcripts.record.errors import ConversationErased
from transcripts.record.models import Conversation


def active_hold(today: date) -> Q:
    """Conversations under a hold that has not ended by ``today`` (its end date counts)."""
    dpo_hold = Q(legal_hold=True) & (Q(legal_hold_until=None) | Q(legal_hold_until__gte=today))
    return dpo_hold | Q(pk__in=StandingHold.objects.values("conversation_id"))


def held(conversations: Iterable[Conversation], today: date) -> list[Conversation]:
    """Those of ``conversations`` under an active hold."""
    by_id = {conversation.pk: conversation for conversation in conversations}
    held_ids = set(
        Conversation.objects.filter(pk__in=by_id)
        .filter(active_hold(today))
        .values_list("pk", flat=True)
    )
    return [conversation for pk, conversation in by_id.items() if pk in held_ids]


def set_legal_hold(
    conversation_id: uuid.UUID | str,
    *,
    hold: bool,
    reason: str,
    actor_id: int | None,
    until: date | None = None,
) -> None:
    """Sets or lifts a hold, with an audit entry. An erased conversation cannot be held:
    nothing of it is left to keep (``ConversationErased``); a hold may still be lifted."""
    with transaction.atomic():
        if (
            hold
            and Conversation.objects.filter(pk=conversation_id).exclude(erased_at=None).exists()
        ):
            raise ConversationErased("the conversation was erased: nothing is left to hold")
        Conversation.objects.filter(pk=conversation_id).update(
            legal_hold=hold,
            legal_hold_reason=reason if hold else "",
            legal_hold_until=until if hold else None,
        )
        audit.record(
            audit.LEGAL_HOLD_SET if hold else audit.LEGAL_HOLD_LIFTED,
            actor_id=actor_id,
            conversation_id=conversation_id,
            reason=reason,
            until=until.isoformat() if hold and until else None,
        )


def place_standing_hold(conversation_id: uuid.UUID, *, holder: str, actor_id: int | None) -> None:
    """Holds the conversation for ``holder`` (in the caller's transaction), with an audit
    entry. An erased conversation cannot be held (``ConversationErased``)."""
    if Conversation.objects.filter(pk=conversation_id).exclude(erased_at=None).exists():
        raise ConversationErased("the conversation was erased: nothing is left to hold")
    _, placed = StandingHold.objects.get_or_create(conversation_id=conversation_id, holder=holder)
    if placed:
        audit.record(
            audit.LEGAL_HOLD_SET, actor_id=actor_id, conversation_id=conversation_id, holder=holder
        )


def lift_standing_hold(conversation_id: uuid.UUID, *, holder: str, actor_id: int | None) -> None:
    """Lifts ``holder``'s hold only: the DPO's and other holders' stay."""
    placed = StandingHold.objects.filter(conversation_id=conversation_id, holder=holder)
    deleted, _ = placed.delete()
    if deleted:
        audit.record(
            audit.LEGAL_HOLD_LIFTED,
            actor_id=actor_id,
            conversation_id=conversation_id,
            holder=holder,
        )
