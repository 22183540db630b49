"""The tenant the landlord's portal vouched for: a sealed personal record of a conversation
(``personal_data.PORTAL_TENANT``), written once by ``vouch`` and read by ``read_portal_tenant``.
Part of the store (``transcripts.record.store`` exports it).

The tenancy reference and the display name come from a signed assertion, never from the
visitor; they are sealed under the conversation's data key like the visitor's details, so
erasure and ageing destroy them with it. The reference also gets a tenancy blind index, so
the DPO's search for a tenancy reference finds the conversation.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction

from transcripts.record import detail_indexes, sealing
from transcripts.record.details import read_record
from transcripts.record.models import Conversation, PortalTenant
from transcripts.record.personal_data import PORTAL_TENANT


@dataclass(frozen=True)
class PortalTenantView:
    tenancy_reference: str
    display_name: str | None = None


def vouch(conversation_id: uuid.UUID | str, reference: str, display_name: str | None) -> bool:
    """Seals the portal's tenant into an open, unerased conversation that has none yet;
    False (nothing written) otherwise: a conversation is verified once."""
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation_id)
        if conversation.erased_at is not None or conversation.aged_at is not None:
            return False
        if PortalTenant.objects.filter(conversation=conversation).exists():
            return False
        with sealing.Sealer(conversation) as sealer:
            sealed = sealer.seal_fields(
                PORTAL_TENANT, {"tenancy_reference": reference, "display_name": display_name}
            )
        PortalTenant.objects.create(conversation=conversation, **sealed)
        detail_indexes.save_line_rows(
            detail_indexes.portal_tenancy_rows(conversation.pk, reference)
        )
        return True


def read_portal_tenant(conversation_id: uuid.UUID | str) -> PortalTenantView | None:
    """The portal's tenant of the conversation; None when it has none or it is erased.
    Raises on tampering or a missing master key, like the details."""
    values = read_record(PORTAL_TENANT, conversation_id)
    if not values or "tenancy_reference" not in values:
        return None
    return PortalTenantView(values["tenancy_reference"], values.get("display_name"))
