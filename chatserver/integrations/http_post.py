"""One signed POST to an endpoint, timed, with the outcome the delivery log keeps.

``http.client`` rather than a client library: a webhook must not follow redirects (the
receiver is the URL the supervisor gave, nowhere else), and nothing but the status and the
time is read back. Certificates are verified with the system's trust store.
"""

import contextlib
import http.client
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from chatserver.integrations.models import Attempt

Outcome = Attempt.Outcome
# The most of an answer read (and then dropped): only its status counts.
ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Result:
    outcome: str
    status_code: int | None
    latency_ms: int

    @property
    def delivered(self) -> bool:
        return self.outcome == Outcome.DELIVERED


def _connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.hostname or ""
    if parts.scheme == "https":
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(host, parts.port, timeout=timeout, context=context), path
    return http.client.HTTPConnection(host, parts.port, timeout=timeout), path


def post(url: str, headers: dict[str, str], body: bytes, timeout: float) -> Result:
    """POSTs ``body``; a 2xx answer within ``timeout`` (per network step) is delivered."""
    connection, path = _connection(url, timeout)
    started = time.monotonic()
    status: int | None = None
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        status = response.status
        # The status decides; an answer's body cut short changes nothing.
        with contextlib.suppress(OSError, http.client.HTTPException):
            response.read(ANSWER_BYTES)
        outcome = Outcome.DELIVERED if 200 <= status < 300 else Outcome.REFUSED
    except TimeoutError:
        outcome = Outcome.TIMED_OUT
    except (OSError, http.client.HTTPException):
        outcome = Outcome.UNREACHABLE
    finally:
        connection.close()
    latency = int((time.monotonic() - started) * 1000)
    return Result(str(outcome), status, latency)
