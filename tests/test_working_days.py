"""Working-day arithmetic over the nations' bank-holiday calendars (the clocks of
complaints and hazards count in working days)."""

from datetime import date, timedelta

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

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


@hypothesis_settings(max_examples=200, deadline=None)
@given(
    region=st.sampled_from(holidays.REGIONS),
    start=st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
)
def test_working_days_land_on_working_days_and_grow_with_the_count(
    region: str, start: date, days: int
) -> None:
    with override_settings(CHAT_BANK_HOLIDAYS=region, CHAT_EXTRA_BANK_HOLIDAYS=[]):
        end = holidays.add_working_days(start, days)
        later = holidays.add_working_days(start, days + 1)
        assert holidays.is_working_day(later) and later > end
        if days:
            assert holidays.is_working_day(end) and end.weekday() < 5
            assert end not in holidays.bank_holidays(end.year, region)
        between = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
        assert sum(map(holidays.is_working_day, between)) == days
