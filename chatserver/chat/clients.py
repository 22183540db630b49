"""What a socket's connection says about its client: its address and browser."""

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def header(scope: dict[str, Any], name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def client_address(scope: dict[str, Any]) -> str:
    """The client's IP: the trusted proxy's own entry (the last) or the peer address."""
    if settings.CHAT_TRUSTED_PROXY:
        forwarded = header(scope, b"x-forwarded-for")
        if forwarded:
            candidate = forwarded.split(",")[-1].strip()
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                pass
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def request_address(request: HttpRequest) -> str:
    """An HTTP request's client IP, by the same rule as a socket's (Django puts the
    ASGI scope's client and headers in ``META``, as the test client does)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    scope = {
        "headers": [(b"x-forwarded-for", forwarded.encode("latin-1"))] if forwarded else [],
        "client": (request.META["REMOTE_ADDR"], 0) if request.META.get("REMOTE_ADDR") else None,
    }
    return client_address(scope)
