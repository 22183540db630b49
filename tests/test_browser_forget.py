"""The widget's "forget" after "Start a new chat" (audit F-11), in a real browser."""

import pytest

from tests.browser import chromium, open_widget
from tests.peers import open_agent

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_the_receipt_counts_every_chat_of_the_session(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        for number in (1, 2):
            if number == 2:
                await frame.get_by_role("button", name="Start a new chat").click()
            await frame.locator("#start").click()
            await agent.expect("assigned")
            await frame.get_by_label("Your message").fill(f"CHAT-{number} line")
            await frame.get_by_role("button", name="Send").click()
            await agent.expect("message", text=f"CHAT-{number} line")
            await frame.get_by_role("button", name="End chat").click()
            await frame.get_by_role("button", name="Start a new chat").wait_for()
        await frame.get_by_role("button", name="Ask us to forget this conversation").click()
        await frame.get_by_role("button", name="Erase it now").click()
        receipt = frame.get_by_text("Your reference is")
        await receipt.wait_for()
        assert (await receipt.inner_text()).startswith("2 conversations erased on ")
