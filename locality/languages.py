"""The language a visitor is answered in: English or Welsh (``settings.LANGUAGES``).

The landlord's page chooses it (``data-lang`` on the loader, passed to the widget as
``?lang=``); without that the browser's ``Accept-Language`` does. A conversation keeps
the language it was started in, so its system lines, the emailed copy and the
subject's export are written in it. The agents' console and the admin stay in the
default language.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def supported(code: object) -> str | None:
    """The supported language for ``code`` ("cy", "cy-GB", "en" ...), or None."""
    if not isinstance(code, str) or not code.strip() or len(code) > 35:
        return None
    try:
        return translation.get_supported_language_variant(code.strip().lower())
    except LookupError:
        return None


def visitor_language(request: HttpRequest) -> str:
    """The page's choice (``?lang=``), else the browser's, else the default."""
    return (
        supported(request.GET.get("lang"))
        or supported(translation.get_language_from_request(request))
        or str(settings.LANGUAGE_CODE)
    )


def in_visitor_language(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Renders ``view`` in the visitor's language and says which (``Content-Language``)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = visitor_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Translates what is written inside into ``language`` (a stored conversation's)."""
    with translation.override(supported(language) or settings.LANGUAGE_CODE):
        yield
