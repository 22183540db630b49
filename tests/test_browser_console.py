"""The agent console and supervisor dashboard in a real browser."""

import re

import pytest

from tests.browser import artifact, chromium, console_login
from tests.peers import open_visitor
from tests.servers import manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def login(browser, server, username: str):
    page = await console_login(browser, server, username)
    await page.get_by_text(f"Connected as {username.title()}.").wait_for()
    return page


FAN_REPLY = "An engineer will call about the fan."
MADE_CANNED = (
    "from chatserver.chat.models import CannedResponse; "
    f"CannedResponse.objects.create(shortcut='fan', text={FAN_REPLY!r})"
)


async def test_agent_console_whole_conversation_and_dashboard(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    manage(server.env, "shell", "-c", MADE_CANNED)
    async with chromium() as browser:
        alice = await login(browser, server, "alice")
        await alice.get_by_label("Available for chats").check()
        bob = await login(browser, server, "bob")
        await bob.get_by_label("Available for chats").check()

        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start(email="tenant.browser@example.org", name="Tess Tenant")
        await alice.get_by_text("A visitor is waiting").wait_for()
        await alice.get_by_text("details given").wait_for()
        await alice.screenshot(path=artifact("console-1-queue.png"))
        await alice.locator("#queue").get_by_role("button", name="Accept").click()
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await visitor.expect("status", status="active")

        await alice.get_by_label("Message", exact=True).fill("Hello Tess, how can I help?")
        await alice.keyboard.press("Enter")
        reply = await visitor.expect("message", text="Hello Tess, how can I help?")
        await visitor.say("The bathroom fan is broken")
        await alice.locator("#log li", has_text="The bathroom fan is broken").wait_for()

        # A canned response: Tab takes the suggestion, and so does Enter, which must not
        # send the shortcut itself; the next Enter sends the response.
        composer = alice.get_by_label("Message", exact=True)
        await composer.fill("/fa")
        await alice.locator("#canned-suggestions", has_text=FAN_REPLY).wait_for()
        await alice.keyboard.press("Tab")
        assert await composer.input_value() == FAN_REPLY
        await composer.fill("/fa")
        await alice.keyboard.press("Enter")
        assert await composer.input_value() == FAN_REPLY
        await alice.keyboard.press("Enter")
        await visitor.expect("message", text=FAN_REPLY)

        await alice.get_by_label("Internal note (never sent to the visitor)").check()
        await alice.get_by_label("Message", exact=True).fill("Check the fan warranty")
        await alice.get_by_role("button", name="Send").click()
        await alice.locator("#log li.note", has_text="Check the fan warranty").wait_for()
        await alice.screenshot(path=artifact("console-2-chatting.png"))

        await alice.get_by_role("button", name="Transfer chat…").click()
        await alice.locator("#transfer-to option", has_text="Bob").wait_for(state="attached")
        await alice.get_by_label("Transfer to").select_option(label="Bob")
        await alice.get_by_role("button", name="Transfer", exact=True).click()
        await bob.get_by_role("heading", name="Tess Tenant").wait_for()
        await bob.locator("#log li.note", has_text="Check the fan warranty").wait_for()
        # After the transfer, Alice's lines carry her name, not "You".
        note_meta = bob.locator("#log li.note", has_text="Check the fan warranty").locator(".meta")
        assert (await note_meta.inner_text()).endswith("Note by Alice")
        reply_meta = bob.locator("#log li.agent", has_text="Hello Tess").locator(".meta")
        assert (await reply_meta.inner_text()).endswith("Alice")
        await visitor.expect("status", status="active", agent={"name": "Bob"})
        await bob.locator("#close-chat").click()
        closing = bob.get_by_role("dialog", name="Close this chat?")
        await closing.get_by_role("button", name="Close chat").click()
        await visitor.expect("status", status="closed")
        frames = await visitor.drain(0.5)
        assert all("warranty" not in str(frame) for frame in visitor.received + frames)
        assert reply["from"] == "agent"

        await alice.goto(server.origin + "/console/history/")
        await alice.get_by_label("Visitor email (exact)").fill("tenant.browser@example.org")
        await alice.get_by_role("button", name="Search").click()
        await alice.get_by_role("link", name="Open").click()
        await alice.get_by_text("The bathroom fan is broken", exact=True).wait_for()
        await alice.screenshot(path=artifact("console-3-transcript.png"))

        carol = await login(browser, server, "carol")
        await carol.goto(server.origin + "/console/dashboard/")
        assert await carol.locator("#chats-today").inner_text() == "1"
        await carol.locator("svg.chart rect title", has_text="1 chats").wait_for(state="attached")
        audit = carol.locator("#audit")
        await audit.get_by_text("Transcript opened").first.wait_for()
        await audit.get_by_text("Chat history searched").first.wait_for()
        await carol.screenshot(path=artifact("console-4-dashboard.png"), full_page=True)
    assert "tenant.browser" not in server.log_text()


US_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{4}|AM|PM")


async def test_console_finish_in_an_american_browser(start_server) -> None:
    """Usability review: the waiting alert goes with the last visitor waiting, an unknown
    canned shortcut is not sent on the first Enter, and dates are in the UK form even in
    a browser set to American English (en-US)."""
    server = start_server(CHAT_ROUTING="manual")
    manage(server.env, "shell", "-c", MADE_CANNED)
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice", locale="en-US")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start(name="Tess Tenant")
        await alice.get_by_text("A visitor is waiting").wait_for()
        await alice.locator("#queue").get_by_role("button", name="Accept").click()
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await alice.locator("#queue-count", has_text="0").wait_for()
        wrong = [] if await alice.locator("#queue-alert").is_hidden() else ["alert stays"]
        details = await alice.locator("#details").inner_text()
        started = re.search(r"\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d\d:\d\d", details)
        wrong += [] if started and not US_DATE.search(details) else [details]

        composer = alice.get_by_label("Message", exact=True)
        await composer.fill("/zzz")
        await alice.keyboard.press("Enter")
        sent = [f for f in await visitor.drain(1) if f.get("text") == "/zzz"]
        warned = await alice.locator("#error").inner_text()
        if sent or not warned.startswith("No canned reply called /zzz."):
            wrong.append(f"/zzz sent at once: {warned!r}")
        else:
            assert await composer.input_value() == "/zzz"
            await alice.keyboard.press("Enter")
            await visitor.expect("message", text="/zzz")
        meta = await alice.locator("#log li.system .meta").first.inner_text()
        wrong += [] if re.fullmatch(r"\d\d:\d\d", meta) else [meta]
        assert not wrong, wrong
