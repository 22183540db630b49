"""The contact-centre reports over 100,000 conversations, on PostgreSQL: the reports page
and the per-conversation CSV, time and memory.

A year of chats (100,000, spread evenly), 5 teams with a topic each, 40 agents, one in
eight chats in Welsh, 85% offered and 90% of those answered, each with a visitor line, a
system line and an agent line; 80% wrapped up and 30% rated. The figures are those of the
whole year with no filter, the heaviest case:

- the reports page (every table and chart) rendered by its view, the median of three;
- the per-conversation CSV streamed to the end, the median of three;
- the peak of Python's allocations during each (tracemalloc, in a separate run so that
  its overhead stays out of the times) and the process's peak RSS at the end.

    python -m bench reports
"""

import random
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bench.common import measured_on, postgres_admin_url, run_with_measure_half

CONVERSATIONS = 100_000
TEAMS = 5
AGENTS = 40
BATCH = 5_000
ROUNDS = 3


def _reference_data() -> tuple[list[Any], list[Any], list[Any], list[Any], list[Any], Any]:
    from django.contrib.auth.models import Group, User

    from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
    from chatserver.teams.models import Team, Topic
    from chatserver.wrapup.models import ContactReason, Outcome

    teams = [Team.objects.create(name=f"Team {n}") for n in range(TEAMS)]
    topics = [
        Topic.objects.create(slug=f"t{n}", label=f"Topic {n}", label_cy=f"Pwnc {n}", team=team)
        for n, team in enumerate(teams)
    ]
    reasons = [ContactReason.objects.create(slug=f"r{n}", label=f"Reason {n}") for n in range(8)]
    outcomes = [Outcome.objects.create(slug=f"o{n}", label=f"Outcome {n}") for n in range(6)]
    agents = [User.objects.create_user(f"agent-{n}") for n in range(AGENTS)]
    supervisor = User.objects.create_user("supervisor")
    for group_name in (AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME):
        supervisor.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return teams, topics, reasons, outcomes, agents, supervisor


def _chat(n: int, rng: random.Random, refs: tuple[Any, ...]) -> list[Any]:
    """Conversation ``n``'s rows: its record, live state, lines, wrap-up and rating."""
    from django.utils import timezone

    from chatserver.chat.models import LiveConversation, Rating
    from chatserver.wrapup.models import WrapUp
    from transcripts.record.models import Conversation, Message

    teams, topics, reasons, outcomes, agents, _supervisor = refs
    started = timezone.now() - timedelta(seconds=(n * 315.36) % (365 * 86400) + 60)
    record = Conversation(created_at=started, closed_at=started + timedelta(seconds=900))
    offered, team = rng.random() < 0.85, n % TEAMS
    answered = None
    if offered and rng.random() < 0.9:
        answered = started + timedelta(seconds=rng.expovariate(1 / 40))
    agent = agents[rng.randrange(AGENTS)] if answered else None
    live = LiveConversation(
        conversation=record,
        status="closed",
        offered=offered,
        answered_at=answered,
        assigned_at=answered,
        assigned_agent=agent,
        team=teams[team],
        topic=topics[team],
        language="cy" if n % 8 == 0 else "en-gb",
        ended_by="agent" if answered else "visitor",
    )
    rows: list[Any] = [
        record,
        live,
        Message(conversation=record, seq=1, sender="visitor", created_at=started),
    ]
    if answered is None:
        return rows
    reply = answered + timedelta(seconds=rng.expovariate(1 / 20))
    rows.append(Message(conversation=record, seq=2, sender="system", created_at=answered))
    rows.append(Message(conversation=record, seq=3, sender="agent", author=agent, created_at=reply))
    if rng.random() < 0.8:
        rows.append(
            WrapUp(
                conversation=record,
                reason=rng.choice(reasons),
                outcome=rng.choice(outcomes),
                agent=agent,
                team=teams[team],
                topic=topics[team],
                wrapped_at=record.closed_at,
                closed_on=started.date(),
            )
        )
    if rng.random() < 0.3:
        rows.append(Rating(conversation=record, score=rng.randint(1, 5), agent=agent))
    return rows


