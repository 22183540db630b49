"""The housing essentials in a real browser: quick exit, emergency advice and the
console's flag, opening hours and leaving a message, and rating a finished chat."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import photo_files
from tests.browser import (
    NEUTRAL_PATH,
    artifact,
    available_agent_console,
    chromium,
    console_login,
    open_widget,
)
from tests.peers import open_agent
from tests.servers import server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
LONDON = ZoneInfo("Europe/London")


async def test_quick_exit_replaces_the_page_and_leaves_no_trace(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        await page.goto(site.origin + "/")
        frame = await open_widget(page, site)
        await frame.get_by_role("button", name="Quick exit").wait_for()
        await page.screenshot(path=artifact("housing-1-quick-exit-button.png"))
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        await frame.get_by_label("Your message").fill("I need to talk about my partner")
        await frame.get_by_role("button", name="Send").click()
        await agent.expect("message", text="I need to talk about my partner")

        await frame.get_by_role("button", name="Quick exit").click()
        await page.wait_for_url(site.origin + NEUTRAL_PATH)
        assert await page.get_by_role("heading", name="Weather today").is_visible()
        await agent.expect(
            "message",
            conversation_id=conversation_id,
            text="The visitor left using quick exit.",
            timeout=10,
        )

        # The chat's page was replaced, so going back reaches the page before it, which
        # shows no open widget; opening it starts afresh.
        await page.go_back()
        await page.wait_for_url(site.origin + "/")
        launcher = page.get_by_role("button", name="Chat with us")
        await launcher.wait_for()
        assert await page.locator("iframe").count() == 0
        assert await page.evaluate("() => sessionStorage.length") == 0
        await launcher.click()
        frame = page.frame_locator("iframe[title='Chat with us']")
        await frame.locator("#start").wait_for()
        assert await frame.locator("#log li").count() == 0
        assert await frame.locator("body").evaluate("() => sessionStorage.getItem('housing-chat')")
        stored = await frame.locator("body").evaluate(
            "() => JSON.parse(sessionStorage.getItem('housing-chat')).outbox.length"
        )
        assert stored == 0


async def test_escape_twice_is_a_quick_exit(chat, site) -> None:
    chat(CHAT_ROUTING="manual")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.get_by_label("Name (optional)").focus()
        await page.keyboard.press("Escape")
        await page.keyboard.press("Escape")
        await page.wait_for_url(site.origin + NEUTRAL_PATH)
        assert page.url == site.origin + NEUTRAL_PATH
        assert await page.title() == "Weather"
        assert await page.locator("iframe").count() == 0


async def test_emergency_advice_the_console_flag_and_a_rating(chat, site) -> None:
    server = chat(CHAT_ROUTING="manual", CHAT_REPAIRS_PHONE="0300 999 0000")
    async with chromium() as browser:
        console = await available_agent_console(browser, server, "alice")

        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are number 1 in the queue").wait_for()
        await frame.get_by_label("Your message").fill("Help, water pouring through the ceiling")
        await frame.get_by_role("button", name="Send").click()
        advice = frame.locator("#log li.system", has_text="turn the water off at the stopcock")
        await advice.wait_for()
        assert "0300 999 0000" in await advice.inner_text()
        await page.screenshot(path=artifact("housing-2-emergency-advice.png"))

        flagged = console.locator("#queue li.emergency")
        await flagged.get_by_text("Emergency: Flood or burst pipe").wait_for()
        await console.screenshot(path=artifact("housing-3-emergency-queue.png"))

        supervisor = await console_login(browser, server, "carol", "/console/dashboard/")
        assert await supervisor.locator("#open-emergencies").inner_text() == "1"

        await flagged.get_by_role("button", name="Accept").click()
        box = console.locator("#emergency")
        await box.get_by_text("Emergency: Flood or burst pipe").wait_for()
        await console.screenshot(path=artifact("housing-4-emergency-chat.png"))
        await console.get_by_role("button", name="Clear: false alarm").click()
        await box.wait_for(state="hidden")
        await supervisor.reload()
        assert await supervisor.locator("#open-emergencies").inner_text() == "0"
        await supervisor.get_by_label("Action").select_option("emergency_cleared")
        await supervisor.get_by_role("button", name="Filter").click()
        await supervisor.locator("#audit td", has_text="Emergency flag cleared").wait_for()

        await console.locator("#close-chat").click()
        closing = console.get_by_role("dialog", name="Close this chat?")
        await closing.get_by_label("Contact reason").select_option("repair")
        await closing.get_by_label("Outcome").select_option("repair-raised")
        await closing.get_by_role("button", name="Close chat").click()
        await frame.get_by_text("How did we do?").wait_for()
        await frame.get_by_label("4", exact=True).check()
        await frame.get_by_label("Anything you'd like to tell us?").fill("Sorted quickly")
        await frame.get_by_role("button", name="Send rating").click()
        await frame.get_by_text("Thank you for your feedback.").wait_for()
        await page.screenshot(path=artifact("housing-5-rated.png"))
        await supervisor.reload()
        assert (
            "1 rating, average 4.0 of 5" in await supervisor.locator("#rating-summary").inner_text()
        )
        assert "Alice" in await supervisor.locator("#ratings-by-agent").inner_text()
        comment = server_shell(
            server,
            "from transcripts.record.models import RatingComment; "
            "print(bytes(RatingComment.objects.get().comment).count(b'Sorted'))",
        )
        assert comment.strip() == "0"


def _closed_today_hours() -> tuple[str, str]:
    """Hours open only tomorrow (in London), and tomorrow's weekday name."""
    tomorrow = datetime.now(LONDON) + timedelta(days=1)
    return f"{tomorrow:%a}".lower() + " 09:00-17:00", f"{tomorrow:%A}"


