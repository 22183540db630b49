"""Photos of the record: sealed with their message, opened with the keys the database
still holds. Part of the store (``transcripts.record.store`` exports it)."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from django.db import transaction

from transcripts.record import sealing
from transcripts.record.messages import (
    PHOTO_TEXT,
    Admission,
    AppendResult,
    AttachmentInfo,
    NewMessage,
    append_messages,
    attachments_by_seq,
)
from transcripts.record.models import Attachment, new_conversation_id


@dataclass(frozen=True)
class NewPhoto:
    """A photo to store, already re-encoded (``chatserver.chat.photos``)."""

    image: bytes
    thumbnail: bytes
    content_type: str
    width: int
    height: int


def attachment_aad(conversation_id: uuid.UUID | str, attachment_id: uuid.UUID, part: str) -> bytes:
    return sealing.field_aad(conversation_id, "attachment", attachment_id, part)


def append_photo(
    line: NewMessage, photo: NewPhoto, *, admit: Admission | None = None
) -> AppendResult:
    """Stores a photo's message (text ``PHOTO_TEXT``) and the sealed photo, together.

    A repeated ``client_id`` (an upload retried after its answer was lost) stores
    nothing and answers the first copy. Raises like ``append_message``.
    """
    line = replace(line, text=PHOTO_TEXT)
    with transaction.atomic():
        result = append_messages([line], admit=admit)[0]
        if isinstance(result, Exception):
            raise result
        message = result.message
        if not result.created:
            stored = attachments_by_seq(message.conversation_id, message.seq, message.seq)
            return replace(result, message=replace(message, attachment=stored.get(message.seq)))
        conversation = result.conversation
        attachment_id = new_conversation_id()  # 128 random bits: ids reveal nothing
        with sealing.Sealer(conversation) as sealer:
            sealed = sealer.seal_together(
                {
                    part: (data, attachment_aad(conversation.pk, attachment_id, part))
                    for part, data in (("image", photo.image), ("thumbnail", photo.thumbnail))
                }
            )
            Attachment.objects.create(
                id=attachment_id,
                conversation=conversation,
                seq=message.seq,
                content_type=photo.content_type,
                width=photo.width,
                height=photo.height,
                size=len(photo.image),
                **sealed,
            )
    info = AttachmentInfo(
        attachment_id, photo.content_type, photo.width, photo.height, len(photo.image)
    )
    return replace(result, message=replace(message, attachment=info))


def read_photo(attachment: Attachment, part: str) -> bytes | None:
    """The opened image or thumbnail; None when its key is gone (erased)."""
    try:
        return sealing.StoredKeys().open_bytes(
            attachment.conversation_id,
            getattr(attachment, part),
            attachment_aad(attachment.conversation_id, attachment.id, part),
        )
    except sealing.KeyDestroyedError:
        return None


def photos_sent_since(conversation_id: uuid.UUID | str, since: datetime) -> int:
    return Attachment.objects.filter(conversation_id=conversation_id, created_at__gte=since).count()
