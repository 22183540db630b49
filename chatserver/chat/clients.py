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


# One IPv6 subscriber is usually given a whole /64 (RFC 6177): its addresses are one client.
IPV6_CLIENT_PREFIX = 64


def rate_limit_key(address: str) -> str:
    """The key a per-address limit counts a client address under: an IPv4 address
    itself, an IPv6 address its /64 network (an IPv4-mapped one its IPv4 address).
    Anything that is not an IP address (a Unix socket, "unknown") is its own key."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv4Address):
        return str(parsed)
    if parsed.ipv4_mapped is not None:
        return str(parsed.ipv4_mapped)
    host_bits = 128 - IPV6_CLIENT_PREFIX
    network = ipaddress.IPv6Address(int(parsed) >> host_bits << host_bits)
    return f"{network}/{IPV6_CLIENT_PREFIX}"
