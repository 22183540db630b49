"""casework.figures.timeliness against numbers worked out by hand from the cases below."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from chatserver.casework.figures import KindFigures, timeliness
from chatserver.casework.models import Case, CaseStep

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2027, 2, 10, 12, 0, tzinfo=LONDON)
_made = iter(range(10_000))


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=LONDON)


def case(kind: str, aware: datetime, *steps, severity: str = "", closed: bool = False) -> Case:
    """A case as the actions leave it; each step (step, stage, due_by, done_at, extended)."""
    made = Case.objects.create(
        reference=f"T{next(_made):07d}",
        kind=kind,
        severity=severity,
        category="damp_and_mould" if severity else "",
        stage=1 if kind == "complaint" else 0,
        aware_seq=1,
        aware_at=aware,
        recorded_at=aware,
        closed_at=NOW if closed else None,
    )
    for step, stage, due_by, done_at, extended in steps:
        CaseStep.objects.create(
            case=made,
            step=step,
            stage=stage,
            due_on=due_by.date(),
            due_by=due_by,
            done_at=done_at,
            extended_days=extended,
        )
    return made


@pytest.fixture
def january() -> None:
    # Complaints: one acknowledged and answered in time (after a 5-day extension), one
    # acknowledged late and its answer overdue now; one from December is not counted.
    case(
        "complaint",
        at("2027-01-05"),
        ("acknowledge", 1, at("2027-01-12", 23, 59), at("2027-01-11"), 0),
        ("respond", 1, at("2027-02-02", 23, 59), at("2027-01-28"), 5),
        closed=True,
    )
    case(
        "complaint",
        at("2027-01-20"),
        ("acknowledge", 1, at("2027-01-27", 23, 59), at("2027-01-29"), 0),
        ("respond", 1, at("2027-02-05", 23, 59), None, 0),
    )
    case(
        "complaint",
        at("2026-12-31"),
        ("acknowledge", 1, at("2027-01-08", 23, 59), at("2027-01-04"), 0),
    )
    # Service requests: one answered in time; one aware late on 31 January (London time),
    # not yet due.
    case("service_request", at("2027-01-10"), ("respond", 0, at("2027-01-22"), at("2027-01-20"), 0))
    case("service_request", at("2027-01-31", 23, 30), ("respond", 0, at("2027-02-12"), None, 0))
    # Hazards: an emergency made safe in 23 hours, one in 25; a significant one
    # investigated and summarised in time, another's investigation overdue now.
    case(
        "hazard",
        at("2027-01-15", 9),
        ("make_safe", 0, at("2027-01-16", 9), at("2027-01-16", 8), 0),
        severity="emergency",
    )
    case(
        "hazard",
        at("2027-01-16", 9),
        ("make_safe", 0, at("2027-01-17", 9), at("2027-01-17", 10), 0),
        severity="emergency",
    )
    case(
        "hazard",
        at("2027-01-04"),
        ("investigate", 0, at("2027-01-18"), at("2027-01-15"), 0),
        ("summary", 0, at("2027-01-20"), at("2027-01-19"), 0),
        severity="significant",
    )
    case(
        "hazard",
        at("2027-01-25"),
        ("investigate", 0, at("2027-02-08"), None, 0),
        severity="significant",
    )


def test_january_by_hand(january) -> None:
    figures = timeliness(date(2027, 1, 1), date(2027, 1, 31), now=NOW)
    assert figures.of("complaint") == KindFigures(
        "complaint", opened=2, acknowledged_in_time=1, answered_in_time=1, extended=1, overdue_now=1
    )
    assert figures.of("service_request") == KindFigures(
        "service_request", opened=2, answered_in_time=1
    )
    assert figures.of("hazard") == KindFigures(
        "hazard",
        opened=4,
        answered_in_time=1,
        made_safe_in_time=1,
        investigated_in_time=1,
        overdue_now=1,
    )


def test_the_period_is_by_awareness_day_both_ends_included(january) -> None:
    figures = timeliness(date(2027, 1, 31), date(2027, 1, 31), now=NOW)
    assert [kind.opened for kind in figures.kinds] == [0, 1, 0]
    assert timeliness(date(2026, 12, 1), date(2026, 12, 31), now=NOW).of("complaint") == (
        KindFigures("complaint", opened=1, acknowledged_in_time=1, overdue_now=0)
    )


def test_a_closed_case_is_never_overdue(january) -> None:
    Case.objects.filter(kind="hazard").update(closed_at=NOW)
    assert timeliness(date(2027, 1, 1), date(2027, 1, 31), now=NOW).of("hazard").overdue_now == 0


def test_an_empty_period_and_a_backwards_one() -> None:
    empty = timeliness(date(2027, 1, 1), date(2027, 1, 31), now=NOW)
    assert empty.kinds == (
        KindFigures("complaint"),
        KindFigures("service_request"),
        KindFigures("hazard"),
    )
    with pytest.raises(ValueError, match="ends before it starts"):
        timeliness(date(2027, 2, 1), date(2027, 1, 31))
