"""Daphne's command line, with one protocol option changed.

Autobahn, under Daphne, drops the TCP connection when a peer breaks a limit
(``failByDrop``), so a client that sent an oversized message sees only an
abnormal closure. We turn that off so the peer receives a proper close frame
(1009, message too big) and can tell the visitor why. Everything else is
Daphne's own: ``python -m chatserver.serve`` takes Daphne's arguments.
"""

import sys

from daphne import server as daphne_server
from daphne.cli import CommandLineInterface
from daphne.ws_protocol import WebSocketFactory


# Daphne is untyped, so mypy sees its factory as Any.
class ClosingWebSocketFactory(WebSocketFactory):  # type: ignore[misc]
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.setProtocolOptions(failByDrop=False)


def main() -> None:
    daphne_server.WebSocketFactory = ClosingWebSocketFactory
    sys.argv[0] = "daphne"
    CommandLineInterface.entrypoint()


if __name__ == "__main__":
    main()
