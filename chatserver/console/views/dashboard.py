"""The supervisor's dashboard: figures, charts, retention, the audit log, open subject
requests and recent disclosures."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from chatserver.casework import queries
from chatserver.chat import access
from chatserver.console import audit_words, stats
from chatserver.console.forms import SubjectRequestForm
from chatserver.console.views.common import day, supervisor_required
from chatserver.reports import charts
from transcripts.compliance import audit, retention
from transcripts.compliance.models import AuditEntry, Disclosure, SubjectRequest


def _audit_entries(filters: QueryDict) -> QuerySet[AuditEntry]:
    """The audit log, newest first, narrowed by action, actor and days."""
    entries = AuditEntry.objects.select_related("actor").order_by("-at")
    if filters.get("action", ""):
        entries = entries.filter(action=filters["action"])
    actor = filters.get("actor", "")
    if actor.isdigit():
        entries = entries.filter(actor_id=int(actor))
    start, end = day(filters.get("from")), day(filters.get("to"), end=True)
    if start:
        entries = entries.filter(at__gte=start)
    if end:
        entries = entries.filter(at__lte=end)
    return entries


def _charts(figures: stats.Dashboard) -> dict[str, SafeString]:
    ratings = figures.ratings.per_day
    return {
        "chart": mark_safe(charts.bar_chart(figures.per_day, "Chats per day, last 30 days")),  # noqa: S308
        "rating_chart": mark_safe(  # noqa: S308  (built from numbers and escaped labels)
            charts.bar_chart(
                [(when, row.average) for when, row in ratings],
                "Average rating per day, last 30 days",
                unit="average",
                top=5,
                scale_label="Best: 5",
                notes=[_ratings_counted(row.count) for _day, row in ratings],
            )
        ),
    }


def _ratings_counted(count: int) -> str:
    return "no ratings" if not count else f"{count} rating{pluralize(count)}"


def _open_requests() -> list[dict[str, Any]]:
    """The deadline register: open requests, soonest due first, the overdue marked."""
    today = timezone.localdate()
    return [
        {
            "request": request,
            "days_left": (request.deadline - today).days,
            "overdue": (today - request.deadline).days if request.deadline < today else 0,
        }
        for request in SubjectRequest.objects.filter(completed_at=None)
        .select_related("reached")
        .order_by("deadline")
    ]


def _completed_requests() -> QuerySet[SubjectRequest]:
    """Completed requests, latest first, with their dates (the last 100)."""
    completed = SubjectRequest.objects.exclude(completed_at=None).select_related("reached")
    return completed.order_by("-completed_at")[:100]


def _audit_page(filters: QueryDict) -> Any:
    """A page of the audit log, each entry's details in words."""
    page = Paginator(_audit_entries(filters), 50).get_page(filters.get("page"))
    for entry in page:
        entry.words = audit_words.describe(entry.detail)  # type: ignore[attr-defined]
        entry.label = audit.label(entry.action)  # type: ignore[attr-defined]
    return page


def _casework() -> dict[str, Any]:
    """Every open case: its waiting step, soonest due first, or ready to close; and how many
    are overdue."""
    due = queries.due_list(timezone.now())
    return {"cases_due": due, "cases_overdue": sum(item.overdue for item in due)}


@supervisor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return dashboard_page(request, SubjectRequestForm())


def dashboard_page(
    request: HttpRequest, request_form: SubjectRequestForm, status: int = 200
) -> HttpResponse:
    """The dashboard, with the "Record request" form as given: a refused form comes back
    here with its values and its errors beside the fields."""
    figures = stats.dashboard()
    context = {
        "figures": figures,
        "emergencies": stats.emergencies_by_category(),
        "wrap_ups": stats.wrap_up_counts(),
        **_charts(figures),
        "last_run": retention.last_run(),
        "retention_warning": retention.overdue_warning(),
        "audit": _audit_page(request.GET),
        "actions": audit.written_action_choices(),
        "actors": get_user_model().objects.filter(auditentry__isnull=False).distinct(),
        "filters": request.GET,
        **_casework(),
        "subject_requests": _open_requests(),
        "completed_requests": _completed_requests(),
        "disclosures": Disclosure.objects.select_related("disclosed_by")[:50],
        "request_kinds": SubjectRequest.Kind.choices,
        "request_form": request_form,
        "agent_accounts": access.accounts_to_sign_out().order_by("username"),
    }
    return render(request, "console/dashboard.html", context, status=status)
