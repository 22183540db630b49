"""Statutory deadlines of data subject requests (UK GDPR art. 12(3), as the ICO reads it)."""

import calendar
from datetime import date, timedelta

from locality.holidays import is_working_day

# A complex request, or one of several from the same person, may be extended by two
# further months, if the subject is told within the first month.
EXTENSION_MONTHS = 2


def months_after(received: date, months: int) -> date:
    """The corresponding date ``months`` calendar months later, or that month's last day
    when there is none; moved to the next working day from a weekend or bank holiday."""
    year, month = divmod(received.month - 1 + months, 12)
    year, month = received.year + year, month + 1
    day = min(received.day, calendar.monthrange(year, month)[1])
    deadline = date(year, month, day)
    while not is_working_day(deadline):
        deadline += timedelta(days=1)
    return deadline


def statutory_deadline(received: date) -> date:
    """One calendar month from the day the request was received."""
    return months_after(received, 1)


def extended_deadline(received: date) -> date:
    """The deadline of a request extended by the two further months the law allows."""
    return months_after(received, 1 + EXTENSION_MONTHS)
