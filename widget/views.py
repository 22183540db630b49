"""The page inside the widget's iframe: the whole visitor chat lives here.

Host pages only load ``loader.js``, which adds a launcher and this iframe; the
conversation and its socket never touch the host page's scripts.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt


def frame_ancestors() -> str:
    return " ".join(settings.CHAT_ALLOWED_ORIGINS) or "'none'"


@xframe_options_exempt
def frame(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "widget/frame.html",
        {
            "organisation": settings.CHAT_ORGANISATION_NAME,
            "retention_days": settings.CHAT_RETENTION_DAYS,
            "max_text": settings.CHAT_MAX_TEXT_LENGTH,
            "allowed_origins": " ".join(settings.CHAT_ALLOWED_ORIGINS),
            "quick_exit_url": settings.CHAT_QUICK_EXIT_URL,
        },
    )
    response.csp_frame_ancestors = frame_ancestors()  # type: ignore[attr-defined]
    return response
