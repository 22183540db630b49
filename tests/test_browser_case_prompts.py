"""Complaint and hazard prompts in the agent console, in a real browser: shown on the
conversation without blocking the composer, the offer drafted but not sent, and
"Record …" asking the casework dialog through its event."""

import pytest

from tests.browser import chromium, console_login
from tests.peers import open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

UNHAPPY = "The tenant sounds unhappy: offer them the choice to make a complaint"
LISTEN = (
    "window.recorded = [];"
    "document.addEventListener('casework:record', (event) => window.recorded.push(event.detail));"
)


async def test_the_agent_is_prompted_and_decides(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        await alice.evaluate(LISTEN)
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start()
        await visitor.expect("message", text="Alice joined the chat.")

        ack = await visitor.say("I'm not happy, this is the third time")
        await alice.get_by_text(UNHAPPY).wait_for()
        composer = alice.get_by_label("Message", exact=True)
        await composer.fill("Sorry to hear that.")
        await alice.get_by_role("button", name="Offer the choice").click()
        drafted = await composer.input_value()
        assert drafted.startswith("Sorry to hear that.\n") and "make a complaint" in drafted
        await alice.get_by_role("button", name="They declined").wait_for()
        await alice.get_by_role("button", name="Record a complaint").click()
        await alice.get_by_text("make a complaint: record it").wait_for(state="detached")
        recorded = await alice.evaluate("window.recorded")
        assert recorded == [
            {
                "conversationId": recorded[0]["conversationId"],
                "kind": "complaint",
                "severity": None,
                "seq": ack["seq"],
            }
        ]
        sent = [line for line in await visitor.drain() if line["type"] == "message"]
        assert [line for line in sent if line["from"] == "agent"] == []
        # The casework dialog opened on the event, the kind and the prompting line chosen.
        casework = alice.get_by_role("dialog", name="Record a case")
        await casework.wait_for()
        assert await alice.locator("#casework-kind").input_value() == "complaint"
        assert await alice.locator("#casework-line").input_value() == str(ack["seq"])
        await casework.get_by_role("button", name="Close").click()
        await casework.wait_for(state="hidden")

        await visitor.say("and there's black mould in the bedroom")
        await alice.get_by_text("Possible hazard (damp and mould)").wait_for()
        await alice.get_by_role("button", name="Not a hazard").click()
        await alice.get_by_text("Possible hazard (damp and mould)").wait_for(state="detached")
        assert len(await alice.evaluate("window.recorded")) == 1

        # A low rating after the agent closed the chat is shown beside their chats.
        await alice.locator("#close-chat").click()
        dialog = alice.get_by_role("dialog", name="Close this chat?")
        await dialog.get_by_role("button", name="Close chat").click()
        await visitor.expect("status", status="closed")
        await visitor.send({"type": "rate", "score": 1})
        await visitor.expect("rated")
        low = alice.get_by_text("The tenant gave this chat a low rating")
        await low.wait_for()
        assert await alice.get_by_role("button", name="Offer the choice").count() == 0
        await alice.get_by_role("button", name="Not a complaint").click()
        await low.wait_for(state="detached")
