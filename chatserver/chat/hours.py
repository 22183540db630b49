"""Opening hours: when advisers answer, and what a visitor is told outside them.

The week is ``CHAT_OPENING_HOURS`` (unset: open around the clock, so only agents'
presence decides), in the landlord's time zone ``CHAT_TIME_ZONE``. The chat is closed
on bank holidays of ``CHAT_BANK_HOLIDAYS`` (unless ``CHAT_OPEN_ON_BANK_HOLIDAYS``) and
on one-off closures, from ``CHAT_CLOSURES`` and from the admin. Wall-clock times are
turned into instants day by day, so an opening time stays 09:00 across the clock change.

Settings hold the hours and closures as text; they are parsed here, once per text
(``weekly_hours``, ``closures``), and a bad text is reported by the check chat.E003.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.timezone import now as timezone_now

from chatserver.chat.models import Closure
from locality.holidays import is_bank_holiday

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_A_DAY = 24 * 60
# How far ahead the next opening is looked for: closures can be long, hours cannot be empty.
SEARCH_DAYS = 400
OPEN_RUN_DAYS = 8

Interval = tuple[int, int]  # minutes since local midnight, end exclusive (1440 is 24:00)
WeeklyHours = dict[int, tuple[Interval, ...]]

_ENTRY = re.compile(r"^(?P<days>[a-z]{3}(?:-[a-z]{3})?)\s+(?P<times>.+)$")
_RANGE = re.compile(r"^(?P<start>\d{1,2}:\d{2})-(?P<end>\d{1,2}:\d{2})$")


def _minutes(name: str, text: str, *, end: bool) -> int:
    hours_text, minutes_text = text.split(":")
    hours, minutes = int(hours_text), int(minutes_text)
    if end and (hours, minutes) == (24, 0):
        return MINUTES_A_DAY
    if hours > 23 or minutes > 59:
        raise ImproperlyConfigured(f"{name}: {text} is not a time of day (00:00 to 24:00).")
    return hours * 60 + minutes


def _days(name: str, text: str) -> list[int]:
    first, _, last = text.partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        raise ImproperlyConfigured(f"{name}: {text!r} is not a day or range of days (mon-fri).")
    start, stop = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
    if stop < start:
        raise ImproperlyConfigured(f"{name}: the range {text} runs backwards.")
    return list(range(start, stop + 1))


def parse_weekly_hours(name: str, text: str) -> WeeklyHours:
    """Parses ``"mon-fri 09:00-17:00; sat 09:00-12:00, 13:00-16:00"``.

    Entries are separated by semicolons; a day may have several ranges. A range that
    ends before it starts, a time out of range, an unknown day or ranges that overlap
    raise ``ImproperlyConfigured`` naming the variable. An empty text is an empty week.
    """
    week: dict[int, list[Interval]] = {}
    for entry in filter(None, (part.strip().lower() for part in text.split(";"))):
        match = _ENTRY.match(entry)
        if match is None:
            raise ImproperlyConfigured(f"{name}: {entry!r} must read like 'mon-fri 09:00-17:00'.")
        ranges: list[Interval] = []
        for part in (piece.strip() for piece in match["times"].split(",")):
            time_range = _RANGE.match(part)
            if time_range is None:
                raise ImproperlyConfigured(f"{name}: {part!r} must read like 09:00-17:00.")
            start = _minutes(name, time_range["start"], end=False)
            stop = _minutes(name, time_range["end"], end=True)
            if stop <= start:
                raise ImproperlyConfigured(f"{name}: {part} ends before it starts.")
            ranges.append((start, stop))
        for day in _days(name, match["days"]):
            week.setdefault(day, []).extend(ranges)
    for day, ranges in week.items():
        ranges.sort()
        for (_, earlier_end), (later_start, _) in zip(ranges, ranges[1:], strict=False):
            if later_start < earlier_end:
                raise ImproperlyConfigured(f"{name}: the hours on {WEEKDAYS[day]} overlap.")
    return {day: tuple(ranges) for day, ranges in week.items()}


def parse_closures(name: str, text: str) -> tuple[tuple[date, date], ...]:
    """Comma-separated closed days: ``2026-12-24`` or ranges ``2026-12-24..2026-12-31``."""
    closures = []
    for item in filter(None, (part.strip() for part in text.split(","))):
        first, _, last = item.partition("..")
        try:
            starts, ends = date.fromisoformat(first), date.fromisoformat(last or first)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must hold dates (YYYY-MM-DD) or ranges (YYYY-MM-DD..YYYY-MM-DD)."
            ) from None
        if ends < starts:
            raise ImproperlyConfigured(f"{name}: the range {item} runs backwards.")
        closures.append((starts, ends))
    return tuple(closures)


@lru_cache(maxsize=8)
def _weekly_hours(text: str | None) -> WeeklyHours | None:
    return None if text is None else parse_weekly_hours("CHAT_OPENING_HOURS", text)


def weekly_hours() -> WeeklyHours | None:
    """``CHAT_OPENING_HOURS`` parsed (None: unset, open around the clock; an empty
    text is an empty week). Raises ``ImproperlyConfigured`` for a bad text."""
    text: str | None = settings.CHAT_OPENING_HOURS
    return _weekly_hours(text)


@lru_cache(maxsize=8)
def _closures(text: str) -> tuple[tuple[date, date], ...]:
    return parse_closures("CHAT_CLOSURES", text)


def closures() -> tuple[tuple[date, date], ...]:
    """``CHAT_CLOSURES`` parsed. Raises ``ImproperlyConfigured`` for a bad text."""
    text: str = settings.CHAT_CLOSURES
    return _closures(text)


@dataclass(frozen=True)
class Opening:
    """Whether the chat is open at an instant, and the next change."""

    is_open: bool
    closes_at: datetime | None  # while open; None when it never closes
    opens_at: datetime | None  # while closed; None when no opening is scheduled


def landlord_zone() -> tzinfo:
    return ZoneInfo(settings.CHAT_TIME_ZONE)


class _Calendar:
    """The closed days around an instant: one query for the admin's closures."""

    def __init__(self, first: date, last: date) -> None:
        self.closures = list(closures()) + list(
            Closure.objects.filter(starts_on__lte=last, ends_on__gte=first).values_list(
                "starts_on", "ends_on"
            )
        )

    def is_closed(self, day: date) -> bool:
        if not settings.CHAT_OPEN_ON_BANK_HOLIDAYS and is_bank_holiday(day):
            return True
        return any(starts <= day <= ends for starts, ends in self.closures)


