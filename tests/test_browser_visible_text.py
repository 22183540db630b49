"""Spoofed names and messages in the console and the supervisor's transcript (audit F-12):
the hidden characters are gone and marked, and visitors' text is isolated."""

from typing import Any

import pytest

from tests.browser import artifact, available_agent_console, chromium, console_login
from tests.peers import open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

MARK = "\ufffd"
AUDIT_NAME = "Mallory\u202eevil (updated)"
AUDIT_MESSAGE = "abc\u202egnp.exe \u200b\u200d\u2066RTL\u2069 \ufeff"
NOTICE = f"Hidden formatting characters were removed where {MARK} appears."
RTL_NAME = "سارة 2"

# Left edges, in the page, of the first character of each needle in the element's text.
LEFT_EDGES = """(element, needles) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const lefts = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const needle of needles) {
      const at = node.data.indexOf(needle);
      if (at < 0 || needle in lefts) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + 1);
      lefts[needle] = range.getBoundingClientRect().left;
    }
  }
  return lefts;
}"""
ISOLATED = """(element) => [...element.querySelectorAll("*")].filter(
  (inner) => getComputedStyle(inner).unicodeBidi === "isolate").map((inner) => inner.textContent)"""


async def _reads_left_to_right(element: Any, *needles: str) -> None:
    """Each needle starts to the right of the one before it: nothing was reversed."""
    lefts = await element.evaluate(LEFT_EDGES, list(needles))
    assert list(lefts) == list(needles), lefts
    assert [lefts[needle] for needle in needles] == sorted(lefts.values()), lefts


async def test_console_and_transcript_mark_removals_and_isolate_typed_text(start_server) -> None:
    server = start_server()
    async with chromium() as browser:
        alice = await available_agent_console(browser, server, "alice")
        visitor = await open_visitor(server)
        await visitor.hello()
        started = await visitor.start(name=AUDIT_NAME, email="mallory@example.org")
        conversation_id = started["conversation_id"]
        await alice.locator("#mine button", has_text="Mallory").click()

        title = alice.locator("#conversation-title")
        await title.get_by_text(f"Mallory{MARK}evil (updated)").wait_for()
        await _reads_left_to_right(title, "Mallory", "evil", "(updated)")
        assert await title.evaluate(ISOLATED) == [f"Mallory{MARK}evil (updated)"]
        mine = alice.locator("#mine button", has_text="Mallory")
        assert await mine.evaluate(ISOLATED) == [f"Mallory{MARK}evil (updated)"]
        await _reads_left_to_right(mine, "Mallory", "evil", "(updated)", " · active")
        name_row = alice.locator("#details dd").first
        await name_row.get_by_text(NOTICE).wait_for()
        assert NOTICE not in await alice.locator("#details dd").nth(1).inner_text()

        await visitor.say(AUDIT_MESSAGE)
        line = alice.locator("#log li.visitor", has_text="gnp.exe")
        await line.get_by_text(NOTICE).wait_for()
        text = line.locator(".text")
        assert await text.inner_text() == f"abc{MARK}gnp.exe {MARK}RTL{MARK} {MARK}"
        await _reads_left_to_right(text, "abc", "gnp.exe", "RTL")
        assert await line.evaluate(ISOLATED) == [f"abc{MARK}gnp.exe {MARK}RTL{MARK} {MARK}"]
        await visitor.say("Diolch, dim byd cudd yma")
        clean_line = alice.locator("#log li.visitor", has_text="Diolch")
        await clean_line.wait_for()
        assert NOTICE not in await clean_line.inner_text()
        await alice.screenshot(path=artifact("console-hidden-characters.png"))

        other = await open_visitor(server)
        await other.hello()
        await other.start(name=RTL_NAME)
        rtl = alice.locator("#mine bdi", has_text="سارة")
        await rtl.wait_for()
        assert await rtl.evaluate("(element) => element.matches(':dir(rtl)')")
        assert await rtl.evaluate("(element) => getComputedStyle(element).unicodeBidi") == (
            "isolate"
        )

        carol = await console_login(
            browser, server, "carol", path=f"/console/history/{conversation_id}/"
        )
        await carol.get_by_label("Quality review").check()
        await carol.get_by_role("button", name="Open the transcript").click()
        panel = carol.locator(".visitor-panel dd").first
        await panel.get_by_text(NOTICE).wait_for()
        await _reads_left_to_right(panel, "Mallory", "evil", "(updated)")
        assert await panel.evaluate(ISOLATED) == [f"Mallory{MARK}evil (updated)"]
        message = carol.locator(".log li", has_text="gnp.exe")
        await message.get_by_text(NOTICE).wait_for()
        await _reads_left_to_right(message, "abc", "gnp.exe", "RTL")
        assert NOTICE not in await carol.locator(".log li", has_text="Diolch").inner_text()
        await carol.screenshot(path=artifact("transcript-hidden-characters.png"), full_page=True)
