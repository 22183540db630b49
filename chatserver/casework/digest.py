"""The supervisors' daily digest of casework: each waiting step's case reference and due
date, the overdue first, then the open cases with nothing waiting (ready to close).
References and dates only: an email leaves the system, so it carries nothing about the
tenant or the chat."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils import dateformat, timezone

from chatserver.casework import queries
from chatserver.chat import access

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Digest:
    subject: str
    body: str
    overdue: int
    due: int
    ready: int


def _line(item: queries.Due) -> str:
    if item.due_by is None:
        return item.reference
    return (
        f"{item.reference}  due {dateformat.format(timezone.localtime(item.due_by), 'D j M Y H:i')}"
    )


def compose(now: datetime) -> Digest:
    items = queries.due_list(now)
    overdue = [_line(item) for item in items if item.overdue]
    due = [_line(item) for item in items if not item.overdue and not item.ready_to_close]
    ready = [_line(item) for item in items if item.ready_to_close]
    sections = [
        f"Overdue ({len(overdue)}):\n" + ("\n".join(overdue) or "none"),
        f"Due ({len(due)}):\n" + ("\n".join(due) or "none"),
        f"Ready to close ({len(ready)}), nothing waiting:\n" + ("\n".join(ready) or "none"),
    ]
    subject = (
        f"Casework: {len(overdue)} overdue, {len(due)} due, {len(ready)} ready to close "
        f"({settings.CHAT_ORGANISATION_NAME})"
    )
    body = (
        f"Open cases on {dateformat.format(timezone.localtime(now), 'j F Y')}, "
        "by reference (open each in the console's Cases page).\n\n" + "\n\n".join(sections)
    )
    return Digest(subject, body, len(overdue), len(due), len(ready))


def send(now: datetime) -> tuple[Digest, int]:
    """Emails the digest to every active supervisor with an address, one email each;
    returns it and how many were sent."""
    digest = compose(now)
    addresses = sorted(set(access.supervisors().exclude(email="").values_list("email", flat=True)))
    messages = [
        (digest.subject, digest.body, settings.DEFAULT_FROM_EMAIL, [to]) for to in addresses
    ]
    sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    logger.info(
        "Casework digest: %s overdue, %s due, sent to %s supervisors",
        digest.overdue,
        digest.due,
        sent,
    )
    return digest, sent
