"""The four nations' bank-holiday calendars, from the `holidays` package, against the lists
gov.uk publishes (https://www.gov.uk/bank-holidays), and what they close and move."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from chatserver.chat import checks, hours
from locality import holidays
from transcripts.compliance import deadlines

pytestmark = pytest.mark.django_db

ENGLAND_AND_WALES_HOLIDAYS = {
    # Christmas Day and Boxing Day on a weekend: substitute Monday 27 and Tuesday 28.
    2021: ["01-01", "04-02", "04-05", "05-03", "05-31", "08-30", "12-27", "12-28"],
    # New Year's Day on a Saturday (substitute 3 January); Christmas Day on a Sunday
    # (substitute Tuesday 27, after Boxing Day); the spring holiday moved to 2 June beside
    # the Platinum Jubilee on 3 June, and the Queen's state funeral on 19 September.
    2022: [
        "01-03",
        "04-15",
        "04-18",
        "05-02",
        "06-02",
        "06-03",
        "08-29",
        "09-19",
        "12-26",
        "12-27",
    ],
    # New Year's Day on a Sunday; the coronation on 8 May.
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    # Christmas Day on a Saturday, Boxing Day on a Sunday again.
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}

SCOTLAND_HOLIDAYS = {
    # 2 January on a Saturday: substitute Monday 4 January.
    2021: ["01-01", "01-04", "04-02", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"],
    # New Year's Day and 2 January on a weekend: substitutes Monday 3 and Tuesday 4.
    2022: [
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
    # St Andrew's Day on a Sunday: substitute Monday 1 December.
    2025: ["01-01", "01-02", "04-18", "05-05", "05-26", "08-04", "12-01", "12-25", "12-26"],
    # Monday 15 June: the one-off holiday for Scotland's first World Cup finals since 1998.
    2026: [
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
    2027: ["01-01", "01-04", "03-26", "05-03", "05-31", "08-02", "11-30", "12-27", "12-28"],
}

NORTHERN_IRELAND_HOLIDAYS = {
    2021: [
        "01-01",
        "03-17",
        "04-02",
        "04-05",
        "05-03",
        "05-31",
        "07-12",
        "08-30",
        "12-27",
        "12-28",
    ],
    # St Patrick's Day on a Sunday: substitute Monday 18 March.
    2024: [
        "01-01",
        "03-18",
        "03-29",
        "04-01",
        "05-06",
        "05-27",
        "07-12",
        "08-26",
        "12-25",
        "12-26",
    ],
    # 12 July on a Sunday: substitute Monday 13 July.
    2026: [
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
    2027: [
        "01-01",
        "03-17",
        "03-26",
        "03-29",
        "05-03",
        "05-31",
        "07-12",
        "08-30",
        "12-27",
        "12-28",
    ],
}

CALENDARS = {
    holidays.ENGLAND_AND_WALES: ENGLAND_AND_WALES_HOLIDAYS,
    holidays.ENGLAND: ENGLAND_AND_WALES_HOLIDAYS,
    holidays.WALES: ENGLAND_AND_WALES_HOLIDAYS,
    holidays.SCOTLAND: SCOTLAND_HOLIDAYS,
    holidays.NORTHERN_IRELAND: NORTHERN_IRELAND_HOLIDAYS,
}
NATIONS = [
    (region, year, days)
    for region, calendar in CALENDARS.items()
    for year, days in calendar.items()
]


@pytest.mark.parametrize(("region", "year", "expected"), NATIONS)
def test_each_nation_has_the_bank_holidays_gov_uk_lists(
    region: str, year: int, expected: list[str]
) -> None:
    found = sorted(day.strftime("%m-%d") for day in holidays.bank_holidays(year, region))
    assert found == expected


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("england-and-wales", holidays.ENGLAND_AND_WALES),
        ("England", holidays.ENGLAND),
        (" WALES ", holidays.WALES),
        ("Northern-Ireland", holidays.NORTHERN_IRELAND),
        ("", holidays.ENGLAND_AND_WALES),
    ],
)
def test_the_setting_names_a_nation_case_blind(settings, value: str, region: str) -> None:
    settings.CHAT_BANK_HOLIDAYS = value
    assert holidays.configured_region() == region


def test_an_unknown_nation_is_reported_with_the_known_ones(settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = "cornwall"
    with pytest.raises(ImproperlyConfigured) as raised:
        holidays.configured_region()
    for region in holidays.REGIONS:
        assert region in str(raised.value)
    [error] = checks.check_parsed_settings()
    assert error.id == "chat.E005" and "wales" in error.msg


def test_a_nation_passed_directly_must_be_known() -> None:
    with pytest.raises(ValueError, match="cornwall"):
        holidays.bank_holidays(2026, "cornwall")


def test_an_extra_holiday_the_package_lacks_closes_the_chat_and_moves_deadlines(settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = holidays.ENGLAND_AND_WALES
    settings.CHAT_EXTRA_BANK_HOLIDAYS = [date(2027, 6, 7)]
    assert not holidays.is_working_day(date(2027, 6, 7))
    assert date(2027, 6, 7) not in holidays.bank_holidays(2027)
    assert deadlines.statutory_deadline(date(2027, 5, 7)) == date(2027, 6, 8)


@pytest.mark.parametrize(
    ("region", "received", "deadline"),
    [
        # One month from 2 May 2022 is Thursday 2 June: the moved spring holiday, then the
        # Platinum Jubilee, so the deadline is Monday 6 June.
        (holidays.ENGLAND_AND_WALES, date(2022, 5, 2), date(2022, 6, 6)),
        # Monday 15 June 2026 is a holiday in Scotland only.
        (holidays.SCOTLAND, date(2026, 5, 15), date(2026, 6, 16)),
        (holidays.ENGLAND_AND_WALES, date(2026, 5, 15), date(2026, 6, 15)),
        # 12 July 2027 is a Monday, a holiday in Northern Ireland only.
        (holidays.NORTHERN_IRELAND, date(2027, 6, 12), date(2027, 7, 13)),
        (holidays.WALES, date(2027, 6, 12), date(2027, 7, 12)),
    ],
)
def test_request_deadlines_move_past_the_nations_holidays(
    settings, region: str, received: date, deadline: date
) -> None:
    settings.CHAT_BANK_HOLIDAYS = region
    settings.CHAT_EXTRA_BANK_HOLIDAYS = []
    assert deadlines.statutory_deadline(received) == deadline


@pytest.mark.parametrize(
    ("region", "is_open"),
    [(holidays.SCOTLAND, False), (holidays.ENGLAND, True), (holidays.NORTHERN_IRELAND, True)],
)
def test_st_andrews_day_closes_the_chat_in_scotland_only(
    settings, region: str, is_open: bool
) -> None:
    settings.CHAT_OPENING_HOURS = "mon-fri 09:00-17:00"
    settings.CHAT_TIME_ZONE = "Europe/London"
    settings.CHAT_CLOSURES = ""
    settings.CHAT_OPEN_ON_BANK_HOLIDAYS = False
    settings.CHAT_BANK_HOLIDAYS = region
    # Monday 30 November 2026, 10:00 GMT.
    now = hours.opening(datetime(2026, 11, 30, 10, tzinfo=UTC))
    assert now.is_open is is_open
    if not is_open:
        assert now.opens_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
