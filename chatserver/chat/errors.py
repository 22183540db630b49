"""Refusals and failures, and the one place that turns them into ``error`` frames.

Everything the chat refuses on purpose is a ``ChatError`` carrying its protocol error
code; the storage layer's refusals (which must not know the protocol) and failures
are given theirs here, in ``REFUSALS``. Anything else is a bug: logged with its class
only, and answered with ``server_error``.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404

from chatserver.chat import protocol
from transcripts.record import store
from transcripts.record.errors import CryptoError

logger = logging.getLogger(__name__)

UNREADABLE = (
    "this conversation's transcript cannot be opened; an administrator must restore its master key"
)


class ChatError(Exception):
    """A refused frame or action; ``code`` is the protocol's error code and ``extra``
    holds the frame's extension fields (``retry_after``, ``limit``)."""

    code = protocol.INVALID

    def __init__(self, message: str, *, code: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.extra = extra


class RateLimited(ChatError):
    code = protocol.RATE_LIMITED


class NotStarted(ChatError):
    code = protocol.NOT_STARTED


class NotFound(ChatError, Http404):
    """Also Django's ``Http404``: raised in a view, Django answers 404."""

    code = protocol.NOT_FOUND


class Forbidden(ChatError, PermissionDenied):
    """Also Django's ``PermissionDenied``: raised in a view, Django answers 403."""

    code = protocol.FORBIDDEN


class AlreadyAssigned(ChatError):
    code = protocol.ALREADY_ASSIGNED


class WrongCode(ChatError):
    code = protocol.WRONG_CODE


class CodeExpired(ChatError):
    code = protocol.CODE_EXPIRED


class TooManyAttempts(ChatError):
    code = protocol.TOO_MANY_ATTEMPTS


class EmailNotSent(ChatError):
    """The mail server refused or could not be reached (its error names the address,
    so it is never logged)."""

    code = protocol.SERVER_ERROR


# The storage layer's refusals: (code, what the client is told).
REFUSALS: dict[type[Exception], tuple[str, str]] = {
    store.UnknownConversation: (protocol.NOT_FOUND, "no such conversation"),
    store.ConversationErased: (protocol.INVALID, "the conversation was erased"),
    store.ClientIdReused: (
        protocol.INVALID,
        "client_id was already used for a different message",
    ),
    store.InvalidText: (protocol.INVALID, "the text is not valid Unicode"),
    store.AlreadyRated: (protocol.INVALID, "this chat has already been rated"),
    CryptoError: (protocol.SERVER_ERROR, UNREADABLE),
}


def error_frame_for(error: Exception, *, frame_type: str, ref: str | None) -> protocol.ErrorFrame:
    """The ``error`` frame that answers ``error`` raised by a frame of ``frame_type``."""
    if isinstance(error, ChatError):
        return protocol.error_frame(error.code, str(error), ref=ref, **error.extra)
    for refused, (code, message) in REFUSALS.items():
        if isinstance(error, refused):
            return protocol.error_frame(code, message, ref=ref)
    if isinstance(error, DatabaseError):
        logger.warning("Database error on a %s frame: %s", frame_type, type(error).__name__)
        return protocol.error_frame(
            protocol.SERVER_ERROR, "not stored; please retry", ref=ref, retryable=True
        )
    logger.error("Unexpected %s on a %s frame", type(error).__name__, frame_type, exc_info=error)
    return protocol.error_frame(protocol.SERVER_ERROR, "something went wrong", ref=ref)
