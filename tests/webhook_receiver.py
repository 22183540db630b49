"""A landlord's webhook receiver, run as its own process by the end-to-end tests.

It verifies every request with the Standard Webhooks library (``standardwebhooks``), as a
landlord's IT would, and answers each event id by its attempt number there: the first
attempt of an id gets a 500, the second is held past the sender's timeout, the third and
later get 200 (with ``--always-ok``, every attempt gets 200; with ``--hold-first`` the first
attempt of each id is held for that many seconds, then answered 200). Every request is
appended to ``--log`` as a JSON line: its id, type, attempt, whether it verified and the
status answered. Run: ``python -m tests.webhook_receiver --port P --secret S --log F``.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, secret: str, log: Path, options: argparse.Namespace) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.webhook = Webhook(secret)
        self.log = log
        self.options = options
        self.attempts: dict[str, int] = {}
        self.lock = threading.Lock()

    def count(self, event_id: str) -> int:
        with self.lock:
            self.attempts[event_id] = self.attempts.get(event_id, 0) + 1
            return self.attempts[event_id]

    def write(self, line: dict[str, Any]) -> None:
        with self.lock, self.log.open("a") as out:
            out.write(json.dumps(line) + "\n")


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base's name)
        return

    def _answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def _plan(self, attempt: int) -> tuple[float, int]:
        """(seconds to hold, status) for this attempt of an id."""
        options = self.server.options
        if options.hold_first:
            return (options.hold_first if attempt == 1 else 0.0), 200
        if options.always_ok or attempt >= 3:
            return 0.0, 200
        return (options.slow if attempt == 2 else 0.0), 500

    def do_POST(self) -> None:  # noqa: N802  (http.server's name)
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            document = self.server.webhook.verify(body, headers)
        except WebhookVerificationError:
            self.server.write({"id": headers.get("webhook-id"), "verified": False, "status": 401})
            self._answer(401)
            return
        event_id = headers["webhook-id"]
        attempt = self.server.count(event_id)
        hold, status = self._plan(attempt)
        line = {"id": event_id, "type": document["type"], "attempt": attempt, "verified": True}
        self.server.write({**line, "status": status, "phase": "received"})
        if hold:
            time.sleep(hold)
        try:
            self._answer(status)
        except OSError:
            status = 0  # the sender had gone
        self.server.write({**line, "status": status, "phase": "answered", "data": document["data"]})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument("--slow", type=float, default=3.0)
    parser.add_argument("--always-ok", action="store_true")
    parser.add_argument("--hold-first", type=float, default=0.0)
    options = parser.parse_args()
    server = Receiver(options.port, options.secret, options.log, options)
    options.log.touch()
    server.serve_forever()


if __name__ == "__main__":
    main()