async def test_out_of_hours_the_widget_says_when_we_open_and_takes_a_message(chat, site) -> None:
    opening_hours, weekday = _closed_today_hours()
    server = chat(
        CHAT_ROUTING="auto", CHAT_OPENING_HOURS=opening_hours, CHAT_OPEN_ON_BANK_HOLIDAYS="1"
    )
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.get_by_text(f"We're closed. Opens {weekday} 09:00.").wait_for()
        await page.screenshot(path=artifact("housing-6-closed.png"))
        await frame.get_by_label("Email (optional)").fill("tenant.hours@example.org")
        await frame.locator("#start").click()
        await frame.get_by_text(f"when we open ({weekday} 09:00)").wait_for()
        await frame.get_by_label("Your message").fill("My back door will not lock")
        await frame.get_by_role("button", name="Send").click()
        await frame.locator("li.visitor:not(.pending)", has_text="will not lock").wait_for()
        await page.screenshot(path=artifact("housing-7-leave-a-message.png"))
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_text("This chat has ended.").first.wait_for()
        queue = await agent.expect("queue", timeout=10)
        while not queue["queue"] or not queue["queue"][0]["awaiting_reply"]:
            queue = await agent.expect("queue", timeout=10)
        assert queue["queue"][0]["status"] == "closed"
    # Even with an agent online, the closed chat was never routed to them.
    assert "tenant.hours@example.org" not in server.log_text()


async def test_open_hours_say_until_when(chat, site) -> None:
    """Hours covering every whole day: whenever the test runs, the chat is open and the
    run of open days is reported as closing at a midnight (the horizon of the look-ahead)."""
    chat(CHAT_OPENING_HOURS="mon-sun 00:00-24:00", CHAT_OPEN_ON_BANK_HOLIDAYS="1")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.get_by_text("We're open until 00:00.").wait_for()


async def test_photos_between_the_widget_and_the_console(chat, site, tmp_path) -> None:
    server = chat(CHAT_ROUTING="auto")
    photo_path = tmp_path / "damp.jpg"
    photo_path.write_bytes(photo_files.camera_jpeg(1200, 900))
    async with chromium() as browser:
        console = await available_agent_console(browser, server, "alice")
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()

        # The first try fails on the way; "Try again" sends the same photo once.
        failures = {"left": 1}

        async def fail_once(route) -> None:
            if failures["left"]:
                failures["left"] -= 1
                await route.abort()
            else:
                await route.continue_()

        await page.route("**/chat/photos/?client_id=*", fail_once)
        await frame.locator("#photo-input").set_input_files(str(photo_path))
        await frame.get_by_text("damp.jpg").wait_for()
        await page.screenshot(path=artifact("photo-1-preview.png"))
        await frame.get_by_role("button", name="Send photo").click()
        await frame.get_by_text("The connection failed while sending the photo.").wait_for()
        await frame.get_by_role("button", name="Try again").click()
        mine = frame.locator("#log li.visitor img[alt='Your photo']")
        await mine.wait_for()
        await frame.locator("#log li.visitor img[src^='blob:']").wait_for()
        await page.screenshot(path=artifact("photo-2-sent.png"))

        thumbnail = console.locator("#log .photo-button img")
        await thumbnail.wait_for()
        await console.wait_for_function(
            "() => { const i = document.querySelector('#log .photo-button img');"
            " return i && i.complete && i.naturalWidth > 0; }"
        )
        await thumbnail.click()
        await console.wait_for_function(
            "() => document.getElementById('viewer').open &&"
            " document.getElementById('viewer-image').naturalWidth === 1200"
        )
        await console.screenshot(path=artifact("photo-3-console-viewer.png"))
        await console.get_by_role("button", name="Close photo").click()

        # The agent sends one back; the visitor drops a second onto the chat.
        reply = tmp_path / "diagram.png"
        reply.write_bytes(photo_files.png((120, 90), "RGBA"))
        await console.locator("#agent-photo").set_input_files(str(reply))
        await frame.locator("#log li.agent img[src^='blob:']").wait_for()
        await frame.locator("#chat").evaluate(
            """async (chat) => {
                const canvas = document.createElement("canvas");
                canvas.width = 50;
                canvas.height = 40;
                canvas.getContext("2d").fillRect(0, 0, 20, 20);
                const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
                const transfer = new DataTransfer();
                transfer.items.add(new File([blob], "dropped.png", { type: "image/png" }));
                const drop = new DragEvent("drop", { dataTransfer: transfer, bubbles: true });
                chat.dispatchEvent(drop);
            }"""
        )
        await frame.get_by_text("dropped.png").wait_for()
        await frame.get_by_role("button", name="Send photo").click()
        await frame.locator("#log li.visitor img[src^='blob:']").nth(1).wait_for()
    stored = server_shell(
        server,
        "from transcripts.record.models import Attachment as A; "
        "print(A.objects.count(), sorted(a.content_type for a in A.objects.all()))",
    )
    # The camera photo is a JPEG; both drawings keep their transparency as PNG.
    assert stored.strip() == "3 ['image/jpeg', 'image/png', 'image/png']"
