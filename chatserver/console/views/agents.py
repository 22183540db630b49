"""Supervisors' actions on agents' accounts: signing one out everywhere."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from chatserver.chat.access import account_to_sign_out
from chatserver.console.views.common import signed_in, supervisor_required
from identity.sessions import do_sign_out_everywhere

NOT_CONFIRMED = "Tick the box to confirm: nothing was changed."


@supervisor_required
def sign_out_everywhere(request: HttpRequest, account_id: int) -> HttpResponse:
    """Asks first; a confirmed POST ends every session of the agent and closes their
    sockets in every process."""
    account = account_to_sign_out(request.user, account_id)
    context: dict[str, Any] = {"account": account}
    status = 200
    if request.method == "POST":
        if request.POST.get("confirm") == "yes":
            context["ended"] = do_sign_out_everywhere(account, signed_in(request))
        else:
            context["error"] = NOT_CONFIRMED
            status = 400
    return render(request, "console/sign_out.html", context, status=status)
