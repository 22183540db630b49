"""Second factors in tests: TOTP codes computed here (RFC 6238), accounts enrolled, and
in-process sessions marked as having answered the MFA challenge.

``sign_in`` is the ONE way tests give an in-process client (or a socket's session) a
signed-in, MFA-verified session: it enrols the account in TOTP if need be and records in
the session the ``mfa`` step that allauth records when the challenge is answered. The
policy itself (``identity.mfa_policy``) is untouched; ``tests/test_identity_*.py`` drive
the real challenge.
"""

import time
from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client

from tests.totp import TEST_SECRET, totp

__all__ = ["TEST_SECRET", "enrol", "mark_mfa_verified", "sign_in", "totp"]


def enrol(user: Any, secret: str = TEST_SECRET) -> str:
    """Enrols the account in TOTP with ``secret`` (once); returns the secret."""
    if not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return secret


def mark_mfa_verified(session: SessionBase, user: Any) -> None:
    """Records in ``session`` the ``mfa`` step allauth records on a passed challenge."""
    records = list(session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [])
    if session.get(_AUTHENTICATION_METHODS_USER_SESSION_KEY) != str(user.pk):
        records = []
    records.append({"method": "mfa", "at": time.time(), "type": "totp"})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def sign_in(client: Client, user: Any) -> None:
    """``client.force_login(user)`` with a second factor: enrolled and answered."""
    enrol(user)
    client.force_login(user)
    session = client.session
    mark_mfa_verified(session, user)