def _instant(day: date, minutes: int, zone: tzinfo) -> datetime:
    """The instant of a wall-clock time on ``day`` (24:00 is the next midnight), in UTC."""
    day += timedelta(days=minutes // MINUTES_A_DAY)
    minutes %= MINUTES_A_DAY
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone)
    return local.astimezone(UTC)


def opening(at: datetime | None = None) -> Opening:
    """Whether the chat is open at ``at`` (default now), and when that changes.

    An open period that runs past midnight (``24:00`` then ``00:00``) counts as one;
    one longer than ``OPEN_RUN_DAYS`` is reported as closing at that horizon.
    """
    at = (at or timezone_now()).astimezone(UTC)
    week = weekly_hours()
    if week is None:
        return Opening(is_open=True, closes_at=None, opens_at=None)
    zone = landlord_zone()
    today = at.astimezone(zone).date()
    closed = _Calendar(today - timedelta(days=1), today + timedelta(days=SEARCH_DAYS))
    closes_at: datetime | None = None
    for offset in range(-1, SEARCH_DAYS):
        day = today + timedelta(days=offset)
        if closes_at is not None and offset > OPEN_RUN_DAYS:
            break
        if closed.is_closed(day):
            if closes_at is not None:
                break
            continue
        for start_minute, end_minute in week.get(day.weekday(), ()):
            start, end = _instant(day, start_minute, zone), _instant(day, end_minute, zone)
            if end <= at:
                continue
            if closes_at is None and start > at:
                return Opening(is_open=False, closes_at=None, opens_at=start)
            if closes_at is not None and start > closes_at:
                return Opening(is_open=True, closes_at=closes_at, opens_at=None)
            closes_at = end if closes_at is None else max(closes_at, end)
    if closes_at is not None:
        return Opening(is_open=True, closes_at=closes_at, opens_at=None)
    return Opening(is_open=False, closes_at=None, opens_at=None)
