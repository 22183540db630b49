"""The portal's writes: an assertion checked and used once (``do_check_assertion``), and
the tenant it vouched for sealed into a conversation (``do_verify_conversation``).

A refused assertion is audited with its reason only, never the token or any of its
claims; the chat goes on as an ordinary anonymous one and the visitor is not told why.
The jti of an accepted one is remembered in the database until the assertion expires, so
a second use is refused by every server process alike.
"""

import logging
import uuid

from django.db import IntegrityError, transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import broadcast
from chatserver.chat.models import LiveConversation
from chatserver.tenant_portal import config, verifier
from chatserver.tenant_portal.models import UsedAssertion
from transcripts.compliance import audit
from transcripts.record import store

logger = logging.getLogger(__name__)


@transaction.atomic
def do_check_assertion(token: object) -> verifier.Verified | None:
    """The tenant of a valid, unused assertion (now used); None, audited, otherwise."""
    portal = config.configured()
    outcome = verifier.verify(token, portal) if portal else verifier.Refused("not_configured")
    if isinstance(outcome, verifier.Verified) and not _first_use(outcome):
        outcome = verifier.Refused("replayed")
    if isinstance(outcome, verifier.Refused):
        audit.record(audit.PORTAL_ASSERTION_REFUSED, reason=outcome.reason)
        logger.info("A portal assertion was refused: %s", outcome.reason)
        return None
    return outcome


def _first_use(tenant: verifier.Verified) -> bool:
    """Remembers the assertion until it expires; False when it was already used."""
    UsedAssertion.objects.filter(expires_at__lt=timezone_now()).delete()
    try:
        with transaction.atomic():
            UsedAssertion.objects.create(digest=tenant.digest, expires_at=tenant.expires_at)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def do_verify_conversation(conversation_id: uuid.UUID, tenant: verifier.Verified) -> bool:
    """Marks the conversation "verified by the portal" with the tenant's reference (and
    display name), sealed; once per conversation, and only while it is open. The agent
    who has it is told. False when nothing was marked."""
    live = LiveConversation.objects.filter(conversation_id=conversation_id).first()
    if live is None or not live.is_open:
        return False
    if not store.vouch(conversation_id, tenant.reference, tenant.display_name):
        return False
    audit.record(audit.PORTAL_VERIFIED, conversation_id=conversation_id)
    agent_id = live.assigned_agent_id
    if agent_id is not None:
        transaction.on_commit(lambda: broadcast.details_changed(agent_id, conversation_id))
    return True
