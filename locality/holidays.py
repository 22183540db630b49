"""The UK bank-holiday calendars: the one calendar of opening hours (chat), request
deadlines (subject rights) and the working-day clocks, kept in the lowest layer so that
all of them can use it.

``CHAT_BANK_HOLIDAYS`` chooses the landlord's nation: England and Wales (or either alone:
their calendars are the same), Scotland or Northern Ireland. The dates come from the
`holidays` package's United Kingdom calendar and its subdivisions, which has the
substitute days and the one-off holidays proclaimed so far (jubilees, the coronation, the
state funeral, Scotland's 2026 World Cup day); it computes them in process, from tables
shipped with it, with no network. One-offs proclaimed after the installed release come
from ``CHAT_EXTRA_BANK_HOLIDAYS``. An unknown nation is reported by the chat's system
check chat.E005.
"""

from datetime import date, timedelta
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENGLAND_AND_WALES = "england-and-wales"
ENGLAND = "england"
WALES = "wales"
SCOTLAND = "scotland"
NORTHERN_IRELAND = "northern-ireland"
# The package's name (ISO 3166-2:GB) of each nation the setting may name.
_SUBDIVISIONS = {
    ENGLAND_AND_WALES: "ENG",
    ENGLAND: "ENG",
    WALES: "WLS",
    SCOTLAND: "SCT",
    NORTHERN_IRELAND: "NIR",
}
REGIONS: tuple[str, ...] = tuple(_SUBDIVISIONS)


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
    """The bank holidays of ``region`` (default ``CHAT_BANK_HOLIDAYS``) in ``year`` as gov.uk
    lists them: a holiday falling on a weekend counts on its substitute weekday only.
    ``CHAT_EXTRA_BANK_HOLIDAYS`` is not included (``is_bank_holiday`` adds it)."""
    region = region or configured_region()
    if region not in _SUBDIVISIONS:
        raise ValueError(f"no bank-holiday calendar for {region!r}; known: {', '.join(REGIONS)}")
    return _nation_holidays(_SUBDIVISIONS[region], year)


@lru_cache(maxsize=64)
def _nation_holidays(subdivision: str, year: int) -> frozenset[date]:
    """Built once per nation and year: the package takes far longer to build a year
    than a set takes to answer, and opening hours ask about every day they look at.

    The package is imported here, at the first question, not with this module: it loads
    every country's calendar (a quarter of a second, 14 MiB), which management commands
    and processes that never ask need not pay (docs/performance.md)."""
    import holidays

    calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    return frozenset(day for day in calendar if day.weekday() < 5)
