"""Which agents can take a conversation now, and whether a visitor starting now would be
answered: the reads routing, the queue and the welcome share."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.timezone import now as timezone_now

from chatserver.chat import hours
from chatserver.chat.access import AGENT_GROUP_NAMES
from chatserver.chat.agent_auth import SessionHash, sessions_are_rows
from chatserver.chat.models import (
    AgentPresence,
    AgentSocket,
    LiveConversation,
    VisitorSocket,
    WelshChoice,
)
from chatserver.teams.models import LanguageSkill, Team

Status = LiveConversation.Status


def fresh_since() -> Any:
    """Sockets seen since then are alive (they re-check well within it)."""
    return timezone_now() - timedelta(seconds=3 * settings.CHAT_AGENT_RECHECK_SECONDS)


def agent_is_online(agent: User) -> bool:
    return AgentSocket.objects.filter(agent=agent, seen_at__gte=fresh_since()).exists()


def _in_live_session() -> Exists:
    """The socket's session is stored and unexpired: only unexpired rows (by the indexed
    expiry date, staff sessions only) have their key hashed to match the socket's hash."""
    live = (
        Session.objects.filter(expire_date__gt=timezone_now())
        .annotate(key_hash=SessionHash("session_key"))
        .filter(key_hash=OuterRef("session_hash"))
    )
    return Exists(live)


def available_presences() -> QuerySet[AgentPresence]:
    """Available agents (active, in an agent group) with a live socket, with their count
    of active conversations. A socket's row goes with the end of its session, and one
    whose session has expired is skipped before its re-check closes it."""
    online = AgentSocket.objects.filter(agent_id=OuterRef("agent_id"), seen_at__gte=fresh_since())
    if sessions_are_rows():
        online = online.filter(_in_live_session())
    in_agent_group = User.groups.through.objects.filter(
        user_id=OuterRef("agent_id"), group__name__in=AGENT_GROUP_NAMES
    )
    return (
        AgentPresence.objects.filter(status=AgentPresence.Status.AVAILABLE, agent__is_active=True)
        .filter(Exists(online), Exists(in_agent_group))
        .annotate(
            active=Count(
                "agent__chat_conversations",
                filter=Q(agent__chat_conversations__status=Status.ACTIVE),
            )
        )
    )


def answering_now() -> bool:
    """Whether a visitor starting now would be answered: the chat is open and an agent is
    available (else the conversation starts offline, for a message)."""
    return hours.opening().is_open and available_presences().exists()


def agents_with_capacity() -> QuerySet[AgentPresence]:
    """Available agents with fewer than ``CHAT_AGENT_MAX_CONVERSATIONS`` conversations."""
    # ``active`` is the annotation of ``available_presences``, which the stubs cannot see.
    capacity = settings.CHAT_AGENT_MAX_CONVERSATIONS
    return available_presences().filter(active__lt=capacity)  # type: ignore[misc]


# A visitor socket re-marks itself every watchdog round (at most 30 s apart): a row not
# seen for longer was left by a killed process.
VISITOR_SOCKET_STALE_SECONDS = 120


def visitor_socket_fresh_since() -> datetime:
    return timezone_now() - timedelta(seconds=VISITOR_SOCKET_STALE_SECONDS)


def visitor_on_page() -> Exists:
    """For a live state (``OuterRef("pk")``): its visitor has a socket open now."""
    return Exists(
        VisitorSocket.objects.filter(
            conversation_id=OuterRef("pk"), seen_at__gte=visitor_socket_fresh_since()
        )
    )


@dataclass
class Candidate:
    """An available agent with capacity, as routing weighs them."""

    agent_id: int
    active: int
    last_assigned_at: datetime | None
    teams: frozenset[int]
    languages: frozenset[str]

    def order(self) -> tuple[int, datetime, int]:
        """Least busy first, then the longest since a chat was given, then by id."""
        return (
            self.active,
            self.last_assigned_at or datetime.min.replace(tzinfo=UTC),
            self.agent_id,
        )


def candidates() -> list[Candidate]:
    """Every available agent with capacity, with their teams and languages: three
    queries, however many agents and teams there are."""
    # ``active`` is ``available_presences``'s annotation, which the stubs cannot see.
    found = agents_with_capacity().values_list("agent_id", "active", "last_assigned_at")  # type: ignore[misc]
    rows: list[tuple[int, int, datetime | None]] = list(found)
    ids = [row[0] for row in rows]
    teams: dict[int, set[int]] = {agent_id: set() for agent_id in ids}
    for user_id, team_id in Team.members.through.objects.filter(user_id__in=ids).values_list(
        "user_id", "team_id"
    ):
        teams[user_id].add(team_id)
    languages: dict[int, set[str]] = {agent_id: {settings.LANGUAGE_CODE} for agent_id in ids}
    for agent_id, language in LanguageSkill.objects.filter(agent_id__in=ids).values_list(
        "agent_id", "language"
    ):
        languages[agent_id].add(language)
    return [
        Candidate(
            agent_id, active, last, frozenset(teams[agent_id]), frozenset(languages[agent_id])
        )
        for agent_id, active, last in rows
    ]


def needed_language(language: str, welsh_choice: str) -> str:
    """The language the agent must speak: the chat's, unless the visitor chose English
    (every agent speaks the default language)."""
    if welsh_choice == WelshChoice.ENGLISH:
        return str(settings.LANGUAGE_CODE)
    return language


class Picker:
    """Chooses among one round's candidates: by team (an index made once a round), then
    language, then ``Candidate.order``. A candidate given a chat counts it (``took``)
    and drops out at ``CHAT_AGENT_MAX_CONVERSATIONS``."""

    def __init__(self, pool: list[Candidate]) -> None:
        self.pool = pool
        self.by_team: dict[int, list[Candidate]] = {}
        for candidate in pool:
            for team_id in candidate.teams:
                self.by_team.setdefault(team_id, []).append(candidate)

    def best(self, team_id: int | None, language: str) -> Candidate | None:
        """The least-busy agent with a place of the team (any agent when ``team_id`` is
        None) who speaks ``language``."""
        group = self.pool if team_id is None else self.by_team.get(team_id, [])
        capacity = settings.CHAT_AGENT_MAX_CONVERSATIONS
        fitting = [c for c in group if c.active < capacity and language in c.languages]
        if language != settings.LANGUAGE_CODE:
            return min(fitting, key=Candidate.order, default=None)
        # Of agents equally busy, one who speaks only English takes an English chat: a
        # Welsh speaker's places are kept for Welsh chats.
        return min(
            fitting,
            key=lambda c: (c.active, len(c.languages) > 1, *c.order()[1:]),
            default=None,
        )

    def took(self, candidate: Candidate) -> None:
        candidate.active += 1
