"""Which browser origins may open our WebSockets.

The visitor widget runs in an iframe served by the chat server itself, and the
agent console is one of its pages, so both sockets accept only the chat
server's own origins: ``CHAT_SERVER_ORIGINS`` when set, otherwise the origin
the request was made to (its ``Host`` header, which must be an allowed host,
with the scheme matching the socket's). Landlord sites never talk to the socket
directly; the iframe's CSP ``frame-ancestors`` decides where it may be embedded.
"""

from typing import Any

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    values = [value for key, value in scope.get("headers", []) if key.lower() == name]
    if len(values) != 1:
        return None
    try:
        return str(values[0].decode("ascii"))
    except UnicodeDecodeError:
        return None


def is_own_origin(scope: dict[str, Any]) -> bool:
    origin = _header(scope, b"origin")
    if not origin or origin == "null":
        return False
    origin = origin.lower()
    if settings.CHAT_SERVER_ORIGINS:
        return origin in {allowed.lower() for allowed in settings.CHAT_SERVER_ORIGINS}
    host = _header(scope, b"host")
    if not host:
        return False
    domain, _port = split_domain_port(host.lower())
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    secure = scope.get("scheme") == "wss"
    if not secure and not settings.DEBUG:
        return False
    scheme = "https" if secure else "http"
    return origin == f"{scheme}://{host.lower()}"


class ServerOriginValidator:
    """ASGI middleware refusing WebSocket handshakes from foreign origins."""

    def __init__(self, application: Any) -> None:
        self.application = application

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] == "websocket" and not is_own_origin(scope):
            denier = WebsocketDenier()
            return await denier(scope, receive, send)
        return await self.application(scope, receive, send)
