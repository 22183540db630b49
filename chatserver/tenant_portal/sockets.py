"""The visitor socket's two calls into the portal: an assertion in ``hello`` checked (and
used) once, and the tenant it vouched for marked on the socket's conversation."""

import uuid
from typing import Any

from channels.db import database_sync_to_async

from chatserver.tenant_portal import actions
from chatserver.tenant_portal.verifier import Verified

__all__ = ["Verified", "check_hello", "vouch"]


async def check_hello(content: dict[str, Any]) -> Verified | None:
    """The tenant of the ``assertion`` in a ``hello`` frame; None when there is none or it
    is refused (audited; the visitor is not told, the chat is an ordinary one)."""
    if content.get("assertion") is None:
        return None
    tenant: Verified | None = await database_sync_to_async(actions.do_check_assertion)(
        content["assertion"]
    )
    return tenant


async def vouch(conversation_id: uuid.UUID | None, tenant: Verified | None) -> None:
    """Marks the socket's open conversation verified by the portal, when it has a tenant."""
    if tenant is not None and conversation_id is not None:
        await database_sync_to_async(actions.do_verify_conversation)(conversation_id, tenant)
