"""The one rule for "this session passed a second factor" (MFA required, not offered).

allauth keeps, in the session, a record of every authentication step taken in it
(``allauth.account.authentication.get_authentication_records``): a password, then an
``mfa`` step when the user answered the challenge with a TOTP code, a recovery code or
a security key, at sign-in or when asked again (``mfa_reauthenticate``). A session is
MFA-verified when its user has an authenticator enrolled and the session holds an
``mfa`` step of that user. Enrolling does not count as the step: the enrolment screens
lead on to the challenge, so every verified session answered it.

A single sign-on counts instead when the identity provider vouched for MFA in its ID
token's ``amr`` (``identity.sso.session.session_has_idp_mfa``): such an agent has no local
authenticator to enrol.

The pages (``identity.middleware``) and the agent socket (``chatserver.chat``) both ask
``mfa_state``/``session_is_mfa_verified``; nothing else decides it.
"""

from enum import StrEnum
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from identity.sso.session import session_has_idp_mfa

# The authentication step (allauth's record ``method``) that proves a second factor.
MFA_METHOD = "mfa"


class MfaState(StrEnum):
    NOT_ENROLLED = "not_enrolled"  # no authenticator: enrolment is all they may reach
    NOT_VERIFIED = "not_verified"  # enrolled, but this session has not answered the challenge
    VERIFIED = "verified"


def session_records(session: SessionBase, user: Any) -> list[dict[str, Any]]:
    """allauth's authentication records of ``user`` in ``session`` (allauth reads them
    from a request; a socket has only its session)."""
    request = HttpRequest()
    request.session = session
    return list(get_authentication_records(request, user))


def mfa_state(session: SessionBase | None, user: Any) -> MfaState:
    """Where a signed-in ``user`` stands in this session."""
    if user is None or not user.is_authenticated:
        return MfaState.NOT_ENROLLED
    if session is not None and _sso_with_mfa(session, user):
        return MfaState.VERIFIED
    if not is_mfa_enabled(user):
        return MfaState.NOT_ENROLLED
    if session is None:
        return MfaState.NOT_VERIFIED
    if any(record.get("method") == MFA_METHOD for record in session_records(session, user)):
        return MfaState.VERIFIED
    return MfaState.NOT_VERIFIED


def _sso_with_mfa(session: SessionBase, user: Any) -> bool:
    """The session was signed in by single sign-on, as this user, with the provider's MFA."""
    return str(session.get(SESSION_KEY)) == str(user.pk) and session_has_idp_mfa(session)


def session_is_mfa_verified(session: SessionBase | None, user: Any) -> bool:
    """True when ``user`` has an authenticator and answered its challenge in ``session``."""
    return mfa_state(session, user) is MfaState.VERIFIED
