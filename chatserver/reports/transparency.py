"""The transparency report's figures for a period: counts only, nothing personal.

Landlords publish such figures yearly: chats and their answer times (``figures``' words,
at the default threshold), Welsh against English, subject requests answered within
their statutory deadline (one calendar month from receipt, three when extended), third-
party disclosures by lawful basis and the retention job's runs.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from chatserver.reports.figures import Measured, breakdown, overall
from chatserver.reports.forms import DEFAULT_THRESHOLD_SECONDS
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry, Disclosure, SubjectRequest
from transcripts.record.models import Conversation


@dataclass(frozen=True)
class Requests:
    """Subject requests completed in the period, and how many by their deadline."""

    answered: int
    on_time: int
    extended: int


@dataclass(frozen=True)
class Retention:
    """The retention job's runs in the period (dry runs left out), and what they did."""

    runs: int
    aged: int
    purged: int


@dataclass(frozen=True)
class Transparency:
    threshold_seconds: int
    chats: Measured
    languages: list[Measured]
    requests: Requests
    disclosures: list[tuple[str, int]]
    retention: Retention


def subject_requests(start: datetime, end: datetime) -> Requests:
    done = SubjectRequest.objects.filter(completed_at__gte=start, completed_at__lt=end)
    counts = done.aggregate(
        answered=Count("pk"),
        on_time=Count("pk", filter=Q(completed_at__date__lte=F("deadline"))),
        extended=Count("pk", filter=~Q(extension="")),
    )
    return Requests(**counts)


def disclosures(start: datetime, end: datetime) -> list[tuple[str, int]]:
    """Every lawful basis with the disclosures made on it in the period (0 when none)."""
    counts = dict(
        Disclosure.objects.filter(disclosed_at__gte=start, disclosed_at__lt=end)
        .order_by()
        .values_list("lawful_basis")
        .annotate(total=Count("pk"))
        .values_list("lawful_basis", "total")
    )
    return [(str(label), counts.get(value, 0)) for value, label in Disclosure.LawfulBasis.choices]


def retention_runs(start: datetime, end: datetime) -> Retention:
    runs = AuditEntry.objects.filter(
        action=audit.RETENTION_RUN, at__gte=start, at__lt=end, detail__dry_run=False
    )
    totals = runs.aggregate(
        runs=Count("pk"),
        aged=Sum(Cast(KT("detail__aged"), IntegerField())),
        purged=Sum(Cast(KT("detail__purged"), IntegerField())),
    )
    return Retention(totals["runs"], totals["aged"] or 0, totals["purged"] or 0)


def figures(start: datetime, end: datetime) -> Transparency:
    chats = Conversation.objects.filter(created_at__gte=start, created_at__lt=end)
    return Transparency(
        threshold_seconds=DEFAULT_THRESHOLD_SECONDS,
        chats=overall(chats, DEFAULT_THRESHOLD_SECONDS),
        languages=breakdown(chats, "language", DEFAULT_THRESHOLD_SECONDS),
        requests=subject_requests(start, end),
        disclosures=disclosures(start, end),
        retention=retention_runs(start, end),
    )
