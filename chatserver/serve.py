"""Daphne's command line, with two protocol behaviours changed.

Autobahn, under Daphne, drops the TCP connection when a peer breaks a limit
(``failByDrop``), so a client that sent an oversized message sees only an
abnormal closure. We turn that off so the peer receives a proper close frame
(1009, message too big) and can tell the visitor why.

Twisted buffers a request body of 100 kB or more in a temporary file: a photo would
reach the disk in clear before any of our code ran. Bodies are held in memory here
instead, and one over ``CHAT_MAX_REQUEST_BYTES`` is answered 413 as soon as its
length is known (or, without a declared length, as soon as it grows past it).
Daphne's access log writes each request's query string; ours writes the path only (a
query string may carry what a client sent: Entra ID's SCIM filter names a user).
Everything else is Daphne's own: ``python -m chatserver.serve`` takes Daphne's
arguments.
"""

import io
import sys
from typing import Any

from daphne import cli, http_protocol
from daphne import server as daphne_server
from daphne.access import AccessLogGenerator
from daphne.cli import CommandLineInterface
from daphne.ws_protocol import WebSocketFactory
from django.conf import settings

from chatserver.middleware import too_large_body


# Daphne is untyped, so mypy sees its factory as Any.
class ClosingWebSocketFactory(WebSocketFactory):  # type: ignore[misc]
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setProtocolOptions(failByDrop=False)


class PathOnlyAccessLog(AccessLogGenerator):  # type: ignore[misc]
    """Daphne's access log, with each request's path cut at its query string."""

    def __call__(self, protocol: str, action: str, details: dict[str, Any]) -> None:
        path = str(details.get("path", ""))
        super().__call__(protocol, action, dict(details, path=path.partition("?")[0]))


class InMemoryRequest(http_protocol.WebRequest):  # type: ignore[misc]
    """A request whose body stays in memory, within ``CHAT_MAX_REQUEST_BYTES``."""

    refused = False
    received = 0

    def gotLength(self, length: int | None) -> None:  # noqa: N802  (Twisted's name)
        self.content = io.BytesIO()
        if length is not None and length > settings.CHAT_MAX_REQUEST_BYTES:
            self._refuse()

    def handleContentChunk(self, data: bytes) -> None:  # noqa: N802  (Twisted's name)
        if self.refused:
            return
        self.received += len(data)
        if self.received > settings.CHAT_MAX_REQUEST_BYTES:
            self._refuse()
            return
        super().handleContentChunk(data)

    def _refuse(self) -> None:
        """Answers 413 at once and closes, before the body is read."""
        self.refused = True
        body = too_large_body(settings.CHAT_MAX_REQUEST_BYTES)
        transport = self.channel.transport
        transport.write(
            b"HTTP/1.1 413 Content Too Large\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        transport.loseConnection()


class InMemoryHTTPFactory(http_protocol.HTTPFactory):  # type: ignore[misc]
    def buildProtocol(self, addr: Any) -> Any:  # noqa: N802  (Twisted's name)
        protocol = super().buildProtocol(addr)
        protocol.requestFactory = InMemoryRequest
        return protocol


def main() -> None:
    daphne_server.WebSocketFactory = ClosingWebSocketFactory
    daphne_server.HTTPFactory = InMemoryHTTPFactory
    cli.AccessLogGenerator = PathOnlyAccessLog
    sys.argv[0] = "daphne"
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