def _seed_batch(first: int, count: int, rng: random.Random, refs: tuple[Any, ...]) -> None:
    """Conversations ``first`` to ``first + count``, each model's rows in one insert."""
    by_model: dict[type, list[Any]] = {}
    for n in range(first, first + count):
        for row in _chat(n, rng, refs):
            by_model.setdefault(type(row), []).append(row)
    for model, rows in by_model.items():  # in the order first met: records first
        model.objects.bulk_create(rows)


def _timed(run: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    size = run()
    return time.perf_counter() - started, size


def _peak_allocation(run: Callable[[], int]) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _parts(query: dict[str, str], supervisor: Any) -> dict[str, float]:
    """Each of the page's queries once, timed: where the page's time goes."""
    from chatserver.reports import figures
    from chatserver.reports.forms import ReportForm

    form = ReportForm(query)
    assert form.is_valid(), form.errors
    chosen, threshold = form.conversations(), form.cleaned_data["threshold"]
    parts: dict[str, Callable[[], object]] = {
        "overall": lambda: figures.overall(chosen, threshold),
        "by_team": lambda: figures.breakdown(chosen, "team", threshold),
        "by_language": lambda: figures.breakdown(chosen, "language", threshold),
        "hours": lambda: figures.hours_and_weekdays(chosen),
        "concurrency": lambda: figures.concurrency(chosen),
        "ratings": lambda: figures.ratings_by_team(chosen),
    }
    timed = {}
    for name, run in parts.items():
        started = time.perf_counter()
        run()
        timed[f"part_{name}_seconds"] = time.perf_counter() - started
    return timed


def measure() -> dict[str, float]:
    """Inside a subprocess whose settings point at a scratch database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import RequestFactory

    from chatserver.reports import views

    refs = _reference_data()
    rng = random.Random(7)
    seeding = time.perf_counter()
    for first in range(0, CONVERSATIONS, BATCH):
        _seed_batch(first, BATCH, rng, refs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seeded = time.perf_counter() - seeding
    query = {"start": str(django.utils.timezone.localdate() - timedelta(days=365))}

    def page() -> int:
        request = RequestFactory().get("/console/reports/", query)
        request.user = refs[-1]
        response = views.report(request)
        assert response.status_code == 200, response.status_code
        return len(response.content)

    def export() -> int:
        request = RequestFactory().get("/console/reports/conversations.csv", query)
        request.user = refs[-1]
        response = views.export(request, "conversations")
        return sum(len(chunk) for chunk in response.streaming_content)  # type: ignore[attr-defined]

    figures: dict[str, float] = {"seed_seconds": seeded, **_parts(query, refs[-1])}
    for name, run in (("page", page), ("csv", export)):
        rounds = [_timed(run) for _round in range(ROUNDS)]
        figures[f"{name}_seconds"] = statistics.median(seconds for seconds, _size in rounds)
        figures[f"{name}_bytes"] = rounds[0][1]
        figures[f"{name}_peak_mib"] = _peak_allocation(run) / 2**20
    figures["max_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> int:
    if postgres_admin_url() is None:
        print("reports    skipped: PostgreSQL not reachable (set TEST_POSTGRES_URL)")
        return 0
    print(f"Reports benchmark: {CONVERSATIONS} conversations over a year, PostgreSQL")
    figures = measured_on("postgres", "bench.reports")
    print(
        f"seeded in {figures['seed_seconds']:.0f}s; "
        f"reports page {figures['page_seconds']:.2f}s ({figures['page_bytes'] / 1024:.0f} KiB, "
        f"peak Python allocations {figures['page_peak_mib']:.1f} MiB); "
        f"conversations CSV {figures['csv_seconds']:.2f}s ({figures['csv_bytes'] / 2**20:.1f} MiB, "
        f"peak Python allocations {figures['csv_peak_mib']:.1f} MiB); "
        f"peak RSS {figures['max_rss_mib']:.0f} MiB"
    )
    print(
        "page's parts: "
        + ", ".join(
            f"{name[5:-8]} {seconds:.2f}s"
            for name, seconds in figures.items()
            if name.startswith("part_")
        )
    )
    return 0


if __name__ == "__main__":
    run_with_measure_half(main, measure)
