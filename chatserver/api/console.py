"""The console's API tokens page: the list (name, prefix, scopes, made, last used), making
one (shown once, on the answer to the POST that made it, never again) and revoking one.
Supervisors only; thin over ``actions``."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from chatserver.api import actions
from chatserver.api.models import ApiToken
from chatserver.api.scopes import Scope
from chatserver.chat.errors import ChatError
from chatserver.console.views.common import signed_in, supervisor_required


def _page(request: HttpRequest, *, status: int = 200, **context: object) -> HttpResponse:
    context = {
        "tokens": ApiToken.objects.select_related("created_by"),
        "scopes": Scope.choices,
        "scope_labels": dict(Scope.choices),
        **context,
    }
    response = render(request, "api/tokens.html", context, status=status)
    # The page that shows a new token must not be kept by a browser or a proxy.
    response["Cache-Control"] = "no-store, private"
    return response


@supervisor_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The list; a POST makes a token and shows it this once."""
    if request.method != "POST":
        return _page(request)
    name = request.POST.get("name", "")
    scopes = request.POST.getlist("scopes")
    try:
        made, token = actions.do_create_token(signed_in(request), name, scopes)
    except ChatError as error:
        return _page(request, status=400, error=str(error), name=name[:100], chosen=scopes)
    return _page(request, status=201, made=made, token=token)


@supervisor_required
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("api-tokens")
    try:
        actions.do_revoke_token(signed_in(request), token_id)
    except ChatError as error:
        return _page(request, status=409, error=str(error))
    return redirect("api-tokens")
