"""The widget's layout and finish in a real browser (usability review 7, 11, 16, 22, 25, 26,
27): full screen on a phone, emergency advice as an alert with tap-to-call links, the
time and state of the visitor's lines, photo refusals, the log's scroll after a photo,
Welsh on a phone, and the ended view's controls; axe on each new state."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import photo_files
from tests.accessibility import assert_accessible, require_axe
from tests.browser import artifact, chromium, open_widget
from tests.peers import open_agent
from tests.servers import server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
GAS = "I can smell gas in my kitchen"


def widget_frame(page):
    return next(frame for frame in page.frames if "/widget/frame/" in frame.url)


async def topmost_is_frame(page, x: float, y: float) -> bool:
    return await page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y) === document.querySelector('iframe')",
        [x, y],
    )


# The phone in each language: the emergency advice's opening and the sent note.
# Alice answers the Welsh chat too: a Welsh chat goes to Welsh speakers (else the visitor
# is first offered to wait for one, which is not this test's subject).
SPEAKS_WELSH = (
    "from django.contrib.auth.models import User; from chatserver.teams.models import"
    " LanguageSkill; LanguageSkill.objects.create(agent=User.objects.get(username='alice'),"
    " language='cy')"
)

LANGUAGES = {
    "cy": ("Gallai hwn fod yn argyfwng.", r"Anfonwyd \d\d:\d\d"),
    "en-gb": ("This may be an emergency.", r"Sent \d\d:\d\d"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
async def test_on_a_phone_the_widget_is_full_screen_and_advice_is_an_alert(
    chat, site, language: str
) -> None:
    opening, sent = LANGUAGES[language]
    require_axe()
    server = chat(CHAT_ROUTING="auto")
    if language == "cy":
        server_shell(server, SPEAKS_WELSH)
    await open_agent(server, "alice")
    site.language = language
    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        await page.goto(site.origin + "/repairs")
        launcher = page.locator("button[aria-haspopup='dialog']")
        await launcher.click()
        frame = page.frame_locator("iframe")
        await frame.locator("body[data-ready='true']").wait_for(state="attached")
        await frame.locator("#start").wait_for()

        # Full screen, above the host page, and the launcher does not overlap it.
        box = await page.locator("iframe").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 390, "height": 844}
        for x, y in [(1, 1), (389, 1), (195, 422), (1, 843), (389, 843)]:
            assert await topmost_is_frame(page, x, y), (x, y)
        if await launcher.is_visible():
            spot = await launcher.bounding_box()
            centre = (spot["x"] + spot["width"] / 2, spot["y"] + spot["height"] / 2)
            assert await topmost_is_frame(page, *centre)

        # The header takes at most two lines (Welsh is the longer).
        heading = await frame.locator("#chat-title").evaluate(
            "h => [h.getBoundingClientRect().height, parseFloat(getComputedStyle(h).lineHeight)]"
        )
        assert heading[0] <= 2 * heading[1] + 1, heading
        await frame.locator("#start").click()
        await frame.locator("#log li.system").first.wait_for()

        # The placeholder is shown whole (Welsh is the longer).
        fits = await frame.locator("#text").evaluate(
            "t => { t.value = t.placeholder; const fits = t.scrollHeight <= t.clientHeight;"
            " t.value = ''; return fits; }"
        )
        assert fits, "the placeholder is clipped on a phone"

        await frame.locator("#text").fill(GAS)
        await frame.locator("#composer button[type='submit']").click()
        advice = frame.locator("#log li.emergency")
        await advice.wait_for()
        assert (await advice.inner_text()).startswith(opening)
        calls = await advice.locator("a").evaluate_all("links => links.map(a => a.href)")
        assert "tel:+44800111999" in calls and "tel:999" in calls
        background = await advice.evaluate("li => getComputedStyle(li).backgroundColor")
        system = await frame.locator("#log li.system:not(.emergency)").first.evaluate(
            "li => getComputedStyle(li).backgroundColor"
        )
        assert background != system
        meta = frame.locator("#log li.visitor .meta").first
        await frame.locator("#log li.visitor:not(.pending)").wait_for()
        assert re.fullmatch(sent, await meta.inner_text())
        await page.screenshot(path=artifact(f"widget-phone-{language}-emergency.png"))
        await assert_accessible(widget_frame(page), f"phone, {language}, emergency advice")

        # The visitor can still close it; the launcher comes back.
        await frame.locator("#close").click()
        await page.wait_for_function("() => document.querySelector('iframe').hidden")
        assert await launcher.is_visible()


async def test_desktop_photos_times_and_the_ended_view(chat, site, tmp_path) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    good = tmp_path / "damp.jpg"
    good.write_bytes(photo_files.camera_jpeg(1200, 900))
    trailing = tmp_path / "motion.jpg"
    trailing.write_bytes(photo_files.camera_jpeg(400, 300) + b"trailing video data" * 50)
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 1280, "height": 720})
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        for number in range(8):
            await agent.send_line(conversation_id, f"Line {number} from the adviser")
        await frame.locator("#log li", has_text="Line 7 from the adviser").wait_for()

        # A line of the visitor's: "Sending…" until stored, then "Sent" and its time.
        await frame.locator("#text").fill(GAS)
        await frame.locator("#composer button[type='submit']").click()
        await frame.locator("#log li.emergency").wait_for()
        mine = frame.locator("#log li.visitor", has_text=GAS)
        assert re.fullmatch(r"Sent \d\d:\d\d", await mine.locator(".meta").inner_text())
        assert await mine.locator(".text").inner_text() == GAS
        assert re.fullmatch(
            r"\d\d:\d\d", await frame.locator("#log li.agent .meta").first.inner_text()
        )
        await assert_accessible(widget_frame(page), "desktop, emergency advice")

        # A refusal that trying again cannot help: what to do, and no "Try again".
        await frame.locator("#photo-input").set_input_files(str(trailing))
        await frame.get_by_role("button", name="Send photo").click()
        error = frame.locator("#photo-error")
        await error.get_by_text("choose another photo").wait_for()
        assert (await error.inner_text())[0].isupper()
        assert await frame.locator("#photo-retry").is_hidden()
        await assert_accessible(widget_frame(page), "photo refused")
        await frame.get_by_role("button", name="Cancel").click()

        # A photo sent: the log scrolls to it once it has loaded.
        await frame.locator("#photo-input").set_input_files(str(good))
        await frame.get_by_role("button", name="Send photo").click()
        await frame.locator("#log li.visitor img[src^='blob:']").wait_for()
        inner = widget_frame(page)
        await inner.wait_for_function(
            "() => [...document.querySelectorAll('#log img')].every(i => i.complete)"
        )
        gap = await frame.locator("#log").evaluate(
            "log => log.scrollHeight - log.clientHeight - log.scrollTop"
        )
        assert gap <= 2, f"the new photo is {gap} px below the log's end"
        await page.screenshot(path=artifact("widget-photo-scrolled.png"))

        # Ended: the controls are styled, and "Send rating" shows without scrolling.
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_text("How did we do?").wait_for()
        send_rating = frame.get_by_role("button", name="Send rating")
        bottom = await send_rating.evaluate("b => b.getBoundingClientRect().bottom")
        assert bottom <= await inner.evaluate("() => innerHeight")
        for name in ["Send copy", "Send rating"]:
            look = await frame.get_by_role("button", name=name).evaluate(
                "b => getComputedStyle(b).backgroundColor"
            )
            assert look == "rgb(0, 89, 79)", (name, look)
        for radio in await frame.locator("input[name='score']").all():
            size = await radio.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24
        await page.screenshot(path=artifact("widget-ended-styled.png"))
        await assert_accessible(widget_frame(page), "ended, styled")


DESKTOP = {"width": 1280, "height": 800}
# The chat's answer before a visitor starts: open (an adviser free), busy, closed.
PRECHAT_STATES = ["open", "busy", "closed"]


def _closed_today() -> str:
    """Hours open only on the day after tomorrow (in London): closed now, whatever the hour."""
    later = datetime.now(ZoneInfo("Europe/London")) + timedelta(days=2)
    return f"{later:%a}".lower() + " 09:00-17:00"


async def _prechat_start_button_box(browser, site, viewport, language: str, state: str):
    """The start (or leave a message) button's box and the frame's viewport height."""
    site.language = language
    page = await browser.new_page(viewport=viewport)
    await page.goto(site.origin + "/repairs")
    await page.locator("body > button").click()
    frame = page.frame_locator("iframe")
    await frame.locator("body[data-ready='true']").wait_for(state="attached")
    # Nobody free: the status says so at length; closed: the hours say when we open.
    waited = {"busy": "state').textContent.length > 60", "closed": "hours').textContent"}
    if state in waited:
        await widget_frame(page).wait_for_function(
            f"() => document.getElementById('{waited[state]}"
        )
    await page.wait_for_timeout(500)  # any later answer of the server's laid out
    await page.screenshot(
        path=artifact(f"widget-prechat-{state}-{language}-{viewport['width']}.png")
    )
    box = await frame.locator("#start").evaluate(
        "b => { const r = b.getBoundingClientRect(); const hit = document.elementFromPoint("
        "r.left + r.width / 2, r.top + r.height / 2);"
        " return {top: r.top, bottom: r.bottom, height: innerHeight, scrolled: scrollY,"
        " covered: hit !== b && !b.contains(hit), squeezed: [...document.querySelectorAll("
        "'.bar, .exit-hint, .state, .hours')].some(e => e.scrollHeight > e.clientHeight + 1)}; }"
    )
    await page.close()
    return box


@pytest.mark.parametrize("state", PRECHAT_STATES)
async def test_the_start_button_shows_without_scrolling_in_every_prechat_state(
    chat, site, state: str
) -> None:
    """Usability review: at 1280x800 the frame is 580 px high, and the long "nobody free"
    or "closed" text pushed "Leave a message" below its fold."""
    hours = {"CHAT_OPENING_HOURS": _closed_today(), "CHAT_OPEN_ON_BANK_HOLIDAYS": "1"}
    server = chat(CHAT_ROUTING="auto", **(hours if state == "closed" else {}))
    if state == "open":
        await open_agent(server, "alice")
    hidden = []
    async with chromium() as browser:
        for viewport in (DESKTOP, PHONE):
            for language in ("en-gb", "cy"):
                box = await _prechat_start_button_box(browser, site, viewport, language, state)
                fits = box["top"] >= 0 and box["bottom"] <= box["height"] and not box["scrolled"]
                if not fits or box["covered"] or box["squeezed"]:
                    hidden.append((viewport["width"], language, box))
    assert not hidden, hidden


async def test_on_a_phone_the_ended_chat_keeps_a_readable_thread(chat, site) -> None:
    """Usability review: on a phone the ended thread was a strip about 60 px high above
    the rating form; it keeps at least 40% of the screen when it has that much to show."""
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page(viewport=PHONE)
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        for number in range(12):
            await agent.send_line(conversation_id, f"Line {number} from the adviser")
        await frame.locator("#log li", has_text="Line 11 from the adviser").wait_for()
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_text("How did we do?").wait_for()
        await page.screenshot(path=artifact("widget-phone-ended.png"))
        thread, screen = await frame.locator("#log").evaluate(
            "log => [log.getBoundingClientRect().height, innerHeight]"
        )
        assert thread >= 0.4 * screen, (thread, screen)
        gap = await frame.locator("#log").evaluate(
            "log => log.scrollHeight - log.clientHeight - log.scrollTop"
        )
        assert gap <= 2, f"the last line is {gap} px below the thread's end"
        # The rating form is still reached by scrolling the controls below the thread.
        await frame.get_by_role("button", name="Send rating").scroll_into_view_if_needed()
        assert await frame.get_by_role("button", name="Send rating").is_visible()
