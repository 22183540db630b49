"""Failed sign-ins, counted by allauth's ``login_failed`` rate limit (``ACCOUNT_RATE_LIMITS``).

That limit has two parts: one per client address and one per key. The key of a password
attempt is the account name as typed (casefolded, so that ``Alice`` and ``alice`` count
together, and whether or not such an account exists, so that a lockout tells nothing of
which names exist); the key of an MFA code is allauth's per-account one. Once either key
has had ``IDENTITY_LOCKOUT_FAILURES`` failures in ``IDENTITY_LOCKOUT_MINUTES``, allauth
refuses that account's sign-ins, the right password included, for the rest of the
window: that is the lockout, which a supervisor may clear (``identity.actions``).

The counts live in Django's cache: Redis when ``REDIS_URL`` is set (shared by every
process), else the process's memory.
"""

from typing import Any

from allauth.core import ratelimit
from django.http import HttpRequest

LOGIN_FAILED = "login_failed"


def password_key(username: str) -> str:
    """The per-account key of password attempts for ``username``."""
    return f"username:{username.casefold()}"


def mfa_key(user_id: Any) -> str:
    """The per-account key allauth counts wrong MFA codes under
    (``allauth.mfa.base.internal.flows.check_rate_limit``)."""
    return f"mfa-auth-user-{user_id}"


def is_refused(request: HttpRequest, key: str) -> bool:
    """True when the next failed-sign-in attempt for ``key`` from this request's
    address would be refused (by the address's limit or the account's)."""
    return not ratelimit.consume(request, action=LOGIN_FAILED, key=key, dry_run=True)


def clear(request: HttpRequest, username: str, user_id: Any) -> None:
    """Forgets the failures counted against an account (its password and MFA keys).

    allauth clears the address part of the limit too, for the address of ``request``
    (the supervisor's own), which does no harm.
    """
    for key in (password_key(username), mfa_key(user_id)):
        ratelimit.clear(request, action=LOGIN_FAILED, key=key)
