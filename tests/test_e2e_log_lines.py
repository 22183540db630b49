"""A refused request costs the log one line, not a traceback (audit F-09, HTTP variation).

Anyone can send requests with a host name the server does not serve, and any agent can
ask for a supervisor's page: each refusal was logged with a 30-line traceback, so the
log grew by kilobytes per anonymous request.
"""

import asyncio
import http.client

import pytest

from tests.servers import Browserless

pytestmark = pytest.mark.e2e

REFUSALS = 5


def _get(port: int, path: str, **headers: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers=headers)
    status = connection.getresponse().status
    connection.close()
    return status


async def test_refused_requests_log_one_line_each(start_server) -> None:
    server = start_server()
    for _ in range(REFUSALS):
        assert await asyncio.to_thread(_get, server.port, "/", Host="evil.example") == 400
    bob = Browserless(server)
    await asyncio.to_thread(bob.login, "bob")
    for _ in range(REFUSALS):
        status, _page = await asyncio.to_thread(bob.get, "/console/dashboard/")
        assert status == 403
    await asyncio.sleep(0.5)
    log = server.log_text()
    assert "Traceback" not in log
    assert sum("Invalid HTTP_HOST header" in line for line in log.splitlines()) == REFUSALS
    assert sum("Forbidden" in line and "dashboard" in line for line in log.splitlines()) >= 1
