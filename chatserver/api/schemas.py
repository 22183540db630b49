"""The API's request and response bodies: the OpenAPI schema is generated from these.

Personal data (``details``, ``messages``) is present only for a token with the
``personal_data:read`` scope; without it those fields are null, never left out, so a
client's parser is the same either way.
"""

from datetime import date, datetime
from typing import Annotated, Literal, get_args
from uuid import UUID

from ninja import Field, Schema

from chatserver.chat.models import LiveConversation

Status = Literal["offline", "waiting", "active", "closed"]
assert set(get_args(Status)) == set(LiveConversation.Status.values)  # noqa: S101  (kept in step)

# Dates a report or a filter may name: wide enough for any real period, narrow enough that
# the day's bounds in the local time zone are always representable.
EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)
Day = Annotated[date, Field(ge=EARLIEST, le=LATEST)]
Limit = Annotated[int, Field(ge=1, le=100)]
Offset = Annotated[int, Field(ge=0, le=100_000)]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


class Problem(Schema):
    """Every refusal: a code a program can test and words a person can read."""

    error: str
    detail: str


class Named(Schema):
    code: str
    label: str


class WrapUpOut(Schema):
    reason: Named
    outcome: Named
    tags: list[Named]
    wrapped_at: datetime


class Details(Schema):
    """What the visitor gave of themselves (personal data)."""

    name: str | None
    email: str | None
    address: str | None
    erased: bool


class Line(Schema):
    """A line of the chat (personal data): ``text`` is null once masked or erased."""

    seq: int
    sender: str
    text: str | None
    at: datetime


class ConversationOut(Schema):
    id: UUID
    status: str
    started_at: datetime
    closed_at: datetime | None
    ended_by: str | None
    language: str
    team: str | None
    topic: str | None
    assigned_agent_id: int | None
    emergency: str | None
    special_category: bool
    wrap_up: WrapUpOut | None
    cases: list[str]
    details: Details | None


class ConversationDetail(ConversationOut):
    messages: list[Line] | None
    messages_unreadable: bool


class ConversationPage(Schema):
    count: int
    items: list[ConversationOut]


class StepOut(Schema):
    step: str
    stage: int
    due_by: datetime
    done_at: datetime | None
    extended_days: int


class CaseOut(Schema):
    reference: str
    kind: str
    severity: str
    category: str
    stage: int
    conversation_id: UUID | None
    team: str | None
    aware_at: datetime
    recorded_at: datetime
    closed_at: datetime | None
    outcome: str
    steps: list[StepOut]


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class SystemLineIn(Schema):
    text: Annotated[str, Field(min_length=1, max_length=1000)]


class SystemLineOut(Schema):
    seq: int


class CloseIn(Schema):
    """The wrap-up, by the codes of the supervisor's lists (as the console offers them)."""

    reason: Code
    outcome: Code
    tags: Annotated[list[Code], Field(max_length=10)] = []


class CloseOut(Schema):
    closed: bool


class Measured(Schema):
    """One row of the figures (``chatserver.reports.figures`` defines each); times in
    seconds, per cents null when nothing was offered."""

    label: str
    chats: int
    offered: int
    messages_left: int
    answered: int
    answered_in_time: int
    abandoned: int
    answer_time_seconds: float | None
    first_response_time_seconds: float | None
    handle_time_seconds: float | None
    service_level: float | None
    abandonment: float | None


class TeamRatingOut(Schema):
    team: str
    count: int
    average: float


class Figures(Schema):
    start: date
    end: date
    threshold_seconds: int
    by: str
    overall: Measured
    breakdown: list[Measured]
    ratings: list[TeamRatingOut]
