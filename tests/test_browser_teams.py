"""The widget's topic choice and the Welsh offer in Chromium: a topic picked with the
keyboard sends the chat to its team; a Welsh visitor with only an English-speaking adviser
free is told in Welsh and chooses with the keyboard; both states are axe clean."""

import re

import pytest

from tests.accessibility import assert_accessible
from tests.browser import artifact, available_agent_console, chromium
from tests.peers import open_agent, open_visitor
from tests.servers import server_shell
from tests.test_e2e_teams import SET_UP_TEAMS, recorded_choice

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def open_frame(page, site):
    await page.goto(site.origin + "/repairs")
    await page.locator("body > button").click()
    frame = page.frame_locator("iframe")
    await frame.locator("body[data-ready='true']").wait_for(state="attached")
    await frame.locator("#start").wait_for()
    return frame, next(f for f in page.frames if "/widget/frame/" in f.url)


async def test_the_visitor_chooses_a_topic_with_the_keyboard(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    server_shell(server, SET_UP_TEAMS)
    carol, _, _ = await open_agent(server, "carol")  # rent and income
    alice, _, _ = await open_agent(server, "alice")  # repairs
    async with chromium() as browser:
        page = await browser.new_page()
        frame, frame_page = await open_frame(page, site)
        topics = frame.get_by_role("group", name=re.compile("What is your chat about"))
        await topics.wait_for()
        radios = topics.get_by_role("radio")
        assert await radios.count() == 3
        assert await topics.get_by_role("radio", name="Something else, or not sure").is_checked()
        await page.screenshot(path=artifact("teams-topics.png"))
        await assert_accessible(frame_page, "pre-chat with topics")

        await topics.get_by_role("radio", name="Repairs").focus()
        await page.keyboard.press("Space")
        assert await topics.get_by_role("radio", name="Repairs").is_checked()
        await page.keyboard.press("ArrowUp")  # radios move with the arrow keys (Rent first)
        assert await topics.get_by_role("radio", name="Rent").is_checked()
        await page.keyboard.press("ArrowDown")
        assert await topics.get_by_role("radio", name="Repairs").is_checked()
        await frame.locator("#start").focus()
        await page.keyboard.press("Enter")
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        assigned = (await alice.expect("assigned"))["conversation"]
        assert (assigned["topic"]["slug"], assigned["team"]) == ("repairs", "Repairs")
        assert not [frame for frame in carol.received if frame["type"] == "assigned"]


async def test_a_welsh_visitor_is_offered_the_choice_in_welsh(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    server_shell(server, SET_UP_TEAMS)
    alice, _, _ = await open_agent(server, "alice")  # repairs, English only
    site.language = "cy"
    async with chromium() as browser:
        page = await browser.new_page()
        frame, frame_page = await open_frame(page, site)
        topics = frame.get_by_role("group", name=re.compile("Am beth mae eich sgwrs"))
        await topics.get_by_role("radio", name="Atgyweiriadau").check()
        await frame.locator("#start").click()
        offer = frame.locator("#language-offer")
        await offer.get_by_text("Does dim cynghorydd sy'n siarad Cymraeg ar gael").wait_for()
        assert await offer.get_attribute("role") == "alert"
        for name in ("Aros am siaradwr Cymraeg", "Parhau yn Saesneg", "Gadael neges"):
            await offer.get_by_role("button", name=name).wait_for()
        await page.screenshot(path=artifact("teams-welsh-offer.png"))
        await assert_accessible(frame_page, "Welsh offer")

        await page.reload()  # the offer is still there after a reload
        frame, frame_page = await open_frame_again(page)
        offer = frame.locator("#language-offer")
        await offer.get_by_role("button", name="Parhau yn Saesneg").focus()
        await page.keyboard.press("Enter")
        await offer.wait_for(state="hidden")
        await frame.get_by_text(re.compile("Alice")).first.wait_for()
        assigned = (await alice.expect("assigned"))["conversation"]
        assert (assigned["language"], assigned["welsh_choice"]) == ("cy", "english")
        assert recorded_choice(server, assigned["conversation_id"]) == "english"


async def open_frame_again(page):
    """The widget after a reload of the landlord's page (it reopens by itself)."""
    launcher = page.locator("body > button")
    frame = page.frame_locator("iframe")
    if await page.locator("iframe").count() == 0:
        await launcher.click()
    await frame.locator("body[data-ready='true']").wait_for(state="attached")
    await frame.locator("#language-offer:not([hidden])").wait_for()
    return frame, next(f for f in page.frames if "/widget/frame/" in f.url)


async def test_the_agent_changes_the_topic_from_the_console(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    server_shell(server, SET_UP_TEAMS)
    async with chromium() as browser:
        console = await available_agent_console(browser, server, "alice")
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.send({"type": "start", "topic": "repairs"})
        await visitor.expect("status", status="active")
        topic = console.get_by_label("Topic")
        await console.get_by_text("Team: Repairs").wait_for()
        assert await topic.input_value() == "repairs"
        await assert_accessible(console, "console with a topic")
        await topic.focus()
        await console.keyboard.press("ArrowUp")  # the options: No topic, Rent, Repairs
        assert await topic.input_value() == "rent"
        await console.get_by_text("Team: Rent and income").wait_for()
        await console.screenshot(path=artifact("teams-console-topic.png"))
        team = server_shell(
            server,
            "from chatserver.chat.models import LiveConversation\n"
            "print(LiveConversation.objects.get().team.name)",
        ).strip()
        assert team == "Rent and income"
