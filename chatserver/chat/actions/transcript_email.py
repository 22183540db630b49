"""The copy of a transcript that a visitor asks to be emailed."""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.utils import dateformat
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chatserver.chat import access
from chatserver.chat.errors import EmailNotSent
from locality import languages
from transcripts.compliance import audit
from transcripts.record import blind_index, store
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)

YOU = gettext_lazy("You")
PHOTO_SENT = gettext_lazy("(A photo was sent. Photos are not included in this email.)")
PHOTO_LINES = {store.PHOTO_TEXT, store.PHOTO_REMOVED}


def _words(message: store.StoredMessage) -> str:
    """A line's text, or a photo's in words: the email carries no pictures."""
    return str(PHOTO_SENT) if message.text in PHOTO_LINES else message.text or ""


def _line(message: store.StoredMessage, advisers: dict[int, User]) -> str:
    """One line of the copy: the visitor's as "You", an adviser's under their name, and
    the chat's own lines (someone joined, the chat ended) with no label."""
    at = dateformat.format(localtime(message.at), "j M Y H:i")
    text = _words(message)
    if message.sender == "visitor":
        return f"[{at}] {YOU}: {text}"
    if message.sender == "agent":
        adviser = advisers.get(message.author_id or 0)
        label = (
            _("{name} (adviser)").format(name=access.display_name(adviser))
            if adviser is not None
            else _("Adviser")
        )
        return f"[{at}] {label}: {text}"
    return f"[{at}] {text}"


def _case_references(conversation: Conversation) -> str:
    """The cases recorded from the chat (casework), each kind with its reference, for the
    tenant to quote; "" when there are none. In the language being spoken."""
    cases = conversation.cases.order_by("aware_at")
    listed = [
        _("{kind}: reference {reference}").format(
            kind=case.get_kind_display(), reference=case.shown_reference
        )
        for case in cases
    ]
    if not listed:
        return ""
    heading = _("Recorded from this chat (quote the reference when you contact us):")
    return "\n\n" + heading + "\n" + "\n".join(listed)


def do_email_transcript(conversation: Conversation, email: str) -> None:
    """Emails the visitor's view of the transcript (never internal notes), on request,
    to an address already confirmed with a code (``email_codes``), in the canonical form
    of its mailbox (``mailbox_address``), whose daily count the audit entries keep.

    Written in the conversation's language. The audit entry records the blind index
    of the address, never the address.
    """
    messages = store.read_messages(conversation.pk, include_notes=False)
    advisers = User.objects.in_bulk({message.author_id for message in messages} - {None})
    with languages.speaking(conversation.live.language):
        lines = [_line(message, advisers) for message in messages if message.text is not None]
        subject = _("Your chat with {organisation}").format(
            organisation=settings.CHAT_ORGANISATION_NAME
        )
        introduction = _("Here is the copy of your chat that you asked for.")
        explanation = _(
            "This address was confirmed with a code before the copy was sent. Lines "
            "marked “{you}” were typed in the chat window by you; the others are our "
            "advisers' replies and notes about the chat."
        ).format(you=YOU)
        references = _case_references(conversation)
    body = introduction + "\n" + explanation + "\n\n" + "\n".join(lines) + references
    send_plain_email(subject, body, email)
    _key_id, digest = blind_index.email_index(email)
    audit.record(audit.TRANSCRIPT_EMAILED, conversation_id=conversation.pk, recipient_index=digest)
    logger.info("Emailed the transcript of conversation %s", conversation.pk)


def send_plain_email(subject: str, body: str, email: str) -> None:
    """Sends a plain-text email from the landlord's sender; a failure is logged by its
    class only (the mail server's message names the address) and refused as
    ``server_error``."""
    try:
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[email],
        )
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("An email could not be sent: %s", type(error).__name__)
        raise EmailNotSent("the email could not be sent; please try again later") from None
