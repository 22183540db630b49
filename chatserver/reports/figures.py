"""The contact-centre figures, each defined once here and computed in the database.

Words as a contact-centre manager uses them, over the chats *started* in the period:

- **offered**: a chat started while agents were answering (the chat was open and one was
  available). Chats started when no one answered are **messages left**, not offered.
- **answered**: an agent joined the chat (it was assigned to them, and the visitor was told
  who had joined); the **answer time** runs from the visitor's start to that moment (the
  first agent, whatever transfers came after).
- **service level**: offered chats answered within the threshold, as a share of all
  offered chats (those abandoned or still waiting count against it).
- **abandoned**: an offered chat that ended (the visitor left, quick exit or idle close)
  before any agent joined.
- **first response time**: from the visitor's start to the first line an agent wrote.
- **handle time**: from the answer to the chat's close (after-chat wrap-up not included).
- **concurrency**: for each chat an agent answered, how many chats that agent had open at
  that moment, itself included; averaged and at its peak per agent (the agent who had the
  chat at its close, as ratings name).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, ExtractHour, ExtractIsoWeekDay, Now

from chatserver.chat.models import LiveConversation, Rating
from transcripts.record.models import Conversation, Message

# How far back an agent's earlier chats are looked for at most when counting those still
# open at an answer: a chat idle longer than a day has long been closed by the idle timeout.
CONCURRENCY_WINDOW = timedelta(days=1)

# A breakdown's dimension and the field naming its rows.
DIMENSIONS: Mapping[str, str] = {
    "team": "live__team__name",
    "topic": "live__topic__label",
    "reason": "wrap_up__reason__label",
    "outcome": "wrap_up__outcome__label",
    "language": "live__language",
}


def _duration(expression: Combinable) -> ExpressionWrapper[Combinable]:
    return ExpressionWrapper(expression, output_field=DurationField())


def first_agent_line() -> Subquery:
    """When the first line an agent wrote in the outer conversation was stored."""
    lines = Message.objects.filter(conversation=OuterRef("pk"), sender=Message.Sender.AGENT)
    return Subquery(lines.order_by("seq").values("created_at")[:1])


def measures(threshold_seconds: int) -> dict[str, Aggregate]:
    """The aggregates of every report row, over conversations (see the module's words)."""
    offered = Q(live__offered=True)
    answered = offered & Q(live__answered_at__isnull=False)
    limit = F("created_at") + timedelta(seconds=threshold_seconds)
    return {
        "chats": Count("pk"),
        "offered": Count("pk", filter=offered),
        "messages_left": Count("pk", filter=Q(live__offered=False)),
        "answered": Count("pk", filter=answered),
        "answered_in_time": Count("pk", filter=answered & Q(live__answered_at__lte=limit)),
        "abandoned": Count(
            "pk",
            filter=offered
            & Q(live__answered_at__isnull=True, live__status=LiveConversation.Status.CLOSED),
        ),
        "answer_time": Avg(_duration(F("live__answered_at") - F("created_at")), filter=answered),
        "first_response_time": Avg(_duration(first_agent_line() - F("created_at"))),
        "handle_time": Avg(
            _duration(F("closed_at") - F("live__answered_at")),
            filter=Q(live__answered_at__isnull=False, closed_at__isnull=False),
        ),
    }


@dataclass(frozen=True)
class Measured:
    """One row of a report: a group's (or the period's) figures."""

    label: str
    chats: int
    offered: int
    messages_left: int
    answered: int
    answered_in_time: int
    abandoned: int
    answer_time: timedelta | None
    first_response_time: timedelta | None
    handle_time: timedelta | None

    @property
    def service_level(self) -> float | None:
        """Per cent of offered chats answered within the threshold (None: none offered)."""
        return 100 * self.answered_in_time / self.offered if self.offered else None

    @property
    def abandonment(self) -> float | None:
        return 100 * self.abandoned / self.offered if self.offered else None


def _measured(label: str, row: Mapping[str, Any]) -> Measured:
    names = Measured.__dataclass_fields__
    return Measured(label=label, **{name: row[name] for name in names if name != "label"})


def overall(conversations: QuerySet[Conversation], threshold_seconds: int) -> Measured:
    return _measured("All chats", conversations.aggregate(**measures(threshold_seconds)))


def breakdown(
    conversations: QuerySet[Conversation], dimension: str, threshold_seconds: int
) -> list[Measured]:
    """The figures per team, topic, contact reason, outcome or language (``DIMENSIONS``; a
    language by its name); chats with none (no team, not wrapped up) are one row, labelled
    "(none)"."""
    field = DIMENSIONS[dimension]
    rows = (
        conversations.order_by()
        .values(field)
        .annotate(**measures(threshold_seconds))
        .order_by(field)
    )
    names = dict(settings.LANGUAGES) if dimension == "language" else {}
    return [
        _measured(str(names.get(row[field], row[field])) if row[field] else "(none)", row)
        for row in rows
    ]


def hours_and_weekdays(conversations: QuerySet[Conversation]) -> dict[tuple[int, int], int]:
    """Chats started in each (ISO weekday 1–7, hour 0–23), in the local time zone."""
    rows = (
        conversations.order_by()
        .annotate(weekday=ExtractIsoWeekDay("created_at"), hour=ExtractHour("created_at"))
        .values("weekday", "hour")
        .annotate(total=Count("pk"))
    )
    return {(row["weekday"], row["hour"]): row["total"] for row in rows}


@dataclass(frozen=True)
class AgentLoad:
    agent_id: int
    agent: str
    chats: int
    average: float
    peak: int


def longest_open(conversations: QuerySet[Conversation]) -> timedelta:
    """How far back an answer's count must look: the longest any chat answered up to a day
    before the period's first answer (and until its last) stayed open, at most a day. A
    chat answered earlier than that was closed before the answer, so it is not counted
    wrongly by a shorter look; the index on (agent, answered_at) then reads a few rows."""
    span = conversations.aggregate(first=Min("live__answered_at"), last=Max("live__answered_at"))
    if span["first"] is None:
        return timedelta(0)
    answered = LiveConversation.objects.filter(
        answered_at__gte=span["first"] - CONCURRENCY_WINDOW, answered_at__lte=span["last"]
    )
    longest = answered.aggregate(
        longest=Max(_duration(Coalesce("conversation__closed_at", Now()) - F("answered_at")))
    )["longest"]
    return min(longest or timedelta(0), CONCURRENCY_WINDOW)


def concurrency(conversations: QuerySet[Conversation]) -> list[AgentLoad]:
    """Per agent, the chats they had open as each of theirs was answered (see above)."""
    window = longest_open(conversations)
    open_then = (
        LiveConversation.objects.filter(
            assigned_agent=OuterRef("live__assigned_agent"),
            answered_at__lte=OuterRef("live__answered_at"),
            answered_at__gte=OuterRef("live__answered_at") - window,
        )
        .filter(
            Q(conversation__closed_at__isnull=True)
            | Q(conversation__closed_at__gt=OuterRef("live__answered_at"))
        )
        .order_by()
        .values("assigned_agent")
        .annotate(open=Count("pk"))
        .values("open")
    )
    rows = (
        conversations.filter(live__answered_at__isnull=False, live__assigned_agent__isnull=False)
        .order_by()
        .annotate(open=Coalesce(Subquery(open_then, output_field=IntegerField()), 1))
        .values(
            "live__assigned_agent",
            "live__assigned_agent__username",
            "live__assigned_agent__first_name",
        )
        .annotate(chats=Count("pk"), average=Avg("open"), peak=Max("open"))
        .order_by("live__assigned_agent__username")
    )
    return [
        AgentLoad(
            row["live__assigned_agent"],
            row["live__assigned_agent__first_name"] or row["live__assigned_agent__username"],
            row["chats"],
            float(row["average"]),
            row["peak"],
        )
        for row in rows
    ]


@dataclass(frozen=True)
class TeamRating:
    team: str
    count: int
    average: float


def ratings_by_team(conversations: QuerySet[Conversation]) -> list[TeamRating]:
    """Visitors' ratings (1–5) of the chats, per the team each chat was with."""
    rows = (
        Rating.objects.filter(conversation__in=conversations.order_by().values("pk"))
        .values("conversation__live__team__name")
        .annotate(count=Count("pk"), average=Avg("score"))
        .order_by("conversation__live__team__name")
    )
    return [
        TeamRating(
            row["conversation__live__team__name"] or "(none)",
            row["count"],
            float(row["average"]),
        )
        for row in rows
    ]
