"""The widget in Welsh, in a real browser: every line it shows is Welsh.

The same visit is made twice, on a page embedding the widget in English and on one
embedding it in Welsh (``data-lang="cy"``), through every state a visitor sees. Each
visible text and each label read out to screen readers is gathered; the Welsh visit
may show none of the English visit's strings, and axe finds no WCAG 2.2 A/AA
violation in any Welsh state.
"""

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.accessibility import assert_accessible
from tests.browser import artifact, chromium
from tests.mailbox import code_in, mail_to
from tests.peers import open_agent

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# What the visitor and the agent type: the same in both visits, so not counted.
TYPED = {
    "en-gb": {"hello": "Helo, 12 Heol y Dwr", "emergency": "I can smell gas in the kitchen"},
    "cy": {"hello": "Helo, 12 Heol y Dwr", "emergency": "Dw i'n arogli nwy yn y gegin"},
}
AGENT_LINE = "OK, 5 min"
AGENTS = {"en-gb": "alice", "cy": "bob"}
ENGLISH_NAMES = re.compile(
    r"\b(today|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\b"
)

# Every visible text node and every label, placeholder, alt text and title of a visible
# element (and the page's title), each with at least two letters.
VISIBLE_STRINGS = """() => {
  const found = new Set();
  const add = (value) => {
    const text = (value || "").replace(/\\s+/g, " ").trim();
    if (/\\p{L}{2}/u.test(text)) found.add(text);
  };
  add(document.title);
  for (const element of document.querySelectorAll("body *")) {
    if (!element.checkVisibility()) continue;
    for (const node of element.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) add(node.textContent);
    }
    for (const name of ["aria-label", "placeholder", "alt", "title"]) {
      add(element.getAttribute(name));
    }
  }
  return [...found];
}"""


class Visit:
    """One visitor's page, gathering what it shows state by state."""

    def __init__(self, page: Any, language: str) -> None:
        self.page = page
        self.language = language
        self.seen: dict[str, set[str]] = {}

    @property
    def frame(self) -> Any:
        return self.page.frame_locator("iframe")

    def frame_page(self) -> Any:
        return next(frame for frame in self.page.frames if "/widget/frame/" in frame.url)

    async def gather(self, state: str) -> None:
        strings = set(await self.frame_page().evaluate(VISIBLE_STRINGS))
        self.seen[state] = strings - set(TYPED[self.language].values()) - {AGENT_LINE}
        await self.page.screenshot(path=artifact(f"welsh-{self.language}-{state}.png"))
        if self.language == "cy":
            await assert_accessible(self.frame_page(), f"Welsh widget, {state}")

    async def state_reads(self, pattern: str) -> None:
        await self.frame.locator("#state").filter(has_text=re.compile(pattern)).wait_for()


async def visit(browser: Any, server: Any, site: Any, language: str, var: Path) -> Visit:
    site.language = "" if language == "en-gb" else language
    page = await browser.new_page()
    here = Visit(page, language)
    await page.goto(site.origin + "/repairs")
    launcher = page.locator("body > button")
    here.seen["launcher"] = {await launcher.inner_text()}
    await launcher.click()
    await here.frame.locator("body[data-ready='true']").wait_for(state="attached")
    await here.frame.locator("#hours").filter(has_text=re.compile(r"\d\d:\d\d")).wait_for()
    await here.gather("pre-chat")

    await here.frame.locator("#email").fill(f"tenant-{language}@example.org")
    await here.frame.locator("#start").click()
    await here.state_reads(r"\w")
    await here.gather("offline")
    await here.frame.locator("#text").fill(TYPED[language]["hello"])
    await here.frame.locator("#composer button[type=submit]").click()
    await here.frame.locator("#log li:not(.pending)").first.wait_for()

    agent, snapshot, _ = await open_agent(server, AGENTS[language])
    (waiting,) = snapshot["queue"]
    conversation_id = waiting["conversation_id"]
    assert waiting["language"] == language
    await agent.send_accept(conversation_id)
    await here.frame.locator("#log li.system").first.wait_for()
    await agent.typing_in(conversation_id)
    await here.frame.locator("#typing:not([hidden])").wait_for()
    await agent.send_line(conversation_id, AGENT_LINE, client_id="a1")
    await here.frame.locator("#log li.agent").wait_for()
    await here.gather("chatting")

    await here.frame.locator("#text").fill(TYPED[language]["emergency"])
    await here.frame.locator("#composer button[type=submit]").click()
    await here.frame.locator("#log li.system").nth(1).wait_for()
    await here.frame.locator("#text").fill("4111 1111 1111 1111")
    await here.frame.locator("#composer button[type=submit]").click()
    await here.frame.locator("#warning:not([hidden])").wait_for()
    await here.gather("emergency-and-card-warning")
    await here.frame.locator("#edit-message").click()
    await here.frame.locator("#text").fill("")

    await here.frame.locator("#end").click()
    await here.frame.locator("#ended:not([hidden])").wait_for()
    await here.gather("ended")
    await here.frame.locator("#copy-form button").click()
    await here.frame.locator("#code-form:not([hidden])").wait_for()
    await here.frame.locator("#copy-result").filter(has_text=re.compile(r"\w")).wait_for()
    await here.gather("code-sent")
    address = f"tenant-{language}@example.org"
    await here.frame.locator("#copy-code").fill(code_in(mail_to(var, address)[0]))
    await here.frame.locator("#code-form button").click()
    await here.frame.locator("#code-form").wait_for(state="hidden")
    await here.frame.locator("#copy-result").filter(has_text=re.compile(r"\w")).wait_for()
    await here.gather("copy-sent")
    await here.frame.locator("#rating-form input[value='4']").check()
    await here.frame.locator("#rating-form button[type=submit]").click()
    await here.frame.locator("#rating-result").filter(has_text=re.compile(r"\w")).wait_for()
    await here.frame.locator("#forget").click()
    await here.frame.locator("#forget-confirm:not([hidden])").wait_for()
    await here.gather("copy-rating-forget")
    await here.frame.locator("#forget-yes").click()
    await here.frame.locator("#forget-result").filter(has_text=re.compile(r"\w")).wait_for()
    await here.gather("forgotten")
    await agent.close()
    return here


