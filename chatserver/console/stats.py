"""Figures for the supervisor dashboard, computed from ids and times only."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from chatserver.chat import state
from transcripts.models import Conversation


@dataclass(frozen=True)
class Dashboard:
    agents_online: int
    queue_length: int
    chats_today: int
    median_wait_seconds: float | None
    p90_wait_seconds: float | None
    per_day: list[tuple[date, int]]


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
    counts = dict(
        Conversation.objects.filter(created_at__gte=today_start - timedelta(days=days - 1))
        .annotate(day=TruncDate("created_at"))
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
            created_at__gte=now - timedelta(days=days), assigned_at__isnull=False
        ).values_list("created_at", "assigned_at")
        if assigned is not None
    ]
    return Dashboard(
        agents_online=state.available_presences().count(),
        queue_length=Conversation.objects.filter(status__in=state.QUEUE_STATUSES).count(),
        chats_today=Conversation.objects.filter(created_at__gte=today_start).count(),
        median_wait_seconds=statistics.median(waits) if waits else None,
        p90_wait_seconds=percentile(waits, 0.9),
        per_day=per_day,
    )
