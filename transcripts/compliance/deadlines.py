"""Statutory deadlines of data subject requests."""

import calendar
from datetime import date, timedelta

from locality.holidays import is_working_day


def statutory_deadline(received: date) -> date:
    """One calendar month: the corresponding date next month, or that month's last day
    when there is none; moved to the next working day from a weekend or bank holiday."""
    year, month = (
        (received.year + 1, 1) if received.month == 12 else (received.year, received.month + 1)
    )
    day = min(received.day, calendar.monthrange(year, month)[1])
    deadline = date(year, month, day)
    while not is_working_day(deadline):
        deadline += timedelta(days=1)
    return deadline
