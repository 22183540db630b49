"""Photos sent in a conversation: cleaned, sealed and stored as a line of the chat."""

import logging
import math
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.timezone import now as timezone_now
from django.utils.translation import gettext as _

from chatserver.chat import photos, protocol
from chatserver.chat.actions.messages import admit_line, broadcast_stored
from chatserver.chat.clients import rate_limit_key
from chatserver.chat.errors import ChatError, RateLimited
from chatserver.chat.ratelimit import SlidingWindow, shared_window
from transcripts.record import store
from transcripts.record.models import Conversation

logger = logging.getLogger(__name__)


class PhotoRefused(ChatError):
    """Not a photo we accept (the type, the size, damage, data past the image)."""


class PhotoDecodersBusy(ChatError):
    """The process is decoding as many photos as it may: try again shortly (503)."""

    code = protocol.SERVER_ERROR
    http_status = 503


BUSY_RETRY_AFTER = 5


def _photo_attempts(name: str, limit: int) -> SlidingWindow:
    return shared_window(name, limit, 3600.0)


# Uploads run on many request threads at once: a window's check and count are one step.
_attempts_lock = threading.Lock()


def _count_attempt(conversation_id: uuid.UUID, address: str) -> None:
    """Counts an upload, whatever becomes of it, against the hourly limits of its address
    (an IPv6 one's /64) and its conversation (this process's); refuses it when either is
    reached."""
    per_address = _photo_attempts("photo-uploads-per-address", settings.CHAT_PHOTOS_PER_HOUR_PER_IP)
    per_conversation = _photo_attempts("photo-uploads", settings.CHAT_PHOTOS_PER_HOUR)
    with _attempts_lock:
        address_wait = per_address.hit(rate_limit_key(address))
        conversation_wait = 0.0 if address_wait else per_conversation.hit(str(conversation_id))
    if address_wait:
        raise RateLimited(
            _("too many photos were sent from your network; please try again later"),
            retry_after=math.ceil(address_wait),
        )
    if conversation_wait:
        raise _hourly_limit(conversation_wait)


def _hourly_limit(wait: float) -> RateLimited:
    return RateLimited(
        _("at most {count} photos an hour can be sent in a chat").format(
            count=settings.CHAT_PHOTOS_PER_HOUR
        ),
        retry_after=math.ceil(wait),
    )


def _wait_for_room(conversation_id: uuid.UUID) -> None:
    """The photos stored in the last hour, counted in the database (so across processes)."""
    hour_ago = timezone_now() - timedelta(hours=1)
    if store.photos_sent_since(conversation_id, hour_ago) >= settings.CHAT_PHOTOS_PER_HOUR:
        raise _hourly_limit(600)


def _refuse_early(line: store.NewMessage) -> None:
    """The refusals ``append_photo`` would make under its lock (closed, erased, not the
    agent's), made before the photo is decoded; the lock checks them again."""
    conversation = Conversation.objects.filter(pk=line.conversation_id).first()
    if conversation is None:
        raise store.UnknownConversation(f"no conversation {line.conversation_id}")
    refusal = admit_line(conversation, line)
    if refusal is None and conversation.erased_at is not None:
        refusal = store.ConversationErased(f"conversation {conversation.pk} is erased")
    if refusal is not None:
        raise refusal


def _clean(data: bytes) -> photos.CleanPhoto:
    try:
        return photos.clean_photo(data)
    except photos.PhotoRefused as refusal:
        raise PhotoRefused(str(refusal)) from None
    except photos.DecodersBusy:
        raise PhotoDecodersBusy(
            _("the server is busy with other photos; please try again in a moment"),
            retryable=True,
            retry_after=BUSY_RETRY_AFTER,
        ) from None


def do_send_photo(
    conversation_id: uuid.UUID,
    *,
    sender: str,
    data: bytes,
    client_id: str,
    address: str,
    author: User | None = None,
) -> store.AppendResult:
    """Cleans the photo (re-encoded, metadata gone) and stores it with its line.

    Every upload counts towards the hourly limits, and everything that can refuse it
    without decoding it does so first. Nothing is stored unless all of it is: a refused
    or failed photo leaves no line. Repeating a ``client_id`` (a retried upload) answers
    the photo stored first.
    """
    _count_attempt(conversation_id, address)
    line = store.NewMessage(
        conversation_id, sender, store.PHOTO_TEXT, client_id, author.pk if author else None
    )
    if not store.stored_with_client_ids([(conversation_id, client_id)]):
        _wait_for_room(conversation_id)
    _refuse_early(line)
    clean = _clean(data)
    photo = store.NewPhoto(
        clean.image, clean.thumbnail, clean.content_type, clean.width, clean.height
    )
    with transaction.atomic():
        result = store.append_photo(line, photo, admit=admit_line)
        transaction.on_commit(lambda: broadcast_stored(result))
    if result.created:
        logger.info("Photo %s stored in %s", result.message.seq, conversation_id)
    return result
