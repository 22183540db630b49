"""The one-time codes that confirm an address before a transcript copy is sent to it.

Anyone may open the chat and type any address, so an address is never trusted as
typed (audit finding F-04: the copy was an open relay for the visitor's own text).
The first request for an address emails it a fixed text carrying only a code and the
landlord's name; the copy is sent when the visitor types that code back. Codes are
stored as a keyed hash, addresses as the blind index of their mailbox
(``mailbox_address.canonical_mailbox``: one index however the address is spelled, and
emails go to that form); neither is ever logged.

Limits, counted in the database so that they hold across processes: emails per
conversation per hour and per address per day, for codes and for copies alike.
"""

import hmac
import logging
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import dateformat
from django.utils.crypto import salted_hmac
from django.utils.timezone import localtime
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext as _

from chatserver.chat import locks, protocol
from chatserver.chat.actions import transcript_email
from chatserver.chat.errors import (
    ChatError,
    CodeExpired,
    EmailNotSent,
    RateLimited,
    TooManyAttempts,
    WrongCode,
)
from chatserver.chat.mailbox_address import canonical_mailbox
from chatserver.chat.models import EmailCode
from locality import languages
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import blind_index
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
HASH_SALT = "chatserver.chat.email_codes"


@dataclass(frozen=True)
class Recipient:
    """A mailbox as the database knows it: its address in canonical form, and that
    form's blind index under every key of the ring. Refused as ``invalid`` if Django's
    mail could not send to it."""

    mailbox: str
    key_id: str
    index: str
    candidates: list[str]

    @classmethod
    def of(cls, email: str) -> "Recipient":
        mailbox = canonical_mailbox(email)
        key_id, index = blind_index.email_index(mailbox)
        return cls(mailbox, key_id, index, blind_index.email_index_candidates(mailbox))


def do_send_email_code(conversation: Conversation, email: str) -> int:
    """Emails ``email`` a new code for this conversation; returns its lifetime in seconds.

    Refused with ``rate_limited`` past the conversation's or the address's limit. A new
    code replaces the address's earlier one in this conversation.
    """
    recipient = Recipient.of(email)
    now = timezone_now()
    lifetime = settings.CHAT_EMAIL_CODE_SECONDS
    code = f"{secrets.randbelow(10**protocol.EMAIL_CODE_DIGITS):0{protocol.EMAIL_CODE_DIGITS}d}"
    with transaction.atomic():
        locks.serialise_on(recipient.index)
        _check_limits(
            EmailCode.objects.all(), "created_at", "recipient_index", conversation.pk, recipient
        )
        row = EmailCode.objects.create(
            conversation_id=conversation.pk,
            recipient_index=recipient.index,
            recipient_index_key_id=recipient.key_id,
            code_hash=_code_hash(conversation.pk, recipient.index, code),
            created_at=now,
            expires_at=now + timedelta(seconds=lifetime),
        )
    try:
        _send_code_email(conversation.live.language, recipient.mailbox, code, lifetime)
    except EmailNotSent:
        row.delete()  # not sent, so not counted against the limits
        raise
    audit.record(
        audit.EMAIL_CODE_SENT, conversation_id=conversation.pk, recipient_index=recipient.index
    )
    logger.info("Emailed a confirmation code for conversation %s", conversation.pk)
    return lifetime


def do_email_transcript_with_code(conversation: Conversation, email: str, code: str) -> None:
    """Sends the copy to ``email`` if ``code`` is the one emailed to it for this
    conversation; a wrong, expired, used or locked code is refused with its error."""
    recipient = Recipient.of(email)
    with transaction.atomic():
        locks.serialise_on(recipient.index)
        used = _use_code(conversation.pk, recipient, code)
        if isinstance(used, EmailCode):
            # Raising here also gives the code back: it is not spent on a refusal.
            _check_limits(
                AuditEntry.objects.filter(action=audit.TRANSCRIPT_EMAILED),
                "at",
                "detail__recipient_index",
                conversation.pk,
                recipient,
            )
    if isinstance(used, ChatError):
        raise used  # outside the transaction, so the counted try is kept
    try:
        transcript_email.do_email_transcript(conversation, recipient.mailbox)
    except EmailNotSent:
        EmailCode.objects.filter(pk=used.pk).update(used_at=None)  # the code still works
        raise


