"""The legal clocks: how long each step may take (``CHAT_CASE_TIMESCALES``) and when it is due.

The timescales differ by nation (the Housing Ombudsman's Code in England, the Public
Services Ombudsman's model in Wales, the SPSO's in Scotland) and may change, so each is a
setting: ``CHAT_CASE_TIMESCALES`` holds ``name=number`` pairs separated by commas, each
overriding one default below (working days, except ``emergency_hours``). A bad value is
reported by the system check casework.E001, naming the variable.

Working days come from the landlord's bank-holiday calendar (``CHAT_BANK_HOLIDAYS``,
``locality.holidays``): a step "within N working days" of a day is due by the end of the
N-th working day after it, the day itself not counting.
"""

from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from locality.days import end_of
from locality.holidays import add_working_days

SETTING = "CHAT_CASE_TIMESCALES"


@dataclass(frozen=True)
class Timescales:
    """Each step's allowance: working days, except ``emergency_hours``."""

    stage1_acknowledge: int = 5
    stage1_respond: int = 10
    stage2_acknowledge: int = 5
    stage2_respond: int = 20
    # The most a response may be extended by, explained to the resident.
    extension: int = 10
    # Service requests are not complaints and the Code sets them no clock: this is the
    # landlord's own target, for monitoring and review.
    service_request: int = 10
    emergency_hours: int = 24
    investigate: int = 10
    summary: int = 3


NAMES = tuple(field.name for field in fields(Timescales))
_LIMIT = 365


def parse(text: str) -> Timescales:
    """The timescales ``text`` sets over the defaults; ``ImproperlyConfigured`` if bad."""
    overrides: dict[str, int] = {}
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        name, equals, number = (piece.strip() for piece in item.partition("="))
        if not equals or name not in NAMES:
            raise ImproperlyConfigured(
                f"{SETTING} must hold name=number pairs; the names are: {', '.join(NAMES)}."
            )
        if name in overrides:
            raise ImproperlyConfigured(f"{SETTING} sets {name} twice.")
        if not _in_range(number):
            raise ImproperlyConfigured(
                f"{SETTING}: {name} must be a whole number from 1 to {_LIMIT}."
            )
        overrides[name] = int(number)
    return replace(Timescales(), **overrides)


def _in_range(number: str) -> bool:
    """A plain ASCII number of 1 to ``_LIMIT`` (short: Python refuses very long numbers)."""
    digits = number.isascii() and number.isdigit() and len(number) <= 3
    return digits and 1 <= int(number) <= _LIMIT


def configured() -> Timescales:
    return parse(str(settings.CHAT_CASE_TIMESCALES))


@dataclass(frozen=True)
class Due:
    """When a step is due: its last day, and the last moment that is still in time."""

    on: date
    by: datetime


def working_days_after(start: datetime, days: int) -> Due:
    """Due ``days`` working days after the (local) day of ``start``."""
    day = add_working_days(timezone.localdate(start), days)
    return Due(day, end_of(day))


def hours_after(start: datetime, hours: int) -> Due:
    by = start + timedelta(hours=hours)
    return Due(timezone.localdate(by), by)


def extended(due: Due, days: int) -> Due:
    """A working-day due date moved on by ``days`` more working days."""
    day = add_working_days(due.on, days)
    return Due(day, end_of(day))
