"""The UK bank-holiday calendar: request deadlines count working days by it.

England and Wales's regular holidays with their substitute days, plus the one-off
holidays of ``CHAT_EXTRA_BANK_HOLIDAYS``.
"""

import calendar
from datetime import date, timedelta

from django.conf import settings


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in england_and_wales_bank_holidays(day.year)


def england_and_wales_bank_holidays(year: int) -> set[date]:
    """The regular bank holidays, with substitute days; one-off holidays come from
    ``CHAT_EXTRA_BANK_HOLIDAYS``."""

    def substitute(day: date, taken: set[date]) -> date:
        while day.weekday() >= 5 or day in taken:
            day += timedelta(days=1)
        return day

    def first_monday(month: int) -> date:
        day = date(year, month, 1)
        return day + timedelta(days=(7 - day.weekday()) % 7)

    def last_monday(month: int) -> date:
        day = date(year, month, calendar.monthrange(year, month)[1])
        return day - timedelta(days=day.weekday())

    easter = easter_sunday(year)
    holidays: set[date] = set()
    holidays.add(substitute(date(year, 1, 1), holidays))
    holidays |= {easter - timedelta(days=2), easter + timedelta(days=1)}
    holidays |= {first_monday(5), last_monday(5), last_monday(8)}
    holidays.add(substitute(date(year, 12, 25), holidays))
    holidays.add(substitute(date(year, 12, 26), holidays))
    holidays |= {day for day in settings.CHAT_EXTRA_BANK_HOLIDAYS if day.year == year}
    return holidays


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
