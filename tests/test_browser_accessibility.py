"""axe-core's WCAG 2.2 A/AA rules on every state of the widget and on the console's
pages, plus keyboard-only use and 400 % zoom (320 CSS pixels wide) for the widget."""

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import artifact, available_agent_console, chromium, open_widget
from tests.peers import open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def widget_frame(page):
    return next(frame for frame in page.frames if "/widget/frame/" in frame.url)


async def test_every_state_of_the_widget_passes_axe(chat, site) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="manual")
    async with chromium() as browser:
        page = await browser.new_page()
        await page.goto(site.origin + "/repairs")
        await page.get_by_role("button", name="Chat with us").wait_for()
        await assert_accessible(page, "landlord page, widget closed")
        locator = await open_widget(page, site)
        frame = widget_frame(page)
        await assert_accessible(frame, "pre-chat")
        await locator.locator("#start").click()
        await locator.get_by_text("No advisers are available right now").wait_for()
        await assert_accessible(frame, "offline, leave a message")
        # Gone from the page: the agent coming online leaves it a message, not a waiting
        # visitor (one still on the page would be shown waiting, first in the queue).
        await page.close()

        console = await available_agent_console(browser, server, "alice")
        other = await browser.new_page()
        waiting = await open_widget(other, site)
        await waiting.locator("#start").click()
        await waiting.get_by_text("You are number 1 in the queue").wait_for()
        await assert_accessible(widget_frame(other), "waiting")
        await (
            console.locator("#queue li", has_text="Waiting")
            .get_by_role("button", name="Accept")
            .click()
        )
        await waiting.get_by_text("You are chatting with Alice.").wait_for()
        await waiting.get_by_label("Your message").fill("The window will not close")
        await waiting.get_by_role("button", name="Send").click()
        await waiting.locator("li.visitor:not(.pending)").wait_for()
        await assert_accessible(widget_frame(other), "chatting")
        await console.locator("#log li.visitor").wait_for()
        await assert_accessible(console, "console with a conversation")
        await waiting.get_by_role("button", name="End chat").click()
        await waiting.get_by_text("How did we do?").wait_for()
        await assert_accessible(widget_frame(other), "ended, with the rating form")


async def test_console_history_and_dashboard_pass_axe(chat) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="auto")
    async with chromium() as browser:
        console = await available_agent_console(browser, server, "carol")
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start(name="Axel Able")
        await console.locator("#mine button").first.wait_for()
        await assert_accessible(console, "console")
        await console.goto(server.origin + "/console/history/")
        await assert_accessible(console, "history")
        await console.goto(server.origin + "/console/dashboard/")
        await assert_accessible(console, "dashboard")
        await (
            console.locator("#agent-accounts tr", has_text="bob")
            .get_by_role("link", name="Sign out everywhere")
            .click()
        )
        await assert_accessible(console, "sign out everywhere, asking")
        await console.get_by_label("I confirm signing bob out everywhere").check()
        await console.get_by_role("button", name="Sign out everywhere").click()
        await console.get_by_text("Done. 0 sessions ended").wait_for()
        await assert_accessible(console, "sign out everywhere, done")


async def test_the_widget_works_by_keyboard_alone_and_at_400_percent_zoom(chat, site) -> None:
    chat(CHAT_ROUTING="manual")
    async with chromium() as browser:
        # 400 % of a 1280 × 1024 screen: 320 × 256 CSS pixels (WCAG reflow).
        page = await browser.new_page(viewport={"width": 320, "height": 256})
        await page.goto(site.origin + "/repairs")
        launcher = page.get_by_role("button", name="Chat with us")
        await launcher.focus()
        await page.keyboard.press("Enter")
        frame = page.frame_locator("iframe[title='Chat with us']")
        await frame.get_by_label("Name (optional)").wait_for()
        await frame.locator("body[data-ready='true']").wait_for(state="attached")
        await page.wait_for_function(
            "() => document.activeElement && document.activeElement.tagName === 'IFRAME'"
        )
        reached = set()
        for _ in range(14):
            reached.add(await frame.locator(":focus").get_attribute("id"))
            await page.keyboard.press("Tab")
        assert {"quick-exit", "close", "name", "email", "address", "start"} <= reached
        inner = widget_frame(page)
        overflow = await inner.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"the widget scrolls sideways by {overflow} px at 400 % zoom"
        box = await page.locator("iframe").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        await frame.locator("#start").focus()
        await page.keyboard.press("Enter")
        await frame.get_by_text("No advisers are available right now").wait_for()
        await frame.locator("#text").focus()
        await page.keyboard.type("typed at 400 percent")
        await page.keyboard.press("Enter")
        await frame.locator("li.visitor:not(.pending)", has_text="typed at 400").wait_for()
        overflow = await inner.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
        await page.screenshot(path=artifact("accessibility-400-percent.png"))
