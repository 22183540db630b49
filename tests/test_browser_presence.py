"""In Chromium: the console showing where the visitor is, keeping a chat the visitor left
until the agent wraps it up, and the supervisors' live board."""

import pytest

from tests.accessibility import assert_accessible
from tests.browser import artifact, available_agent_console, chromium, console_login
from tests.peers import open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

QUICK_EXIT_NOTICE = "The visitor left using quick exit."
# Records the wrap-up hook's requests without answering them: the chat is then dismissed.
# Each writing control of an ended chat: how it looks (cursor, background, text colour).
LOOKS = """() => ["#send", "#transfer", "#close-chat", "#text", "label[for='agent-photo']"].map(
  (selector) => {
    const style = getComputedStyle(document.querySelector(selector));
    return [selector, style.cursor, style.backgroundColor, style.color];
  })"""
LISTEN_FOR_WRAP_UP = """() => {
  window.wrapUps = [];
  document.addEventListener("wrapup-requested", (event) => window.wrapUps.push(event.detail));
}"""


async def presence_shown(page, words: str) -> None:
    await page.locator("#visitor-presence-text", has_text=words).wait_for()


async def test_the_console_shows_away_and_gone_and_keeps_a_chat_left_by_quick_exit(
    start_server,
) -> None:
    server = start_server(CHAT_ROUTING="auto", CHAT_VISITOR_GONE_SECONDS="1")
    async with chromium() as browser:
        alice = await available_agent_console(browser, server, "alice")
        visitor = await open_visitor(server)
        token = (await visitor.hello())["token"]
        await visitor.start(name="Tess Tenant")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await presence_shown(alice, "Visitor connected")
        enabled = await alice.evaluate(LOOKS)

        await visitor.send({"type": "visibility", "hidden": True})
        await presence_shown(alice, "Visitor away")
        assert await alice.locator("#visitor-presence-icon").inner_text() == "◐"
        await alice.locator("#mine", has_text="visitor away").wait_for()
        await assert_accessible(alice, "console, visitor away")
        await visitor.close()
        await presence_shown(alice, "Visitor gone")

        back = await open_visitor(server)
        await back.hello(token=token)
        await presence_shown(alice, "Visitor connected")
        await back.send({"type": "exit"})
        await alice.locator("#ended-text", has_text=QUICK_EXIT_NOTICE).wait_for()
        await presence_shown(alice, "Visitor gone")
        assert await alice.get_by_label("Message", exact=True).is_disabled()
        assert await alice.get_by_role("button", name="Close chat").is_disabled()
        # Turned off, they look it: not the enabled colours, and no pointer to click with.
        for (selector, cursor, background, color), before in zip(
            await alice.evaluate(LOOKS), enabled, strict=True
        ):
            assert cursor == "not-allowed", selector
            assert (background, color) != tuple(before[2:]), selector
        await alice.screenshot(path=artifact("presence-1-quick-exit.png"))
        await assert_accessible(alice, "console, chat ended by quick exit")

        # A reload keeps it, with its notice, until the agent wraps it up.
        await alice.reload()
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.locator("#mine button", has_text="Tess Tenant").click()
        await alice.locator("#ended-text", has_text=QUICK_EXIT_NOTICE).wait_for()
        await alice.evaluate(LISTEN_FOR_WRAP_UP)
        await alice.get_by_role("button", name="Wrap up").click()
        # The button opens the wrap-up dialog; the stored wrap-up takes the chat away.
        dialog = alice.get_by_role("dialog", name="Wrap up this chat")
        await dialog.wait_for()
        await dialog.get_by_label("Contact reason").select_option("repair")
        await dialog.get_by_label("Outcome").select_option("signposted")
        await dialog.get_by_role("button", name="Save wrap-up").click()
        await alice.locator("#mine button").wait_for(state="detached")
        assert await alice.locator("#conversation").is_hidden()
        wrap_ups = await alice.evaluate("() => window.wrapUps")
        assert [set(request) for request in wrap_ups] == [{"conversationId"}]

        await alice.reload()
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.wait_for_timeout(500)
        assert await alice.locator("#mine li").count() == 0


async def test_the_board_shows_supervisors_each_agent_going_available(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    async with chromium() as browser:
        carol = await console_login(browser, server, "carol")
        await carol.get_by_text("Connected as Carol.").wait_for()
        board = carol.locator("#board-rows")
        await board.locator("tr", has_text="Carol").wait_for()
        await board.locator("tr", has_text="Alice").filter(has_text="Offline").wait_for()

        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        assert await alice.locator("#board").count() == 0  # supervisors only
        await board.locator("tr", has_text="Alice").filter(has_text="Away").wait_for()
        await alice.get_by_label("Available for chats").check()
        await board.locator("tr", has_text="Alice").filter(has_text="Available").wait_for()

        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start()
        await board.locator("tr", has_text="Alice").filter(has_text="1 of 4").wait_for()
        await carol.locator("#board-waiting", has_text="Chats waiting: 0").wait_for()
        await carol.screenshot(path=artifact("presence-2-board.png"))
        await assert_accessible(carol, "console, supervisor's board")
