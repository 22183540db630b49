"""The account adapter: allauth's hooks for the project's sign-in rules."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from identity import audit, throttle


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """No public sign-up (accounts come from ``create_agent`` and the admin), failed
    sign-ins counted per account name (``identity.throttle``) and audited."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's own key carries the request's host, so one account would be counted
        # apart under each host name and a supervisor could not name the key to clear.
        return throttle.password_key(str(credentials.get("username", "")))

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """A wrong password (or an unknown or inactive account): audited, and the
        lockout audited when this failure is the one that trips it."""
        username = str(credentials.get("username", ""))
        audit.sign_in_failed(username)
        if throttle.is_refused(request, throttle.password_key(username)):
            audit.sign_in_locked(username, factor="password")
