"""The widget: the loader that landlord pages embed, and the page inside its iframe.

Host pages only load the loader, which adds a launcher and the iframe; the
conversation and its socket never touch the host page's scripts. Both are served
in the visitor's language (``locality.languages``), their words from ``strings``.
"""

import json
from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from locality.languages import in_visitor_language
from widget.strings import frame_strings, loader_labels


def frame_ancestors() -> str:
    return " ".join(settings.CHAT_ALLOWED_ORIGINS) or "'none'"


@xframe_options_exempt
@in_visitor_language
def frame(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "widget/frame.html",
        {
            "language": translation.get_language(),
            "organisation": settings.CHAT_ORGANISATION_NAME,
            "retention_days": settings.CHAT_RETENTION_DAYS,
            "max_text": settings.CHAT_MAX_TEXT_LENGTH,
            "allowed_origins": " ".join(settings.CHAT_ALLOWED_ORIGINS),
            "quick_exit_url": settings.CHAT_QUICK_EXIT_URL,
            "strings": frame_strings(),
        },
    )
    response.csp_frame_ancestors = frame_ancestors()  # type: ignore[attr-defined]
    return response


@cache
def loader_source() -> str:
    """The loader script with every language's labels (the same for every page)."""
    return render_to_string(
        "widget/loader.js",
        {
            "labels": json.dumps(loader_labels(), ensure_ascii=True),
            "default": settings.LANGUAGE_CODE,
        },
    )


@require_GET
@cache_control(public=True, max_age=300)
def loader(request: HttpRequest) -> HttpResponse:
    return HttpResponse(loader_source(), content_type="text/javascript; charset=utf-8")
