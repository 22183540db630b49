"""The sign-in view: allauth's, with the desk's previous session ended first."""

from typing import Any

from allauth.account.views import LoginView
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
