"""The cost of routing a chat by team and language: 20 teams, 200 agents, SQLite and
PostgreSQL.

Every agent is signed in, online and available, in one or two teams (ten members a team),
one in five speaking Welsh; a chat has one of the teams' topics, and one in six is in Welsh.
Three figures, each the median of three rounds:

- a routing round that finds nothing to do (200 agents, nothing waiting): what every
  presence change, close and start pays before it assigns anything;
- a round that gives out a queue of 400 waiting chats, per chat assigned;
- a visitor's start (conversation made, sealed, routed at once), per chat.

    python -m bench routing
"""

import random
import statistics
import time
from typing import Any

from bench.common import measured_on, postgres_admin_url, run_with_measure_half

TEAMS = 20
AGENTS = 200
QUEUED = 400
STARTS = 200
ROUNDS = 3
WELSH_AGENTS = 5  # one in five
WELSH_CHATS = 6  # one in six


def set_up() -> list[str]:
    """The teams, topics, agents (online, available) and their skills; the topic slugs."""
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from chatserver.chat.access import AGENTS_GROUP_NAME
    from chatserver.chat.agent_auth import session_hash
    from chatserver.chat.models import AgentPresence, AgentSocket
    from chatserver.teams.models import LanguageSkill, Team, Topic

    group = Group.objects.get_or_create(name=AGENTS_GROUP_NAME)[0]
    teams = [Team.objects.create(name=f"Team {n}") for n in range(TEAMS)]
    slugs = []
    for n, team in enumerate(teams):
        Topic.objects.create(slug=f"topic-{n}", label=f"Topic {n}", label_cy=f"Pwnc {n}", team=team)
        slugs.append(f"topic-{n}")
    for n in range(AGENTS):
        agent = User.objects.create_user(f"agent-{n}", first_name=f"Agent {n}")
        agent.groups.add(group)
        teams[n % TEAMS].members.add(agent)
        if n % 3 == 0:  # a third are in a second team too
            teams[(n * 7 + 3) % TEAMS].members.add(agent)
        if (n // TEAMS) % WELSH_AGENTS == 0:  # two of each team's ten
            LanguageSkill.objects.create(agent=agent, language="cy")
        session = SessionStore()
        session["_auth_user_id"] = str(agent.pk)
        session.create()
        AgentSocket.objects.create(
            channel_name=f"bench-{n}", agent=agent, session_hash=session_hash(session.session_key)
        )
        AgentPresence.objects.create(agent=agent, status=AgentPresence.Status.AVAILABLE)
    return slugs


def start(slugs: list[str], rng: random.Random) -> Any:
    import uuid

    from chatserver.chat.actions import conversations

    return conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex,
        details=None,
        diagnostics=None,
        language="cy" if rng.randrange(WELSH_CHATS) == 0 else None,
        topic=rng.choice(slugs),
    )


def sockets_seen() -> None:
    """Every agent's socket seen now, as its re-check would: none goes stale while the
    benchmark runs."""
    from django.utils.timezone import now

    from chatserver.chat.models import AgentSocket

    AgentSocket.objects.update(seen_at=now())


def free_everyone() -> None:
    """Every chat closed, so every agent has all their places again."""
    from chatserver.chat.models import LiveConversation

    LiveConversation.objects.update(status=LiveConversation.Status.CLOSED, assigned_agent=None)
    sockets_seen()


def timed(function: Any) -> tuple[float, int]:
    """Seconds taken and database queries made."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # DEBUG keeps the last 9,000 only: a full log would count nothing
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        in_one_loop(function)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries)


def in_one_loop(function: Any) -> None:
    """Runs ``function`` on the database thread of one event loop, as the server does:
    the queue updates after each assignment are then coalesced as they are in the
    server (each call from plain synchronous code would get a loop of its own, and
    with it a whole queue update per assignment)."""
    from asgiref.sync import async_to_sync
    from channels.db import database_sync_to_async

    async def run() -> None:
        await database_sync_to_async(function)()

    async_to_sync(run)()


def one_round(slugs: list[str], rng: random.Random) -> dict[str, float]:
    """An empty round, then a queue given out, then starts routed at once."""
    from django.conf import settings

    from chatserver.chat.actions import routing

    free_everyone()
    empty_seconds, empty_queries = timed(routing.do_route_waiting)
    settings.CHAT_ROUTING = "manual"  # the queue builds up
    in_one_loop(lambda: [start(slugs, rng) for _ in range(QUEUED)])
    settings.CHAT_ROUTING = "auto"
    sockets_seen()
    given: list[int] = []
    queue_seconds, queue_queries = timed(lambda: given.append(routing.do_route_waiting()))
    free_everyone()
    started: list[Any] = []
    start_seconds, start_queries = timed(
        lambda: started.extend(start(slugs, rng) for _ in range(STARTS))
    )
    routed = sum(chat.live.status == "active" for chat in started)
    return {
        "empty_ms": empty_seconds * 1000,
        "empty_queries": empty_queries,
        "assigned": given[0],
        "queue_ms": queue_seconds * 1000 / max(given[0], 1),
        "queue_queries": queue_queries / max(given[0], 1),
        "start_ms": start_seconds * 1000 / STARTS,
        "start_queries": start_queries / STARTS,
        "routed": routed,
    }


def measure() -> dict[str, float]:
    """Inside a subprocess whose settings point at a scratch database."""
    import django

    django.setup()
    rng = random.Random(30)
    slugs = set_up()
    rounds = [one_round(slugs, rng) for _ in range(ROUNDS)]
    return {key: statistics.median(figures[key] for figures in rounds) for key in rounds[0]}


def main() -> int:
    backends = ["sqlite"] + (["postgres"] if postgres_admin_url() else [])
    print(
        f"Routing benchmark: {TEAMS} teams, {AGENTS} agents online (1 in {WELSH_AGENTS} "
        f"Welsh-speaking), chats 1 in {WELSH_CHATS} in Welsh; medians of {ROUNDS} rounds"
    )
    for kind in backends:
        f = measured_on(kind, "bench.routing")
        print(
            f"{kind:<10} round with nothing waiting: {f['empty_ms']:.1f} ms "
            f"({f['empty_queries']:.0f} queries)"
        )
        print(
            f"{'':<10} queue of {QUEUED} given out: {f['queue_ms']:.2f} ms a chat "
            f"({f['queue_queries']:.1f} queries a chat; {f['assigned']:.0f} of {QUEUED} "
            "assigned, the others left waiting for an agent of their team and language)"
        )
        print(
            f"{'':<10} start and route at once: {f['start_ms']:.2f} ms a chat "
            f"({f['start_queries']:.1f} queries a chat; {f['routed']:.0f} of {STARTS} routed)"
        )
    if len(backends) == 1:
        print("postgres   skipped: PostgreSQL not reachable (set TEST_POSTGRES_URL)")
    return 0


if __name__ == "__main__":
    run_with_measure_half(main, measure)
