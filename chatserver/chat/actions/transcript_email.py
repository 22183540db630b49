"""The copy of a transcript that a visitor asks to be emailed."""

import logging

from django.conf import settings
from django.core.mail import send_mail

from transcripts import audit, crypto, store
from transcripts.models import Conversation

logger = logging.getLogger(__name__)

SENDER_LABELS = {"visitor": "You", "agent": "Adviser", "system": "Note"}


def do_email_transcript(conversation: Conversation, email: str) -> None:
    """Emails the visitor's view of the transcript (never internal notes), on request.

    The audit entry records the blind index of the address, never the address.
    """
    messages = store.read_messages(conversation.pk, include_notes=False)
    lines = [
        f"[{message.at:%d %b %Y %H:%M}] {SENDER_LABELS.get(message.sender, '')}: {message.text}"
        for message in messages
        if message.text is not None
    ]
    organisation = settings.CHAT_ORGANISATION_NAME
    send_mail(
        subject=f"Your chat with {organisation}",
        message="Here is the copy of your chat that you asked for.\n\n" + "\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    _key_id, digest = crypto.email_blind_index(email)
    audit.record(audit.TRANSCRIPT_EMAILED, conversation_id=conversation.pk, recipient_index=digest)
    logger.info("Emailed the transcript of conversation %s", conversation.pk)
