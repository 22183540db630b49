"""Sign-in events in the audit log (``transcripts.compliance.audit``).

Each entry names the account by its id (``actor``) and the kind of factor; never a
password, a code, a secret, an address, or a name typed for an account that does not
exist. allauth's signals bring sign-ins and MFA changes; the account adapter brings
failures; ``identity.actions`` the clearing of a lockout; single sign-on brings its
refusals through ``sso_refused``.
"""

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from identity import throttle
from identity.mfa_policy import session_records
from transcripts.compliance import audit


def account_id(username: str) -> int | None:
    """The id of the account a sign-in named, or None when there is none."""
    found = get_user_model()._default_manager.filter(username__iexact=username).first()
    return found.pk if found is not None else None


def sign_in_failed(username: str) -> None:
    audit.record(audit.SIGN_IN_FAILED, actor_id=account_id(username), factor="password")


def sign_in_locked(username: str, *, factor: str) -> None:
    """The failure that made the account's (or the address's) limit refuse the next try."""
    audit.record(audit.SIGN_IN_LOCKED, actor_id=account_id(username), factor=factor)


def sso_refused(user_id: int | None, reason: str) -> None:
    """Single sign-on refused a sign-in (for example an ``amr`` without MFA); ``reason``
    is a fixed code, never a claim's value."""
    audit.record(audit.SSO_REFUSED, actor_id=user_id, reason=reason)


def _signed_in(request: HttpRequest, user: Any, **kwargs: Any) -> None:
    records = session_records(request.session, user)
    methods = sorted({str(record.get("method")) for record in records})
    factors = sorted({str(record["type"]) for record in records if record.get("type")})
    audit.record(audit.SIGNED_IN, actor_id=user.pk, methods=methods, factors=factors)


def _authenticator_added(user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    audit.record(audit.MFA_ADDED, actor_id=user.pk, factor=authenticator.type)


def _authenticator_removed(user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    audit.record(audit.MFA_REMOVED, actor_id=user.pk, factor=authenticator.type)


def _authenticator_reset(user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    audit.record(audit.MFA_RECOVERY_CODES_RESET, actor_id=user.pk, factor=authenticator.type)


def _authenticator_used(user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        stored = Authenticator.objects.get(pk=authenticator.pk)
        remaining = len(stored.wrap().get_unused_codes())
        audit.record(audit.MFA_RECOVERY_CODE_USED, actor_id=user.pk, remaining=remaining)


def _mfa_failed(request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit.record(audit.MFA_FAILED, actor_id=user.pk)
    if throttle.is_refused(request, throttle.mfa_key(user.pk)):
        audit.record(audit.SIGN_IN_LOCKED, actor_id=user.pk, factor="mfa")


def connect() -> None:
    account_signals.user_logged_in.connect(_signed_in, dispatch_uid="identity-signed-in")
    mfa_signals.authenticator_added.connect(_authenticator_added, dispatch_uid="identity-mfa-add")
    mfa_signals.authenticator_removed.connect(
        _authenticator_removed, dispatch_uid="identity-mfa-remove"
    )
    mfa_signals.authenticator_reset.connect(_authenticator_reset, dispatch_uid="identity-mfa-reset")
    mfa_signals.authenticator_used.connect(_authenticator_used, dispatch_uid="identity-mfa-used")
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="identity-mfa-failed")
