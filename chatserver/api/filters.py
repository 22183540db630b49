"""The query parameters of the list and figures operations, bounded so that no value a
client can send reaches the database unchecked (422 otherwise)."""

from typing import Literal, get_args

from django.conf import settings
from ninja import Field, Schema

from chatserver.api.schemas import Day, Limit, Offset, Status
from chatserver.casework.models import Kind

CaseKind = Literal["complaint", "service_request", "hazard"]
assert set(get_args(CaseKind)) == set(Kind.values)  # noqa: S101  (kept in step)
Dimension = Literal["team", "topic", "reason", "outcome", "language"]
Language = Literal["en-gb", "cy"]
assert set(get_args(Language)) == {code for code, _name in settings.LANGUAGES}  # noqa: S101


class Page(Schema):
    limit: Limit = 50
    offset: Offset = 0


class ConversationFilters(Page):
    status: Status | None = None
    started_from: Day | None = Field(None, description="Started on or after this local day.")
    started_to: Day | None = Field(None, description="Started on or before this local day.")


class CaseFilters(Page):
    open: bool | None = Field(None, description="true: open cases only; false: closed only.")
    kind: CaseKind | None = None


class ReportFilters(Schema):
    """The reports page's filters: a period of at most 731 days (the last 30 without one),
    and ids of a team, topic, contact reason and outcome, or a language's code."""

    start: Day | None = None
    end: Day | None = None
    team: int | None = Field(None, ge=1, le=2**31 - 1)
    topic: int | None = Field(None, ge=1, le=2**31 - 1)
    reason: int | None = Field(None, ge=1, le=2**31 - 1)
    outcome: int | None = Field(None, ge=1, le=2**31 - 1)
    language: Language | None = None
    by: Dimension = "team"
    threshold: int = Field(60, ge=1, le=3600, description="Answered within, in seconds.")

    def form_data(self) -> dict[str, str]:
        """The filters as the reports' form reads them (strings, absent when not given)."""
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value)
            for name, value in self.model_dump().items()
            if value is not None
        }
