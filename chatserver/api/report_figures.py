"""The report figures the API serves: the reports' own filters (``ReportForm``) and
figures (``chatserver.reports.figures``), as plain numbers (times in seconds)."""

from datetime import timedelta
from typing import Any

from chatserver.api.errors import invalid
from chatserver.reports import figures
from chatserver.reports.forms import ReportForm


def _seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


def _measured(row: figures.Measured) -> dict[str, Any]:
    return {
        "label": row.label,
        "chats": row.chats,
        "offered": row.offered,
        "messages_left": row.messages_left,
        "answered": row.answered,
        "answered_in_time": row.answered_in_time,
        "abandoned": row.abandoned,
        "answer_time_seconds": _seconds(row.answer_time),
        "first_response_time_seconds": _seconds(row.first_response_time),
        "handle_time_seconds": _seconds(row.handle_time),
        "service_level": row.service_level,
        "abandonment": row.abandonment,
    }


def _form_errors(form: ReportForm) -> str:
    """The form's refusals by field, in its own words (which never repeat the value)."""
    return "; ".join(
        f"{'period' if field == '__all__' else field}: {' '.join(map(str, messages))}"
        for field, messages in form.errors.items()
    )


def report(params: dict[str, str]) -> dict[str, Any]:
    """The period's overall figures, its breakdown and the ratings by team; the filters
    are the reports page's (ids of a team, topic, reason and outcome; a language code)."""
    form = ReportForm(params)
    if not form.is_valid():
        raise invalid(_form_errors(form))
    chosen = form.conversations()
    data = form.cleaned_data
    threshold, by = data["threshold"], data["by"]
    return {
        "start": data["start"],
        "end": data["end"],
        "threshold_seconds": threshold,
        "by": by,
        "overall": _measured(figures.overall(chosen, threshold)),
        "breakdown": [_measured(row) for row in figures.breakdown(chosen, by, threshold)],
        "ratings": [
            {"team": row.team, "count": row.count, "average": row.average}
            for row in figures.ratings_by_team(chosen)
        ],
    }
