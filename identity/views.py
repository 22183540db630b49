"""The sign-in views: allauth's, with the desk's previous session ended first and the
second-factor challenge offering only the factors the account has."""

from typing import Any

from allauth.account.views import LoginView
from allauth.mfa.base import views as allauth_mfa_views
from allauth.mfa.models import Authenticator
from django.contrib.auth import logout
from django.http import HttpRequest
from django.http.response import HttpResponseBase

_allauth_login = LoginView.as_view()


def login(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """allauth's sign-in; a sign-in posted from a signed-in browser (another agent at a
    shared desk) first signs the previous account out, so its sockets close at once and
    the new session starts empty: allauth's record of the new account's steps would
    otherwise be lost when Django's login flushes the previous account's session, and
    that session would hold the previous account's second factor meanwhile."""
    if request.method == "POST" and request.user.is_authenticated:
        logout(request)
    response: HttpResponseBase = _allauth_login(request, *args, **kwargs)
    return response


class AuthenticateView(allauth_mfa_views.AuthenticateView):  # type: ignore[misc]
    """allauth's second-factor challenge, offering only the kinds of factor the account
    has: "Use a security key" to an account with none did nothing when pressed."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        user = self.stage.login.user
        owned = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
        context["MFA_SUPPORTED_TYPES"] = [
            kind for kind in context["MFA_SUPPORTED_TYPES"] if kind in owned
        ]
        return context


authenticate = AuthenticateView.as_view()
