"""Re-validating an agent's session while its socket is open."""

import hashlib
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db.models import Func
from django.db.models.functions import SHA256
from django.utils.crypto import constant_time_compare

from chatserver.chat.access import is_agent
from identity.mfa_policy import session_is_mfa_verified


def session_hash(session_key: str | None) -> str:
    """What stands for a session outside the session store (presence rows, layer
    events): the SHA-256 of its key, never the key; "" for no session."""
    return hashlib.sha256(session_key.encode()).hexdigest() if session_key else ""


class SessionHash(SHA256):
    """``session_hash`` computed in SQL: Django's SHA256, except on PostgreSQL, where
    Django's needs the pgcrypto extension and the built-in ``sha256`` does the same."""

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> Any:
        template = "ENCODE(SHA256(CONVERT_TO(%(expressions)s, 'UTF8')), 'hex')"
        return Func.as_sql(self, compiler, connection, template=template, **extra_context)


# The engines whose sessions are rows of ``django.contrib.sessions.models.Session``:
# deleting one sends ``post_delete``, and routing can check that a session is live.
SESSION_ROW_ENGINES = frozenset(
    {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}
)


def sessions_are_rows() -> bool:
    return settings.SESSION_ENGINE in SESSION_ROW_ENGINES


def agent_session_is_valid(session_key: str | None, user_id: int) -> bool:
    """True while the session exists, is unexpired, names this active agent, its
    password hash has not changed (which logs out every other session) and it passed
    a second factor (``identity.mfa_policy``: removing an authenticator does not end
    the session, but an agent left with none is no longer served)."""
    if not session_key:
        return False
    engine = import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore(session_key)
    data = session.load()
    if str(data.get(SESSION_KEY)) != str(user_id):
        return False
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not is_agent(user):
        return False
    if not constant_time_compare(data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()):
        return False
    return session_is_mfa_verified(session, user)
