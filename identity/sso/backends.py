"""The one authentication backend: allauth's, with SSO-only mode in front of its password check.

In SSO-only mode a password sign-in, on any form (the sign-in page, the admin's, allauth's),
is refused (``PermissionDenied`` ends Django's ``authenticate()``) unless the account is in
the break-glass group. Single sign-on does not pass through ``authenticate()``, so the mode
never stops it. One backend rather than a gate before allauth's, so that whatever records a
session's backend (``AUTHENTICATION_BACKENDS[0]``) records one that can load the user.
"""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
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


class SsoOnlyAuthenticationBackend(AuthenticationBackend):  # type: ignore[misc]
    """allauth's backend, refusing passwords in SSO-only mode (see the module docstring)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> Any:
        if credentials.get("password") is not None and config.sso_only():
            accounts = _accounts(credentials)
            if not (accounts and all(is_break_glass(account) for account in accounts)):
                actions.record_password_refusal(accounts[0].pk if len(accounts) == 1 else None)
                raise PermissionDenied("Password sign-in is off: sign in with single sign-on.")
        return super().authenticate(request, **credentials)
