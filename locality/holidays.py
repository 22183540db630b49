"""The UK bank-holiday calendars: the one calendar of opening hours (chat) and request
deadlines (subject rights), kept in the lowest layer so that both can use it.

``CHAT_BANK_HOLIDAYS`` chooses the landlord's nation: England and Wales, Scotland or
Northern Ireland, each with its regular holidays and substitute days (a holiday on a
weekend moves to the next weekday not already a holiday). One-off holidays
(coronations, jubilees) come from ``CHAT_EXTRA_BANK_HOLIDAYS``. An unknown nation is
reported by the chat's system check chat.E005.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENGLAND_AND_WALES = "england-and-wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
REGIONS: tuple[str, ...] = (ENGLAND_AND_WALES, SCOTLAND, NORTHERN_IRELAND)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` ("within 5 working days of" a date):
    the start itself never counts, so a weekend start counts from the next working day."""
    if days < 0:
        raise ValueError("working days must not be negative")
    day = start
    for _ in range(days):
        day += timedelta(days=1)
        while not is_working_day(day):
            day += timedelta(days=1)
    return day


def is_bank_holiday(day: date) -> bool:
    return day in bank_holidays(day.year) or day in settings.CHAT_EXTRA_BANK_HOLIDAYS


def configured_region() -> str:
    """``CHAT_BANK_HOLIDAYS`` (unset: England and Wales); ``ImproperlyConfigured`` if unknown."""
    region = str(settings.CHAT_BANK_HOLIDAYS).strip().lower() or ENGLAND_AND_WALES
    if region not in REGIONS:
        raise ImproperlyConfigured(f"CHAT_BANK_HOLIDAYS must be one of: {', '.join(REGIONS)}.")
    return region


def bank_holidays(year: int, region: str | None = None) -> frozenset[date]:
    """The regular bank holidays of ``region`` (default ``CHAT_BANK_HOLIDAYS``) in ``year``."""
    return _regular_holidays(region or configured_region(), year)


def _first_monday(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(7 - day.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    day = date(year, month, calendar.monthrange(year, month)[1])
    return day - timedelta(days=day.weekday())


def _with_substitutes(fixed: list[date], movable: set[date]) -> frozenset[date]:
    """``movable`` holidays (always weekdays) plus ``fixed`` dates, in order, each moved
    off a weekend to the next weekday that is not already a holiday."""
    holidays = set(movable)
    for day in fixed:
        while day.weekday() >= 5 or day in holidays:
            day += timedelta(days=1)
        holidays.add(day)
    return frozenset(holidays)


@dataclass(frozen=True)
class _Rules:
    """A nation's regular holidays: fixed dates (moved off weekends, in this order),
    and which of the movable Mondays it has beside Good Friday and the two May ones."""

    fixed: tuple[tuple[int, int], ...]
    easter_monday: bool
    summer_in_early_august: bool  # Scotland's summer holiday; elsewhere late August


_RULES = {
    ENGLAND_AND_WALES: _Rules(((1, 1), (12, 25), (12, 26)), True, False),
    SCOTLAND: _Rules(((1, 1), (1, 2), (11, 30), (12, 25), (12, 26)), False, True),
    NORTHERN_IRELAND: _Rules(((1, 1), (3, 17), (7, 12), (12, 25), (12, 26)), True, False),
}


@lru_cache(maxsize=64)
def _regular_holidays(region: str, year: int) -> frozenset[date]:
    rules = _RULES[region]
    easter = easter_sunday(year)
    movable = {
        easter - timedelta(days=2),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _first_monday(year, 8) if rules.summer_in_early_august else _last_monday(year, 8),
    }
    if rules.easter_monday:
        movable.add(easter + timedelta(days=1))
    return _with_substitutes([date(year, month, day) for month, day in rules.fixed], movable)


def easter_sunday(year: int) -> date:
    """The Gregorian Easter (anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)
