"""HTTP middleware of our own (Django 5.2 has no built-in CSP)."""

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _policy() -> str:
    """The policy, whose form-action also names ``CSP_FORM_ACTION_ORIGINS`` (the single
    sign-on provider: the sign-in button's form is redirected there)."""
    extra = settings.CSP_FORM_ACTION_ORIGINS
    if not extra:
        return DEFAULT_CSP
    return DEFAULT_CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *extra]))


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
        policy = _policy()
        ancestors = getattr(response, "csp_frame_ancestors", None)
        if ancestors is not None:
            policy = policy.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
        response.headers.setdefault("Content-Security-Policy", policy)
        return response


class RequestBodyLimit:
    """ASGI middleware: refuses a request body over ``CHAT_MAX_REQUEST_BYTES`` before
    Django reads it.

    Django's ASGI handler holds a body in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``
    (set to the same limit) and writes the rest to a temporary file: a photo must never
    reach the disk in clear. A declared ``Content-Length`` over the limit is answered
    413 at once; a body that grows past it without one is cut off. (Daphne's own
    buffer is kept in memory by ``chatserver.serve``; this holds under any ASGI server.)
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = settings.CHAT_MAX_REQUEST_BYTES
        declared = dict(scope.get("headers", [])).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _too_large(send, limit)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                return {"type": "http.disconnect"}
            return message

        await self.app(scope, bounded_receive, send)


def too_large_body(limit: int) -> bytes:
    """The JSON of a 413, in the shape of every refused photo upload."""
    problem = {"code": "too_long", "message": f"the request is larger than {limit} bytes"}
    return json.dumps({"error": {**problem, "limit": limit}}).encode()


async def _too_large(send: Send, limit: int) -> None:
    body = too_large_body(limit)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
