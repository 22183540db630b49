"""The reports as CSV: each report's rows, and one row per conversation, streamed.

A row holds ids, times, the team, topic, contact reason, outcome and language: never chat
text nor a visitor's detail. Labels written by staff are neutralised against spreadsheet
formulas."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from chatserver.reports.figures import AgentLoad, Measured, TeamRating, first_agent_line
from transcripts.record.models import Conversation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MEASURED_HEADER = [
    "group",
    "chats",
    "offered",
    "messages_left",
    "answered",
    "answered_in_time",
    "service_level_percent",
    "abandoned",
    "abandonment_percent",
    "average_answer_seconds",
    "average_first_response_seconds",
    "average_handle_seconds",
]

CONVERSATION_FIELDS = (
    "pk",
    "created_at",
    "live__answered_at",
    "first_reply_at",
    "closed_at",
    "live__offered",
    "live__ended_by",
    "live__assigned_agent",
    "live__team",
    "live__team__name",
    "live__topic__slug",
    "wrap_up__reason__slug",
    "wrap_up__outcome__slug",
    "live__language",
)
CONVERSATION_HEADER = [
    "conversation_id",
    "started_at",
    "answered_at",
    "first_agent_line_at",
    "closed_at",
    "offered",
    "ended_by",
    "agent_id",
    "team_id",
    "team",
    "topic",
    "contact_reason",
    "outcome",
    "language",
]


def cell(value: Any) -> str:
    """A value as CSV text: times in ISO 8601 (local zone), durations in seconds."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, timedelta):
        return f"{value.total_seconds():.0f}"
    if isinstance(value, float):
        return f"{value:.1f}"
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file whose writes return the line, for a CSV writer feeding a stream."""

    def write(self, line: str) -> str:
        return line


def lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def measured_rows(rows: Iterable[Measured]) -> Iterator[list[Any]]:
    for row in rows:
        yield [
            row.label,
            row.chats,
            row.offered,
            row.messages_left,
            row.answered,
            row.answered_in_time,
            row.service_level,
            row.abandoned,
            row.abandonment,
            row.answer_time,
            row.first_response_time,
            row.handle_time,
        ]


def hour_rows(grid: dict[tuple[int, int], int]) -> Iterator[list[int]]:
    """One row per ISO weekday (1 Monday) and hour, with the chats started then."""
    for weekday in range(1, 8):
        for hour in range(24):
            yield [weekday, hour, grid.get((weekday, hour), 0)]


def load_rows(loads: Iterable[AgentLoad]) -> Iterator[list[Any]]:
    for load in loads:
        yield [load.agent_id, load.chats, load.average, load.peak]


def rating_rows(ratings: Iterable[TeamRating]) -> Iterator[list[Any]]:
    for rating in ratings:
        yield [rating.team, rating.count, rating.average]


def conversation_rows(conversations: QuerySet[Conversation]) -> Iterator[tuple[Any, ...]]:
    """Every conversation's row, read in chunks (a server-side cursor on PostgreSQL), so
    memory stays flat however many there are."""
    rows = (
        conversations.annotate(first_reply_at=first_agent_line())
        .order_by("created_at", "pk")
        .values_list(*CONVERSATION_FIELDS)
    )
    return rows.iterator(chunk_size=2000)
