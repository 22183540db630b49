"""SSO-only mode: password sign-in off for everyone but break-glass accounts.

``SsoOnlyGate`` goes first in ``AUTHENTICATION_BACKENDS``. It never signs anyone in: in
SSO-only mode it stops Django's ``authenticate()`` (``PermissionDenied`` ends the search of
the backends) for any password sign-in, on any form (the sign-in page, the admin's, allauth's),
unless the account is in the break-glass group; then the next backend checks the password.
Single sign-on does not pass through ``authenticate()``, so the gate never stops it.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from identity.sso import actions, config

# Members may sign in with a password in SSO-only mode: accounts kept for when the identity
# provider is down. Managed in the admin (its changes are audited); single sign-on never
# adds or removes it.
BREAK_GLASS_GROUP_NAME = "break-glass"


def is_break_glass(user: Any) -> bool:
    return bool(user.groups.filter(name=BREAK_GLASS_GROUP_NAME).exists())


def _accounts(credentials: dict[str, Any]) -> list[Any]:
    """Every account the credentials could name (sign-in forms may match case-insensitively)."""
    model = get_user_model()
    manager = model._default_manager
    username = credentials.get("username") or credentials.get(model.USERNAME_FIELD)
    if isinstance(username, str) and username:
        return list(manager.filter(**{f"{model.USERNAME_FIELD}__iexact": username}))
    email = credentials.get("email")
    if isinstance(email, str) and email:
        return list(manager.filter(email__iexact=email))
    return []


class SsoOnlyGate:
    """An authentication backend that only ever refuses (see the module docstring)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if credentials.get("password") is None or not config.sso_only():
            return None
        accounts = _accounts(credentials)
        if accounts and all(is_break_glass(account) for account in accounts):
            return None
        actions.record_password_refusal(accounts[0].pk if len(accounts) == 1 else None)
        raise PermissionDenied("Password sign-in is off: sign in with single sign-on.")
