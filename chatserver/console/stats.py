"""Figures for the supervisor dashboard, computed from ids and times only."""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from chatserver.chat import availability, emergencies, state
from chatserver.chat.models import Rating
from chatserver.wrapup.models import ContactReason, Outcome, WrapUp
from transcripts.record.models import Conversation


@dataclass(frozen=True)
class Dashboard:
    agents_online: int
    queue_length: int
    chats_today: int
    median_wait_seconds: float | None
    p90_wait_seconds: float | None
    per_day: list[tuple[date, int]]
    open_emergencies: int
    messages_left: int
    ratings: "Ratings"
    per_language: list[tuple[str, int]]
    welsh_choices: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class RatingRow:
    label: str
    count: int
    average: float


@dataclass(frozen=True)
class Ratings:
    """Visitors' ratings in the period: per day (every day, empty ones at 0) and per agent."""

    per_day: list[tuple[date, RatingRow]]
    per_agent: list[RatingRow]
    count: int
    average: float | None


def ratings(first_day: date, days: int) -> Ratings:
    recent = Rating.objects.filter(rated_at__date__gte=first_day)
    by_day = {
        row["day"]: RatingRow(f"{row['day']:%d %b}", row["count"], row["average"])
        for row in recent.annotate(day=TruncDate("rated_at"))
        .values("day")
        .annotate(count=Count("pk"), average=Avg("score"))
    }
    per_agent = [
        RatingRow(
            row["agent__first_name"] or row["agent__username"] or "(no agent)",
            row["count"],
            row["average"],
        )
        for row in recent.values("agent__first_name", "agent__username")
        .annotate(count=Count("pk"), average=Avg("score"))
        .order_by("-count")
    ]
    overall = recent.aggregate(count=Count("pk"), average=Avg("score"))
    return Ratings(
        per_day=[
            (
                day := first_day + timedelta(days=n),
                by_day.get(day, RatingRow(f"{day:%d %b}", 0, 0.0)),
            )
            for n in range(days)
        ],
        per_agent=per_agent,
        count=overall["count"],
        average=overall["average"],
    )


def percentile(values: list[float], fraction: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def dashboard(now: datetime | None = None, days: int = 30) -> Dashboard:
    now = now or timezone.now()
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    first_day = (today_start - timedelta(days=days - 1)).date()
    period = Conversation.objects.filter(created_at__gte=today_start - timedelta(days=days - 1))
    counts = dict(
        period.annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(total=Count("pk"))
        .values_list("day", "total")
    )
    per_day = [
        (first_day + timedelta(days=n), counts.get(first_day + timedelta(days=n), 0))
        for n in range(days)
    ]
    waits = [
        (assigned - created).total_seconds()
        for created, assigned in Conversation.objects.filter(
            created_at__gte=now - timedelta(days=days), live__assigned_at__isnull=False
        ).values_list("created_at", "live__assigned_at")
        if assigned is not None
    ]
    return Dashboard(
        agents_online=availability.available_presences().count(),
        queue_length=Conversation.objects.filter(live__status__in=state.QUEUE_STATUSES).count(),
        chats_today=Conversation.objects.filter(created_at__gte=today_start).count(),
        median_wait_seconds=statistics.median(waits) if waits else None,
        p90_wait_seconds=percentile(waits, 0.9),
        per_day=per_day,
        open_emergencies=Conversation.objects.exclude(live__emergency="")
        .filter(Q(live__status=state.Status.ACTIVE) | state.TAKEABLE)
        .count(),
        messages_left=Conversation.objects.filter(live__awaiting_reply=True).count(),
        ratings=ratings(first_day, days),
        per_language=by_language(period),
        welsh_choices=welsh_choices(period),
    )


def by_language(conversations: QuerySet[Conversation]) -> list[tuple[str, int]]:
    """How many of the conversations were in each visitors' language (the Welsh Language
    Standards ask how many people used the Welsh service)."""
    counts = dict(
        conversations.values_list("live__language")
        .annotate(total=Count("pk"))
        .values_list("live__language", "total")
    )
    return [(name, counts.get(code, 0)) for code, name in settings.LANGUAGES]


WELSH_CHOICE_ROWS = (
    ("wait", "Waited for a Welsh speaker"),
    ("english", "Continued in English"),
    ("message", "Left a message"),
    ("", "Did not answer"),
)


def welsh_choices(conversations: QuerySet[Conversation]) -> list[tuple[str, int]]:
    """Welsh chats offered a choice because no Welsh speaker was free, and what the
    visitors chose (the Welsh Language Standards ask for it to be recorded)."""
    offered = conversations.exclude(live__welsh_offered_at=None)
    counts = dict(
        offered.values_list("live__welsh_choice")
        .annotate(total=Count("pk"))
        .values_list("live__welsh_choice", "total")
    )
    return [("Offered the choice", sum(counts.values()))] + [
        (label, counts.get(choice, 0)) for choice, label in WELSH_CHOICE_ROWS
    ]


@dataclass(frozen=True)
class EmergencyRow:
    label: str
    per_day: list[int]
    total: int


@dataclass(frozen=True)
class EmergencyTable:
    """Conversations flagged with each emergency category, per day (oldest first; a
    conversation flagged with two categories counts under both)."""

    days: list[date]
    rows: list[EmergencyRow]


def emergencies_by_category(now: datetime | None = None, days: int = 7) -> EmergencyTable:
    today = timezone.localtime(now or timezone.now()).date()
    shown = [today - timedelta(days=days - 1 - n) for n in range(days)]
    counts: dict[tuple[str, date], int] = {}
    flagged = (
        Conversation.objects.filter(created_at__date__gte=shown[0])
        .exclude(live__emergency="")
        .values_list("created_at", "live__emergency_categories")
    )
    for created_at, categories in flagged:
        day = timezone.localtime(created_at).date()
        for category in categories or []:
            counts[category, day] = counts.get((category, day), 0) + 1
    rows = []
    for category, label in emergencies.LABELS.items():
        per_day = [counts.get((category, day), 0) for day in shown]
        rows.append(EmergencyRow(label, per_day, sum(per_day)))
    return EmergencyTable(shown, rows)


@dataclass(frozen=True)
class WrapUpCounts:
    """Chats wrapped up in the period, by contact reason and by outcome: every offered entry
    (0 when unused) and any retired one still counted. Wrap-ups keep their close date and
    outlive their transcripts, so aged, erased and purged chats count too."""

    by_reason: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    total: int


def _counted_by(
    wrap_ups: QuerySet[WrapUp], field: str, entries: QuerySet[Any]
) -> list[tuple[str, int]]:
    counts = dict(wrap_ups.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return [
        (entry.label, counts.get(entry.pk, 0))
        for entry in entries
        if entry.active or counts.get(entry.pk)
    ]


def wrap_up_counts(now: datetime | None = None, days: int = 30) -> WrapUpCounts:
    today = timezone.localtime(now or timezone.now()).date()
    period = WrapUp.objects.filter(closed_on__gte=today - timedelta(days=days - 1))
    return WrapUpCounts(
        by_reason=_counted_by(period, "reason", ContactReason.objects.all()),
        by_outcome=_counted_by(period, "outcome", Outcome.objects.all()),
        total=period.count(),
    )
