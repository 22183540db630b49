"""Signed, expiring visitor resume tokens.

A token names a random session id (128 bits) and is signed with
``django.core.signing``; the server stores only the SHA-256 of the session id.
Tokens travel inside the first frame, never in a URL.
"""

import hashlib
import secrets

from django.conf import settings
from django.core import signing

SALT = "chat.visitor-session"


def new_session_id() -> str:
    return secrets.token_urlsafe(16)


def make_token(session_id: str) -> str:
    return signing.dumps({"sid": session_id}, salt=SALT)


def session_id_from_token(token: str) -> str | None:
    """The session id of a valid, unexpired token; None for anything else."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.CHAT_VISITOR_TOKEN_HOURS * 3600)
    except signing.BadSignature:
        return None
    session_id = payload.get("sid") if isinstance(payload, dict) else None
    if not isinstance(session_id, str) or len(session_id) < 22:
        return None
    return session_id


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()
