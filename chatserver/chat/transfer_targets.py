"""Whom an agent can transfer a chat to now: the console's transfer dialog lists them.

Agents available with capacity (other than the asker) who may read the chat's team's
chats, and the teams with someone else available, with how many. Reads only.
"""

from typing import TypedDict

from django.contrib.auth.models import User
from django.db.models import Count

from chatserver.chat import availability
from chatserver.chat.access import display_name, may_read_team_chats
from chatserver.teams.models import Team
from transcripts.record.models import Conversation


class AgentTarget(TypedDict):
    id: int
    name: str


class TeamTarget(TypedDict):
    id: int
    name: str
    available: int


class TransferTargets(TypedDict):
    agents: list[AgentTarget]
    teams: list[TeamTarget]


def transfer_targets(agent: User, conversation: Conversation | None) -> TransferTargets:
    team = conversation.live.team if conversation is not None else None
    presences = availability.agents_with_capacity().exclude(agent=agent).select_related("agent")
    agents: list[AgentTarget] = [
        {"id": p.agent_id, "name": display_name(p.agent)}
        for p in presences
        if may_read_team_chats(p.agent, team)
    ]
    others = availability.available_presences().exclude(agent=agent).values("agent_id")
    teams = (
        Team.objects.filter(members__in=others)
        .annotate(available=Count("members", distinct=True))
        .order_by("name")
    )
    return {
        "agents": sorted(agents, key=lambda target: target["name"]),
        "teams": [{"id": t.pk, "name": t.name, "available": t.available} for t in teams],
    }