def english_in(welsh: Visit, english: Visit) -> dict[str, list[str]]:
    shown_in_english = set().union(*english.seen.values())
    return {
        state: sorted(
            text for text in strings if text in shown_in_english or ENGLISH_NAMES.search(text)
        )
        for state, strings in welsh.seen.items()
        if strings & shown_in_english or any(ENGLISH_NAMES.search(text) for text in strings)
    }


async def test_the_welsh_widget_shows_no_english_string(chat, site, tmp_path: Path) -> None:
    server = chat(CHAT_ROUTING="manual", CHAT_OPENING_HOURS="mon-sun 00:00-23:59")
    async with chromium() as browser:
        english = await visit(browser, server, site, "en-gb", tmp_path / "var")
        welsh = await visit(browser, server, site, "cy", tmp_path / "var")
    assert "You are chatting with Alice." in english.seen["chatting"]  # the visit was real
    assert english_in(welsh, english) == {}
    everything = set().union(*welsh.seen.values())
    for expected in (
        "Sgwrsiwch â ni",
        "Gadael neges",  # nobody is available yet when the form shows
        "Rydym ar agor tan 23:59.",
        "Rydych chi'n sgwrsio gyda Bob.",
        "Ymunodd Bob â'r sgwrs.",
        "Mae'r sgwrs hon wedi dod i ben.",
        "Diolch am eich adborth.",
    ):
        assert expected in everything, expected
    assert any(text.startswith("Gallai hwn fod yn argyfwng. Os ydych") for text in everything)
    assert any(text.startswith("Dilëwyd ar ") for text in everything)
    code_mail, copy = mail_to(tmp_path / "var", "tenant-cy@example.org", 2)
    assert code_mail.subject.startswith("Eich cod gan ")
    assert "Nid yw'n cynnwys dim a deipiwyd yn y sgwrs." in code_mail.body
    assert copy.body.startswith("Dyma'r copi o'ch sgwrs")
    (_code, english_copy) = mail_to(tmp_path / "var", "tenant-en-gb@example.org", 2)
    assert english_copy.body.startswith("Here is the copy of your chat")
    for expected in ("Cod o'r e-bost", "Cadarnhau'r cod"):
        assert expected in welsh.seen["code-sent"], expected
    assert any(text.startswith("Rydym wedi anfon cod drwy e-bost at ") for text in everything)


async def test_closed_hours_are_told_in_welsh_with_welsh_day_names(chat, site) -> None:
    # Open only three days from now, in the landlord's time zone: closed today.
    day = (datetime.now(ZoneInfo("Europe/London")) + timedelta(days=3)).strftime("%a").lower()
    chat(CHAT_OPENING_HOURS=f"{day} 09:00-10:00", CHAT_OPEN_ON_BANK_HOLIDAYS="1")
    async with chromium() as browser:
        site.language = "cy"
        page = await browser.new_page()
        await page.goto(site.origin + "/repairs")
        await page.locator("body > button").click()
        frame = page.frame_locator("iframe")
        hours = frame.locator("#hours").filter(has_text="Rydym ar gau. Yn agor ")
        await hours.wait_for()
        line = await hours.inner_text()
        assert re.fullmatch(
            r"Rydym ar gau\. Yn agor Dydd (Llun|Mawrth|Mercher|Iau|Gwener|Sadwrn|Sul) 09:00\.", line
        ), line
        await frame.locator("#start").click()
        state = frame.locator("#state").filter(has_text="Rydym ar gau ar hyn o bryd")
        await state.wait_for()
        assert not ENGLISH_NAMES.search(await state.inner_text())


async def test_the_browser_chooses_when_the_page_does_not(chat, site) -> None:
    chat()
    async with chromium() as browser:
        context = await browser.new_context(locale="cy-GB")
        page = await context.new_page()
        await page.goto(site.origin + "/repairs")
        await page.get_by_role("button", name="Sgwrsiwch â ni").click()
        frame = page.frame_locator("iframe[title='Sgwrsiwch â ni']")
        await frame.get_by_role("button", name="Dechrau sgwrsio").wait_for()
        assert await frame.locator("html").get_attribute("lang") == "cy"

        site.language = "en"  # the landlord's English page wins over the browser
        english = await context.new_page()
        await english.goto(site.origin + "/repairs")
        await english.get_by_role("button", name="Chat with us").click()
        frame = english.frame_locator("iframe[title='Chat with us']")
        await frame.locator("#start").wait_for()
        assert await frame.locator("html").get_attribute("lang") == "en-gb"
