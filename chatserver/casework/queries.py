"""What is due: each open case's waiting steps, soonest first, and which are overdue. Read
by the casework pages, the supervisors' dashboard and the daily digest."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from chatserver.casework.models import Case, CaseStep


@dataclass(frozen=True)
class Due:
    """A waiting step of an open case: its reference, kind, step and due time."""

    reference: str
    kind: str
    stage: int
    step: str
    due_on: date
    due_by: datetime
    overdue: bool
    team: str


def waiting_steps(cases: QuerySet[Case] | None = None) -> QuerySet[CaseStep]:
    """The steps not yet done of open cases (of ``cases`` when given), soonest due first."""
    steps = CaseStep.objects.filter(done_at=None, case__closed_at=None)
    if cases is not None:
        steps = steps.filter(case__in=cases)
    return steps.select_related("case__team").order_by("due_by", "case__reference")


def due_list(now: datetime, cases: QuerySet[Case] | None = None) -> list[Due]:
    return [
        Due(
            reference=step.case.shown_reference,
            kind=step.case.get_kind_display(),
            stage=step.stage,
            step=step.get_step_display(),
            due_on=step.due_on,
            due_by=step.due_by,
            overdue=step.due_by < now,
            team=step.case.team.name if step.case.team else "",
        )
        for step in waiting_steps(cases)
    ]


def overdue_count(now: datetime) -> int:
    return waiting_steps().filter(due_by__lt=now).count()
