"""Working-day arithmetic over the nations' bank-holiday calendars (the clocks of
complaints and hazards count in working days)."""

from datetime import date

import pytest

from locality import holidays

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("region", "start", "days", "expected"),
    [
        # Friday 18 December 2026: Christmas Day is a Friday, Boxing Day's substitute Monday 28.
        (holidays.ENGLAND_AND_WALES, date(2026, 12, 18), 5, date(2026, 12, 29)),
        # Thursday 31 December 2026: Scotland also keeps 2 January (a Saturday in 2027,
        # moved to Monday 4), so its next working day is Tuesday 5 January.
        (holidays.SCOTLAND, date(2026, 12, 31), 1, date(2027, 1, 5)),
        (holidays.ENGLAND_AND_WALES, date(2026, 12, 31), 1, date(2027, 1, 4)),
        # Northern Ireland's 17 March 2027 is a Wednesday.
        (holidays.NORTHERN_IRELAND, date(2027, 3, 16), 1, date(2027, 3, 18)),
        (holidays.ENGLAND_AND_WALES, date(2027, 3, 16), 1, date(2027, 3, 17)),
        # A start on a weekend counts from the next working day; zero days is the start.
        (holidays.ENGLAND_AND_WALES, date(2026, 12, 5), 1, date(2026, 12, 7)),
        (holidays.ENGLAND_AND_WALES, date(2026, 12, 5), 0, date(2026, 12, 5)),
        (holidays.ENGLAND_AND_WALES, date(2026, 12, 7), 10, date(2026, 12, 21)),
    ],
)
def test_working_days_skip_weekends_and_the_nations_holidays(
    settings, region: str, start: date, days: int, expected: date
) -> None:
    settings.CHAT_BANK_HOLIDAYS = region
    settings.CHAT_EXTRA_BANK_HOLIDAYS = []
    assert holidays.add_working_days(start, days) == expected


def test_an_extra_bank_holiday_is_skipped(settings) -> None:
    settings.CHAT_BANK_HOLIDAYS = holidays.ENGLAND_AND_WALES
    settings.CHAT_EXTRA_BANK_HOLIDAYS = [date(2026, 12, 8)]
    assert holidays.add_working_days(date(2026, 12, 7), 1) == date(2026, 12, 9)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="working days"):
        holidays.add_working_days(date(2026, 12, 7), -1)
