"""The supervisors' live board: every agent's presence and load, and the queue's length.

Read side only (call it through ``database_sync_to_async``). Staff display names and
counts: no visitor's data.
"""

from typing import Literal

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from chatserver.chat import availability, protocol, state
from chatserver.chat.access import agents, display_name
from chatserver.chat.models import AgentPresence, AgentSocket, LiveConversation


def _open_chats() -> Coalesce:
    counted = (
        LiveConversation.objects.filter(
            assigned_agent_id=OuterRef("pk"), status=LiveConversation.Status.ACTIVE
        )
        .order_by()
        .values("assigned_agent_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted[:1]), Value(0), output_field=IntegerField())


def _status(online: bool, presence: str | None) -> Literal["available", "away", "offline"]:
    if not online:
        return "offline"
    return "available" if presence == AgentPresence.Status.AVAILABLE else "away"


def supervisor_board() -> protocol.BoardFrame:
    """Every active agent (supervisors too), by name, and how many chats wait."""
    online = AgentSocket.objects.filter(
        agent_id=OuterRef("pk"), seen_at__gte=availability.fresh_since()
    )
    presence = AgentPresence.objects.filter(agent_id=OuterRef("pk")).values("status")[:1]
    rows = (
        agents()
        .filter(is_active=True)
        .annotate(online=Exists(online), presence=Subquery(presence), open=_open_chats())
        .order_by("first_name", "username")
    )
    limit = settings.CHAT_AGENT_MAX_CONVERSATIONS
    return {
        "type": "board",
        "agents": [
            {
                "id": row.pk,
                "name": display_name(row),
                "status": _status(row.online, row.presence),
                "open": row.open,
                "max": limit,
            }
            for row in rows
        ],
        "waiting": LiveConversation.objects.filter(state.TAKEABLE_LIVE).count(),
    }
