"""The account adapter: allauth's hooks for the project's sign-in rules."""

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.http import HttpRequest

from identity import audit, throttle
from identity.mfa_policy import session_records


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

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A password given at sign-in counts as given again for
        ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` (allauth counts only a re-entered one), so
        the first sign-in goes from the password to enrolment and the recovery codes
        without being asked for it twice."""
        if super().is_reauthentication_required(app=app, **kwargs) is False:
            return False
        request = getattr(context, "request", None)
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return True
        since = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
        return not any(
            record.get("method") == "password" and float(record.get("at", 0)) > since
            for record in session_records(request.session, user)
        )
