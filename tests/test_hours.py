"""Opening hours and the bank-holiday calendars."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from chatserver.chat import checks, hours
from chatserver.chat.models import Closure
from locality import holidays

pytestmark = pytest.mark.django_db

WEEKDAYS_9_TO_5 = "mon-fri 09:00-17:00"


@pytest.fixture
def open_weekdays(settings) -> None:
    settings.CHAT_OPENING_HOURS = WEEKDAYS_9_TO_5
    settings.CHAT_TIME_ZONE = "Europe/London"
    settings.CHAT_CLOSURES = ""
    settings.CHAT_BANK_HOLIDAYS = holidays.ENGLAND_AND_WALES


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def test_no_hours_means_always_open(settings) -> None:
    settings.CHAT_OPENING_HOURS = None
    assert hours.opening(utc(2026, 12, 25, 3)) == hours.Opening(True, None, None)


def test_open_until_the_end_of_the_day_in_summer_time(open_weekdays) -> None:
    # Wednesday 1 July 2026, 10:00 BST is 09:00 UTC; 17:00 BST is 16:00 UTC.
    now = hours.opening(utc(2026, 7, 1, 9))
    assert now == hours.Opening(True, utc(2026, 7, 1, 16), None)


def test_closed_over_the_clock_change_weekend_opens_monday_at_nine_local(open_weekdays) -> None:
    # Saturday 24 October 2026 (BST); the clocks go back on Sunday 25th, so Monday
    # 26th 09:00 is 09:00 GMT = 09:00 UTC, an hour later in UTC than a week before.
    assert hours.opening(utc(2026, 10, 24, 12)).opens_at == utc(2026, 10, 26, 9)
    assert hours.opening(utc(2026, 10, 17, 12)).opens_at == utc(2026, 10, 19, 8)


def test_friday_evening_opens_monday_and_a_bank_holiday_is_skipped(open_weekdays) -> None:
    # Friday 28 August 2026 at 18:00 BST; Monday 31 August is the summer bank holiday.
    now = hours.opening(utc(2026, 8, 28, 17))
    assert now == hours.Opening(False, None, utc(2026, 9, 1, 8))


def test_bank_holidays_can_be_working_days(open_weekdays, settings) -> None:
    settings.CHAT_OPEN_ON_BANK_HOLIDAYS = True
    assert hours.opening(utc(2026, 8, 31, 10)).is_open


def test_closures_from_the_environment_and_the_admin(open_weekdays, settings) -> None:
    settings.CHAT_CLOSURES = "2026-07-01..2026-07-02"
    Closure.objects.create(starts_on=date(2026, 7, 3), ends_on=date(2026, 7, 3), reason="move")
    assert hours.opening(utc(2026, 7, 1, 9)).opens_at == utc(2026, 7, 6, 8)


def test_hours_running_to_midnight_join_the_next_day(settings) -> None:
    settings.CHAT_OPENING_HOURS = "mon 20:00-24:00; tue 00:00-02:00"
    settings.CHAT_CLOSURES = ""
    # Monday 7 December 2026, 21:00 GMT: open until 02:00 on Tuesday.
    assert hours.opening(utc(2026, 12, 7, 21)).closes_at == utc(2026, 12, 8, 2)


def test_several_ranges_in_a_day(settings) -> None:
    settings.CHAT_OPENING_HOURS = "mon 09:00-12:00, 13:00-17:00"
    settings.CHAT_CLOSURES = ""
    lunch = hours.opening(utc(2026, 12, 7, 12, 30))
    assert lunch == hours.Opening(False, None, utc(2026, 12, 7, 13))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("mon-fri 09:00-17:00; wed 16:00-18:00", "overlap"),
        ("mon 17:00-09:00", "ends before it starts"),
        ("mon 25:00-26:00", "not a time of day"),
        ("mon 09:60-10:00", "not a time of day"),
        ("funday 09:00-10:00", "must read like"),
        ("fri-mon 09:00-10:00", "runs backwards"),
        ("mon 9-5", "must read like 09:00-17:00"),
    ],
)
def test_bad_hours_stop_the_server_naming_the_variable(text: str, problem: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"CHAT_OPENING_HOURS.*{problem}"):
        hours.parse_weekly_hours("CHAT_OPENING_HOURS", text)


@pytest.mark.parametrize("text", ["2026-13-01", "2026-12-24..2026-12-01", "soon"])
def test_bad_closures_stop_the_server(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="CHAT_CLOSURES"):
        hours.parse_closures("CHAT_CLOSURES", text)


@pytest.mark.parametrize(
    ("region", "year", "expected"),
    [
        # gov.uk's published lists.
        (
            holidays.ENGLAND_AND_WALES,
            2026,
            ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
        ),
        (
            # gov.uk lists Scotland's one-off Monday 15 June 2026 (its first World Cup
            # finals since 1998, by royal proclamation), which the package has.
            holidays.SCOTLAND,
            2026,
            [
                "01-01",
                "01-02",
                "04-03",
                "05-04",
                "05-25",
                "06-15",
                "08-03",
                "11-30",
                "12-25",
                "12-28",
            ],
        ),
        (
            holidays.NORTHERN_IRELAND,
            2026,
            [
                "01-01",
                "03-17",
                "04-03",
                "04-06",
                "05-04",
                "05-25",
                "07-13",
                "08-31",
                "12-25",
                "12-28",
            ],
        ),
        (
            # gov.uk's 2022 list for Scotland: the spring holiday moved to Thursday 2 June,
            # the Platinum Jubilee on Friday 3 June, the Queen's state funeral on Monday
            # 19 September. The old rules table had 30 May and neither one-off; the package
            # has gov.uk's dates.
            holidays.SCOTLAND,
            2022,
            [
                "01-03",
                "01-04",
                "04-15",
                "05-02",
                "06-02",
                "06-03",
                "08-01",
                "09-19",
                "11-30",
                "12-26",
                "12-27",
            ],
        ),
    ],
)
def test_bank_holidays_of_each_nation(region: str, year: int, expected: list[str]) -> None:
    found = sorted(day.strftime("%m-%d") for day in holidays.bank_holidays(year, region))
    assert found == sorted(expected)


def test_hours_are_parsed_from_the_setting_each_time_it_changes(settings) -> None:
    settings.CHAT_OPENING_HOURS = "mon 09:00-10:00"
    assert hours.weekly_hours() == {0: ((540, 600),)}
    settings.CHAT_OPENING_HOURS = "tue 09:00-10:00"
    assert hours.weekly_hours() == {1: ((540, 600),)}
    settings.CHAT_OPENING_HOURS = None
    assert hours.weekly_hours() is None


@pytest.mark.parametrize(
    ("name", "value", "check_id"),
    [
        ("CHAT_OPENING_HOURS", "mon 09:00-25:00", "chat.E003"),
        ("CHAT_CLOSURES", "soon", "chat.E004"),
        # "wales" names a nation now (the package has Wales's calendar).
        ("CHAT_BANK_HOLIDAYS", "cornwall", "chat.E005"),
        ("CHAT_EMERGENCY_PHRASES", '{"tsunami": ["wave"]}', "chat.E006"),
    ],
)
def test_a_bad_setting_is_a_check_error_naming_it(settings, name, value, check_id) -> None:
    assert checks.check_parsed_settings() == []
    setattr(settings, name, value)
    [error] = checks.check_parsed_settings()
    assert error.id == check_id and error.msg.startswith(name)


def test_the_bank_holiday_nation_is_read_case_blind_and_defaults_to_england(settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = " Scotland "
    assert holidays.configured_region() == holidays.SCOTLAND
    settings.CHAT_BANK_HOLIDAYS = ""
    assert holidays.configured_region() == holidays.ENGLAND_AND_WALES
