"""Casework's legal clocks: the timescales setting, and due dates in working days on each
nation's bank-holiday calendar (the dates below are worked out by hand from the calendar)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from chatserver.casework import checks, clocks
from locality.days import end_of

LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), LONDON).replace(
        hour=hour, minute=minute
    )


def test_the_defaults_are_the_code_and_awaabs_law() -> None:
    timescales = clocks.parse("")
    assert (timescales.stage1_acknowledge, timescales.stage1_respond) == (5, 10)
    assert (timescales.stage2_acknowledge, timescales.stage2_respond) == (5, 20)
    assert timescales.extension == 10
    assert (timescales.emergency_hours, timescales.investigate, timescales.summary) == (24, 10, 3)


def test_a_nation_overrides_some_timescales() -> None:
    timescales = clocks.parse(" stage2_acknowledge = 3, stage2_respond=20 ,")
    assert (timescales.stage2_acknowledge, timescales.stage1_acknowledge) == (3, 5)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("stage3_respond=5", "the names are"),
        ("stage1_respond", "name=number"),
        ("summary=3,summary=4", "sets summary twice"),
        ("summary=0", "from 1 to 365"),
        ("summary=366", "from 1 to 365"),
        ("summary=-1", "from 1 to 365"),
        ("summary=three", "from 1 to 365"),
        ("summary=٣", "from 1 to 365"),
    ],
)
def test_a_bad_setting_is_refused_naming_it(text: str, says: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=says) as refused:
        clocks.parse(text)
    assert clocks.SETTING in str(refused.value)


@given(st.text(max_size=80))
def test_any_text_is_timescales_or_a_clear_refusal(text: str) -> None:
    try:
        timescales = clocks.parse(text)
    except ImproperlyConfigured as error:
        assert clocks.SETTING in str(error)
    else:
        assert all(1 <= getattr(timescales, name) <= 365 for name in clocks.NAMES)


def test_the_system_check_reports_a_bad_setting(settings) -> None:
    settings.CHAT_CASE_TIMESCALES = "summary=0"
    [error] = checks.check_timescales()
    assert error.id == "casework.E001"
    settings.CHAT_CASE_TIMESCALES = "summary=2"
    assert checks.check_timescales() == []


@pytest.mark.parametrize(
    ("nation", "aware", "days", "due"),
    [
        # Christmas 2026: Friday 25th, Boxing Day on the Saturday moved to Monday 28th, New
        # Year's Day on Friday 1 January; Scotland's 2 January (a Saturday) moves to the 4th.
        ("england-and-wales", "2026-12-24", 5, "2027-01-05"),
        ("scotland", "2026-12-24", 5, "2027-01-06"),
        ("northern-ireland", "2026-12-24", 5, "2027-01-05"),
        # St Patrick's Day, Wednesday 17 March 2027, is Northern Ireland's alone.
        ("northern-ireland", "2027-03-12", 5, "2027-03-22"),
        ("england-and-wales", "2027-03-12", 5, "2027-03-19"),
        # Easter 2026: Good Friday 3 April everywhere, Easter Monday 6 April not in Scotland.
        ("england-and-wales", "2026-04-02", 3, "2026-04-09"),
        ("scotland", "2026-04-02", 3, "2026-04-08"),
        # Aware on Saturday 28 November 2026: Monday counts first, except in Scotland where
        # St Andrew's Day is that Monday.
        ("england-and-wales", "2026-11-28", 3, "2026-12-02"),
        ("scotland", "2026-11-28", 3, "2026-12-03"),
        # The Twelfth, Monday 12 July 2027, in Northern Ireland only.
        ("northern-ireland", "2027-07-09", 10, "2027-07-26"),
        ("england-and-wales", "2027-07-09", 10, "2027-07-23"),
    ],
)
def test_working_day_clocks_skip_weekends_and_the_nations_bank_holidays(
    settings, nation: str, aware: str, days: int, due: str
) -> None:
    settings.CHAT_BANK_HOLIDAYS = nation
    found = clocks.working_days_after(at(aware), days)
    assert found.on == date.fromisoformat(due)
    assert found.by == at(due, 23, 59).replace(second=59, microsecond=999999)


def test_a_one_off_bank_holiday_moves_the_clock(settings) -> None:
    settings.CHAT_EXTRA_BANK_HOLIDAYS = [date(2027, 1, 5)]
    assert clocks.working_days_after(at("2026-12-24"), 5).on == date(2027, 1, 6)


def test_the_day_of_awareness_is_the_landlords_local_day() -> None:
    # 00:30 on Friday 5 June 2026 in London (summer time) is still Thursday in UTC.
    assert clocks.working_days_after(at("2026-06-05", 0, 30), 1).on == date(2026, 6, 8)


def test_an_emergency_runs_on_hours_through_holidays_and_weekends() -> None:
    found = clocks.hours_after(at("2026-12-24", 18, 30), 24)
    assert found.by == at("2026-12-25", 18, 30)
    assert found.on == date(2026, 12, 25)


def test_an_extension_adds_working_days_to_the_due_day(settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = "england-and-wales"
    due = clocks.Due(date(2026, 12, 23), end_of(date(2026, 12, 23)))
    assert clocks.extended(due, 3).on == date(2026, 12, 30)
