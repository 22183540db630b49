"""Casework's timeliness figures for reports: for each kind of case the landlord became
aware of in a period, how many there were and how many of their steps were done in time.

A case belongs to the period by its awareness time (the day its clock started, in the
landlord's time zone), both ends included. Step figures count steps, not cases: a
complaint taken to stage 2 has two acknowledgements and two answers. "In time" is done
by the step's due time, after any extension.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from chatserver.casework import queries
from chatserver.casework.models import Case, CaseStep, Kind, Step
from locality.days import end_of, start_of


@dataclass(frozen=True)
class KindFigures:
    """One kind's figures. ``answered_in_time`` is a complaint's or service request's
    answers, a hazard's written summaries; ``made_safe_in_time`` an emergency hazard's
    making safe and ``investigated_in_time`` a significant one's investigation.
    ``extended`` and ``overdue_now`` count cases: those with an answer extended, and
    those still open with a step past its due time now."""

    kind: str
    opened: int = 0
    acknowledged_in_time: int = 0
    answered_in_time: int = 0
    made_safe_in_time: int = 0
    investigated_in_time: int = 0
    extended: int = 0
    overdue_now: int = 0


@dataclass(frozen=True)
class Timeliness:
    start: date
    end: date
    kinds: tuple[KindFigures, ...]

    def of(self, kind: str) -> KindFigures:
        return next(figures for figures in self.kinds if figures.kind == kind)


_IN_TIME_FIELDS: dict[str, str] = {
    Step.ACKNOWLEDGE: "acknowledged_in_time",
    Step.RESPOND: "answered_in_time",
    Step.SUMMARY: "answered_in_time",
    Step.MAKE_SAFE: "made_safe_in_time",
    Step.INVESTIGATE: "investigated_in_time",
}


def _by_kind(rows: Iterable[dict[str, Any]]) -> dict[str, int]:
    return {str(row["kind"]): int(row["n"]) for row in rows}


def _steps_in_time(cases: QuerySet[Case]) -> Counter[tuple[str, str]]:
    """How many steps done in time count towards each (kind, figure)."""
    done = CaseStep.objects.filter(case__in=cases, done_at__lte=F("due_by"))
    counts: Counter[tuple[str, str]] = Counter()
    for row in done.values("case__kind", "step").annotate(n=Count("id")):
        counts[(str(row["case__kind"]), _IN_TIME_FIELDS[row["step"]])] += int(row["n"])
    return counts


def timeliness(start: date, end: date, *, now: datetime | None = None) -> Timeliness:
    """The figures of the cases the landlord became aware of from ``start`` to ``end``."""
    if end < start:
        raise ValueError("the period ends before it starts")
    now = now or timezone.now()
    cases = Case.objects.filter(aware_at__gte=start_of(start), aware_at__lte=end_of(end))
    opened = _by_kind(cases.values("kind").annotate(n=Count("id")))
    extended = _by_kind(
        cases.filter(steps__extended_days__gt=0)
        .values("kind")
        .annotate(n=Count("id", distinct=True))
    )
    late = queries.waiting_steps(cases).filter(due_by__lt=now).values("case_id")
    overdue = _by_kind(cases.filter(pk__in=late).values("kind").annotate(n=Count("id")))
    in_time = _steps_in_time(cases)
    kinds = tuple(
        KindFigures(
            kind=kind,
            opened=opened.get(kind, 0),
            acknowledged_in_time=in_time[(kind, "acknowledged_in_time")],
            answered_in_time=in_time[(kind, "answered_in_time")],
            made_safe_in_time=in_time[(kind, "made_safe_in_time")],
            investigated_in_time=in_time[(kind, "investigated_in_time")],
            extended=extended.get(kind, 0),
            overdue_now=overdue.get(kind, 0),
        )
        for kind in Kind.values
    )
    return Timeliness(start=start, end=end, kinds=kinds)
