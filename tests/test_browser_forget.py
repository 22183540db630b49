"""The widget's "forget" after "Start a new chat" (audit F-11), in a real browser."""

import asyncio
import re

import pytest

from tests.browser import chromium, open_widget
from tests.peers import open_agent
from tests.servers import server_shell

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


async def test_a_held_chat_is_not_forgotten_and_the_visitor_gets_the_requests_reference(
    chat, site
) -> None:
    """A chat that must be kept (here a legal hold; a complaint or hazard case holds it too)
    refuses the "forget": the widget says so and gives the open request's reference."""
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        conversation = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        await frame.get_by_label("Your message").fill("HELD line")
        await frame.get_by_role("button", name="Send").click()
        await agent.expect("message", text="HELD line")
        await asyncio.to_thread(
            server_shell,
            server,
            "from transcripts.compliance import holds;"
            f"holds.set_legal_hold('{conversation}', hold=True, reason='claim', actor_id=None)",
        )
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_role("button", name="Ask us to forget this conversation").click()
        await frame.get_by_role("button", name="Erase it now").click()
        refusal = frame.get_by_text("We must keep this chat for now")
        await refusal.wait_for()
        assert re.search(r"reference is [0-9A-Z]{4}-[0-9A-Z]{4};", await refusal.inner_text())
