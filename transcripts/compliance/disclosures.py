"""The disclosure register: conversations given to third parties, and what they got.

A supervisor records the recipient, the lawful basis, the requester's reference and
what was disclosed; the archive handed over is produced in the same step, so no
disclosure leaves without its record. Special-category conversations need the
condition relied on (explicit consent or an art. 9 / Schedule 1 condition) as well.
Both the record and the read are in the audit log.
"""

import logging
from dataclasses import dataclass

from django.db import transaction

from transcripts.compliance import audit, subject_rights
from transcripts.compliance.models import Disclosure
from transcripts.record.errors import StoreError
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)


class DisclosureRefused(StoreError):
    """The disclosure cannot be made as asked; the message says why."""


@dataclass(frozen=True)
class DisclosureRequest:
    recipient: str
    lawful_basis: str
    reference: str
    scope: str
    special_category_basis: str = ""


def disclose(
    conversation: Conversation, request: DisclosureRequest, *, actor_id: int
) -> tuple[Disclosure, bytes]:
    """Records the disclosure and returns it with the archive to hand over."""
    if conversation.erased_at is not None:
        raise DisclosureRefused("this conversation was erased: there is nothing to disclose")
    if conversation.special_category and not request.special_category_basis.strip():
        raise DisclosureRefused(
            "this conversation holds special-category data: record the explicit consent "
            "or the condition (UK GDPR art. 9, DPA 2018 Schedule 1) the disclosure relies on"
        )
    with transaction.atomic():
        disclosure = Disclosure.objects.create(
            conversation=conversation,
            recipient=request.recipient.strip(),
            lawful_basis=request.lawful_basis,
            reference=request.reference.strip(),
            scope=request.scope,
            special_category_basis=request.special_category_basis.strip(),
            disclosed_by_id=actor_id,
        )
        archive = subject_rights.conversation_archive(
            conversation,
            with_details=request.scope == Disclosure.Scope.TRANSCRIPT,
            title=f"Disclosure to {disclosure.recipient} (reference {disclosure.reference})",
        )
        audit.record(
            audit.DISCLOSURE_RECORDED,
            actor_id=actor_id,
            conversation_id=conversation.pk,
            disclosure=str(disclosure.pk),
            basis=disclosure.lawful_basis,
        )
        audit.record(
            audit.TRANSCRIPT_READ,
            actor_id=actor_id,
            conversation_id=conversation.pk,
            reason="disclosure",
        )
    logger.info("Conversation %s disclosed (%s)", conversation.pk, disclosure.pk)
    return disclosure, archive
