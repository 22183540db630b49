"""What a session remembers of its single sign-on, and the one question other code asks of it.

The MFA policy (local accounts must enrol a second factor) asks ``session_has_idp_mfa``
whether the identity provider has already verified MFA for this session's sign-in.
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase

from identity.sso import config

IDP_SIGN_IN_SESSION_KEY = "identity_sso_sign_in"


def record_idp_sign_in(
    session: SessionBase, user_id: int, provider_id: str, *, amr_shows_mfa: bool
) -> None:
    """Called once allauth has signed the user in (the session key has been cycled)."""
    session[IDP_SIGN_IN_SESSION_KEY] = {
        "user": str(user_id),
        "provider": provider_id,
        "amr_mfa": amr_shows_mfa,
    }


def session_has_idp_mfa(session: SessionBase) -> bool:
    """Whether this session's sign-in was verified with MFA by the identity provider.

    True only for a session signed in by single sign-on, as the user it is now signed in
    as, when the ID token's ``amr`` showed MFA (one of ``OIDC_MFA_AMR``), or when
    ``OIDC_REQUIRE_MFA`` is off now (the deployer declares that the provider enforces MFA).
    False for every password sign-in, an anonymous session, and after the user changed.
    """
    entry = session.get(IDP_SIGN_IN_SESSION_KEY)
    if not isinstance(entry, dict):
        return False
    if entry.get("user") != str(session.get(SESSION_KEY)):
        return False
    return entry.get("amr_mfa") is True or not config.mfa_required()
