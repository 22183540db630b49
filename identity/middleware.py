"""MFA required on every page, and password reset only where a deployer turned it on."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from identity.mfa_policy import MfaState, mfa_state

# What a signed-in user who has not passed a second factor may still reach: allauth's MFA
# screens (enrolment, the challenge, recovery codes), signing out, and the password
# re-check allauth asks for before enrolling in a session that is no longer fresh.
OPEN_WITHOUT_MFA = frozenset({"account_login", "account_logout", "account_reauthenticate"})
PASSWORD_RESET_URL_NAMES = frozenset(
    {
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "account_confirm_password_reset_code",
        "account_complete_password_reset",
        "account_password_reset_completed",
    }
)

GetResponse = Callable[[HttpRequest], HttpResponse]


def _url_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match is not None else ""


class _ViewMiddleware:
    """A middleware that acts in ``process_view`` only (once the URL is resolved)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class MfaRequiredMiddleware(_ViewMiddleware):
    """Sends a signed-in user without an authenticator to enrolment, and one whose
    session has not answered the MFA challenge to the challenge, from every page but
    those in ``OPEN_WITHOUT_MFA`` (the console, the admin, the demo page alike)."""

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        name = _url_name(request)
        if name in OPEN_WITHOUT_MFA or name.startswith("mfa_"):
            return None
        state = mfa_state(request.session, user)
        if state is MfaState.VERIFIED:
            return None
        if state is MfaState.NOT_ENROLLED:
            return HttpResponseRedirect(reverse("mfa_index"))
        challenge = reverse("mfa_reauthenticate")
        if request.method == "GET":
            challenge += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(challenge)


class PasswordResetGate(_ViewMiddleware):
    """allauth always serves password reset; it is off here unless
    ``IDENTITY_PASSWORD_RESET`` is on (audit F-13), and its pages answer 404."""

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.IDENTITY_PASSWORD_RESET and _url_name(request) in PASSWORD_RESET_URL_NAMES:
            raise Http404("Password reset is not enabled.")
        return None
