"""The contact-centre reports page, its CSV exports and the transparency report.

Thin: the filters are a form of GET parameters, the figures come from ``figures`` and
``transparency``, an export is audited through ``actions`` before it streams."""

from collections.abc import Callable, Iterable, Sequence
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from chatserver.chat.access import require_report_reader
from chatserver.reports import actions, casework, charts, exports, figures, transparency
from chatserver.reports.forms import DIMENSION_LABELS, PeriodForm, ReportForm

View = Callable[..., HttpResponseBase]
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def report_reader_required(view: View) -> View:
    """Signed in, and allowed the reports (``access.may_read_reports``): 403 otherwise."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require_report_reader(request.user)
        return view(request, *args, **kwargs)

    return wrapped


def _hour_charts(grid: dict[tuple[int, int], int]) -> dict[str, SafeString]:
    hours = [
        (f"{hour:02d}:00", sum(grid.get((d, hour), 0) for d in range(1, 8))) for hour in range(24)
    ]
    days = [(WEEKDAYS[d - 1], sum(grid.get((d, h), 0) for h in range(24))) for d in range(1, 8)]
    return {
        "hour_chart": mark_safe(charts.labelled_bar_chart(hours, _("Chats by hour started"))),  # noqa: S308
        "weekday_chart": mark_safe(charts.labelled_bar_chart(days, _("Chats by weekday"))),  # noqa: S308
    }


def _grid_rows(grid: dict[tuple[int, int], int]) -> list[tuple[str, list[int]]]:
    return [(WEEKDAYS[d - 1], [grid.get((d, h), 0) for h in range(24)]) for d in range(1, 8)]


@report_reader_required
def report(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    chosen, threshold = form.conversations(), form.cleaned_data["threshold"]
    grid = figures.hours_and_weekdays(chosen)
    context = {
        "form": form,
        "query": request.GET.urlencode(),
        "by_label": DIMENSION_LABELS[form.cleaned_data["by"]],
        "overall": figures.overall(chosen, threshold),
        "rows": figures.breakdown(chosen, form.cleaned_data["by"], threshold),
        "languages": figures.breakdown(chosen, "language", threshold),
        "grid": _grid_rows(grid),
        "hours": range(24),
        **_hour_charts(grid),
        "loads": figures.concurrency(chosen),
        "ratings": figures.ratings_by_team(chosen),
        **_casework(form),
    }
    return render(request, "reports/report.html", context)


CSV_REPORTS: dict[str, tuple[Sequence[str], Callable[[ReportForm], Iterable[Sequence[Any]]]]] = {
    "breakdown": (
        exports.MEASURED_HEADER,
        lambda form: exports.measured_rows(
            figures.breakdown(
                form.conversations(), form.cleaned_data["by"], form.cleaned_data["threshold"]
            )
        ),
    ),
    "languages": (
        exports.MEASURED_HEADER,
        lambda form: exports.measured_rows(
            figures.breakdown(form.conversations(), "language", form.cleaned_data["threshold"])
        ),
    ),
    "hours": (
        ["iso_weekday", "hour", "chats"],
        lambda form: exports.hour_rows(figures.hours_and_weekdays(form.conversations())),
    ),
    "concurrency": (
        ["agent_id", "chats", "average_open", "peak_open"],
        lambda form: exports.load_rows(figures.concurrency(form.conversations())),
    ),
    "ratings": (
        ["team", "ratings", "average"],
        lambda form: exports.rating_rows(figures.ratings_by_team(form.conversations())),
    ),
    "conversations": (
        exports.CONVERSATION_HEADER,
        lambda form: exports.conversation_rows(form.conversations()),
    ),
}


@report_reader_required
def export(request: HttpRequest, name: str) -> HttpResponseBase:
    """One report as CSV (``CSV_REPORTS``), audited before it streams."""
    form = ReportForm(request.GET)
    if name not in CSV_REPORTS or not form.is_valid():
        return render(request, "reports/report.html", {"form": form}, status=400)
    header, rows = CSV_REPORTS[name]
    actions.do_record_export(request.user, name, form.filter_ids())  # type: ignore[arg-type]
    response = StreamingHttpResponse(exports.lines(header, rows(form)), content_type="text/csv")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response["Content-Disposition"] = f'attachment; filename="chats-{name}-{start}-{end}.csv"'
    response["Cache-Control"] = "no-store, private"
    return response


def _casework(form: PeriodForm) -> dict[str, object]:
    found = casework.timeliness(form.cleaned_data["start"], form.cleaned_data["end"])
    return {"casework": found, "casework_rows": casework.table(found), "case_kinds": casework.KINDS}


@report_reader_required
def transparency_report(request: HttpRequest) -> HttpResponse:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return render(request, "reports/transparency.html", {"form": form}, status=400)
    start, end = form.period()
    context = {
        "form": form,
        "figures": transparency.figures(start, end),
        **_casework(form),
    }
    return render(request, "reports/transparency.html", context)
