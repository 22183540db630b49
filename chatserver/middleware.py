"""HTTP middleware of our own (Django 5.2 has no built-in CSP)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Adds a strict CSP to every response that has not set its own.

    Nothing may frame a page, except one whose view names the sites that may in a
    ``csp_frame_ancestors`` attribute on its response (the widget iframe names the
    landlord sites), as Django's clickjacking middleware reads
    ``xframe_options_exempt``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = DEFAULT_CSP
        ancestors = getattr(response, "csp_frame_ancestors", None)
        if ancestors is not None:
            policy = policy.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response
