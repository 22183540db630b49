"""Second factors in tests: TOTP codes computed here (RFC 6238), accounts enrolled, and
in-process sessions marked as having answered the MFA challenge.

``sign_in`` is the ONE way tests give an in-process client (or a socket's session) a
signed-in, MFA-verified session: it enrols the account in TOTP if need be and records in
the session the ``mfa`` step that allauth records when the challenge is answered. The
policy itself (``identity.mfa_policy``) is untouched; ``tests/test_identity_*.py`` drive
the real challenge.
"""

import base64
import hashlib
import hmac
import struct
import time
from typing import Any

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client

# A fixed secret for the accounts tests enrol (base32 of 20 bytes).
TEST_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PERIOD = 30


def totp(secret: str, *, at: float | None = None, step: int = 0) -> str:
    """The 6-digit RFC 6238 code (HMAC-SHA1, 30 s) for ``secret`` at ``at`` (now),
    ``step`` periods later."""
    counter = int((time.time() if at is None else at) // PERIOD) + step
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


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
