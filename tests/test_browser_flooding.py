"""Queue flooding (audit F-05) as agents and visitors see it in a real browser."""

import pytest

from tests.browser import chromium, console_login, open_widget
from tests.peers import open_agent, open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_the_console_counts_the_whole_queue_and_says_how_many_more(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual", CHAT_QUEUE_FRAME_MAX="2")
    visitors = []
    for _ in range(3):
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start()
        visitors.append(visitor)
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("and 1 more").wait_for()
        assert await alice.locator("#queue-count").inner_text() == "3"
        assert await alice.locator("#queue").get_by_role("button", name="Accept").count() == 2
        fourth = await open_visitor(server)
        await fourth.hello()
        await fourth.start()
        await alice.get_by_text("and 2 more").wait_for()
        assert await alice.locator("#queue-count").inner_text() == "4"


async def test_the_widget_explains_a_start_refused_for_too_many_chats(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto", CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR="1")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await agent.expect("assigned")
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_role("button", name="Start a new chat").click()
        await frame.locator("#start").click()
        await frame.get_by_text("You have started several chats recently").wait_for()