def forget_old_codes() -> int:
    """Deletes the codes made more than a day ago (no daily count needs them any more)."""
    deleted, _by_model = EmailCode.objects.filter(created_at__lt=timezone_now() - DAY).delete()
    return deleted


def _code_hash(conversation_id: uuid.UUID, recipient_index: str, code: str) -> str:
    """Keyed by the server's secret, so a copy of the database cannot try every code."""
    value = f"{conversation_id}:{recipient_index}:{code}"
    return salted_hmac(HASH_SALT, value, algorithm="sha256").hexdigest()


def _check_limits(
    emails: QuerySet[EmailCode] | QuerySet[AuditEntry],
    at: str,
    address: str,
    conversation_id: uuid.UUID,
    recipient: Recipient,
) -> None:
    """Refuses a further email past the conversation's hourly or the address's daily limit."""
    now = timezone_now()
    _refuse_past_limit(
        emails.filter(**{"conversation_id": conversation_id, f"{at}__gt": now - HOUR}),
        at,
        settings.CHAT_TRANSCRIPT_EMAILS_PER_HOUR,
        HOUR,
        "this chat has asked for enough emails for now; please wait",
    )
    _refuse_past_limit(
        emails.filter(**{f"{address}__in": recipient.candidates, f"{at}__gt": now - DAY}),
        at,
        settings.CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY,
        DAY,
        "that address has been sent enough emails today; please try again later",
    )


def _refuse_past_limit(
    emails: QuerySet[EmailCode] | QuerySet[AuditEntry],
    at: str,
    limit: int,
    window: timedelta,
    message: str,
) -> None:
    times: list[datetime] = list(emails.order_by(f"-{at}").values_list(at, flat=True)[:limit])
    if len(times) >= limit:
        wait = (times[-1] + window - timezone_now()).total_seconds()
        raise RateLimited(message, retry_after=max(1, round(wait)))


def _use_code(conversation_id: uuid.UUID, recipient: Recipient, code: str) -> EmailCode | ChatError:
    """Checks ``code`` against the address's latest code in this conversation and spends
    it (returning it), or counts a wrong try (returning the refusal)."""
    now = timezone_now()
    row = (
        EmailCode.objects.select_for_update()
        .filter(conversation_id=conversation_id, recipient_index__in=recipient.candidates)
        .order_by("-created_at", "-pk")
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= now:
        return CodeExpired(
            "no code for that address is waiting in this chat (it expired or was used); "
            "ask for a new one"
        )
    if row.locked_at is not None:
        return TooManyAttempts("too many wrong codes; ask for a new one")
    if hmac.compare_digest(row.code_hash, _code_hash(conversation_id, row.recipient_index, code)):
        row.used_at = now
        row.save(update_fields=["used_at"])
        return row
    row.failed_attempts += 1
    attempts_left = max(0, settings.CHAT_EMAIL_CODE_ATTEMPTS - row.failed_attempts)
    if not attempts_left:
        row.locked_at = now
    row.save(update_fields=["failed_attempts", "locked_at"])
    if not attempts_left:
        return TooManyAttempts("too many wrong codes; ask for a new one")
    return WrongCode("that is not the code we emailed", attempts_left=attempts_left)


def _send_code_email(language: str, email: str, code: str, lifetime: int) -> None:
    """A fixed text in the conversation's language: the landlord's name, the code and
    when it stops working; nothing the visitor typed."""
    organisation = settings.CHAT_ORGANISATION_NAME
    expires_at = timezone_now() + timedelta(seconds=lifetime)
    minutes = max(1, math.ceil(lifetime / 60))
    with languages.speaking(language):
        subject = _("Your code from {organisation}").format(organisation=organisation)
        paragraphs = [
            _(
                "Someone using the web chat of {organisation} asked for a copy of their "
                "chat to be emailed to this address."
            ).format(organisation=organisation),
            _("If that was you, type this code in the chat window to receive the copy:"),
            f"    {code}",
            _(
                "The code works for {minutes} min (until {time}). If you did not ask for a "
                "copy, ignore this email: nothing more is sent to this address unless the "
                "code is typed in the chat."
            ).format(minutes=minutes, time=dateformat.format(localtime(expires_at), "H:i")),
            _("This email was sent automatically. It contains nothing typed in the chat."),
        ]
    transcript_email.send_plain_email(subject, "\n\n".join(paragraphs), email)
