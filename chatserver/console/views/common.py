"""What every console screen shares: who may open it, and pages that say no."""

from collections.abc import Callable
from datetime import datetime
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_date

from chatserver.chat.access import require_agent, require_supervisor
from locality.days import end_of, start_of

View = Callable[..., HttpResponse]

UNREADABLE = (
    "This transcript cannot be opened: it was sealed under a master key that is not in "
    "TRANSCRIPT_KEYS, or its stored bytes were altered. Nothing was shown. Ask the "
    "administrator to put the key back in the ring and run manage.py rotate_keys."
)


def _requires(check: Callable[[Any], None]) -> Callable[[View], View]:
    """Signed in, then ``check`` (which raises ``Forbidden``: Django answers 403)."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            check(request.user)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


agent_required = _requires(require_agent)
supervisor_required = _requires(require_supervisor)


def signed_in(request: HttpRequest) -> User:
    """The signed-in agent of a view behind ``agent_required``."""
    return cast(User, request.user)


def problem(
    request: HttpRequest, title: str, message: str, back_url: str, status: int = 409
) -> HttpResponse:
    """A page that says why something cannot be done: 409 when the state forbids it,
    400 when the form was not valid."""
    context = {"title": title, "message": message, "back_url": back_url}
    return render(request, "console/problem.html", context, status=status)


def bad_form(request: HttpRequest, title: str, message: str, back_url: str) -> HttpResponse:
    return problem(request, title, message, back_url, status=400)


def kept_private(response: HttpResponse) -> HttpResponse:
    """Personal data (search results, an export, an archive): no cache may keep a copy."""
    response["Cache-Control"] = "no-store, private"
    return response


def day(value: str | None, end: bool = False) -> datetime | None:
    parsed = parse_date(value or "")
    if parsed is None:
        return None
    return end_of(parsed) if end else start_of(parsed)
