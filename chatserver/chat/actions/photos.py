"""Photos sent in a conversation: cleaned, sealed and stored as a line of the chat."""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now

from chatserver.chat import photos
from chatserver.chat.actions.messages import admit_line, broadcast_stored
from chatserver.chat.errors import ChatError, RateLimited
from transcripts import store

logger = logging.getLogger(__name__)


class PhotoRefused(ChatError):
    """Not a photo we accept (the type, the size, damage, data past the image)."""


def _wait_for_room(conversation_id: uuid.UUID) -> None:
    hour_ago = timezone_now() - timedelta(hours=1)
    if store.photos_sent_since(conversation_id, hour_ago) >= settings.CHAT_PHOTOS_PER_HOUR:
        raise RateLimited(
            f"at most {settings.CHAT_PHOTOS_PER_HOUR} photos an hour can be sent in a chat",
            retry_after=600,
        )


def do_send_photo(
    conversation_id: uuid.UUID,
    *,
    sender: str,
    data: bytes,
    client_id: str,
    author: User | None = None,
) -> store.AppendResult:
    """Cleans the photo (re-encoded, metadata gone) and stores it with its line.

    Nothing is stored unless all of it is: a refused or failed photo leaves no line.
    Repeating a ``client_id`` (a retried upload) answers the photo stored first.
    """
    repeat = store.stored_with_client_ids([(conversation_id, client_id)])
    if not repeat:
        _wait_for_room(conversation_id)
    try:
        clean = photos.clean_photo(data)
    except photos.PhotoRefused as refusal:
        raise PhotoRefused(str(refusal)) from None
    line = store.NewMessage(
        conversation_id, sender, store.PHOTO_TEXT, client_id, author.pk if author else None
    )
    photo = store.NewPhoto(
        clean.image, clean.thumbnail, clean.content_type, clean.width, clean.height
    )
    with transaction.atomic():
        result = store.append_photo(line, photo, admit=admit_line)
        transaction.on_commit(lambda: broadcast_stored(result))
    if result.created:
        logger.info("Photo %s stored in %s", result.message.seq, conversation_id)
    return result
