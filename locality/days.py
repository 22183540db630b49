"""A local day's bounds: the first and last instants of a calendar day in the landlord's
time zone (Django's current one), for periods chosen by date and clocks due by a day's end."""

from datetime import date, datetime, time

from django.utils import timezone


def start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))
