"""Sign-in throttling on real servers, as the audit probed it (F-02): form posts over HTTP."""

import asyncio

import pytest

from tests.servers import AGENT_PASSWORD, Browserless, ChatServer

pytestmark = pytest.mark.e2e


def post_password(server: ChatServer, username: str, password: str) -> tuple[str, Browserless]:
    """One sign-in form post from a fresh browser; the page it ends on."""
    browser = Browserless(server)
    token = browser.csrf_token("/accounts/login/")
    fields = {"login": username, "password": password, "csrfmiddlewaretoken": token}
    _status, page = browser.post("/accounts/login/", fields)
    return page, browser


def refused(page: str) -> bool:
    return "Too many failed login attempts" in page or "Too Many Requests" in page


async def test_fifty_wrong_passwords_then_the_right_one_gets_no_session(start_server) -> None:
    """Audit F-02: 50 wrong passwords for agent1 from one client, then the right one."""
    server = start_server()
    pages = [
        (await asyncio.to_thread(post_password, server, "alice", f"wrong-password-{n}"))[0]
        for n in range(50)
    ]
    assert sum(refused(page) for page in pages) >= 40
    page, browser = await asyncio.to_thread(post_password, server, "alice", AGENT_PASSWORD)
    assert refused(page)
    assert 'name="code"' not in page  # not even asked for the second factor
    _status, console = await asyncio.to_thread(browser.get, "/console/")
    assert "Agent sign in" in console  # sent back to sign in: no session


@pytest.mark.postgres
@pytest.mark.redis
async def test_a_lockout_holds_in_every_process(start_server) -> None:
    first = start_server(postgres=True, redis=True)
    second = start_server(database_url=first.database_url, redis=True)
    for n in range(5):
        await asyncio.to_thread(post_password, first, "bob", f"wrong-password-{n}")
    page, _browser = await asyncio.to_thread(post_password, second, "bob", AGENT_PASSWORD)
    assert refused(page)
    page, _browser = await asyncio.to_thread(post_password, second, "carol", AGENT_PASSWORD)
    assert 'name="code"' in page  # the limit is the account's; carol is asked for her code
