"""What is due: each open case's waiting steps, soonest first, and which are overdue, then
the open cases with no step waiting (ready to close). Read by the casework pages, the
supervisors' dashboard and the daily digest."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet

from chatserver.casework.models import NEXT_STEP, STEP_ORDER, Case, CaseStep


@dataclass(frozen=True)
class Due:
    """An open case's waiting step (its reference, kind, the step to take next and its due
    time), or an open case with nothing waiting (no step, no due time): ready to close."""

    reference: str
    kind: str
    stage: int
    step: str
    due_on: date | None
    due_by: datetime | None
    overdue: bool
    team: str

    @property
    def ready_to_close(self) -> bool:
        return self.due_by is None


def waiting_steps(cases: QuerySet[Case] | None = None) -> QuerySet[CaseStep]:
    """The steps not yet done of open cases (of ``cases`` when given), soonest due first."""
    steps = CaseStep.objects.filter(done_at=None, case__closed_at=None)
    if cases is not None:
        steps = steps.filter(case__in=cases)
    return steps.select_related("case__team").order_by("due_by", "case__reference")


def ready_to_close(cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The open cases (of ``cases`` when given) with no step waiting, oldest first."""
    found = Case.objects.filter(closed_at=None).exclude(
        pk__in=CaseStep.objects.filter(done_at=None).values("case_id")
    )
    if cases is not None:
        found = found.filter(pk__in=cases.values("pk"))
    return found.select_related("team").order_by("aware_at", "reference")


def _team(case: Case) -> str:
    return case.team.name if case.team else ""


def due_list(now: datetime, cases: QuerySet[Case] | None = None) -> list[Due]:
    """Every open case: the waiting steps soonest first, then those ready to close."""
    waiting = [
        Due(
            reference=step.case.shown_reference,
            kind=step.case.get_kind_display(),
            stage=step.stage,
            step=NEXT_STEP[step.step],
            due_on=step.due_on,
            due_by=step.due_by,
            overdue=step.due_by < now,
            team=_team(step.case),
        )
        for step in waiting_steps(cases)
    ]
    ready = [
        Due(
            reference=case.shown_reference,
            kind=case.get_kind_display(),
            stage=case.stage,
            step="",
            due_on=None,
            due_by=None,
            overdue=False,
            team=_team(case),
        )
        for case in ready_to_close(cases)
    ]
    return waiting + ready


def steps_in_order(case: Case) -> list[CaseStep]:
    """The case's steps in the order its clock runs: by stage, then each step's place in
    its kind's sequence (an early investigation's summary may fall due before the
    investigation's own date, yet follows it)."""
    return sorted(case.steps.all(), key=lambda step: (step.stage, STEP_ORDER.index(step.step)))


def overdue_count(now: datetime) -> int:
    return waiting_steps().filter(due_by__lt=now).count()
