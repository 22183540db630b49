"""The agent's console as a workspace in a real browser: three columns that hold together
at 1024, 1280 and 1440 pixels, styled controls, unread counts, keyboard shortcuts, Welsh
labelled for an English-speaking agent, and the dashboard's figure cards."""

from typing import Any

import pytest

from tests.accessibility import assert_accessible
from tests.browser import artifact, available_agent_console, chromium, console_login
from tests.peers import Peer, open_visitor
from tests.servers import manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SIZES = [(1024, 768), (1280, 800), (1440, 900)]
FAN_REPLY = "An engineer will call about the fan."
FAN_WELSH = "Bydd peiriannydd yn ffonio am y ffan."
MADE_CANNED = (
    "from chatserver.chat.models import CannedResponse, CannedTranslation; "
    f"r = CannedResponse.objects.create(shortcut='fan', text={FAN_REPLY!r}); "
    f"CannedTranslation.objects.create(response=r, language='cy', text={FAN_WELSH!r})"
)

LAYOUT = """() => {
  const box = (selector) => {
    const element = document.querySelector(selector);
    if (!element || element.hidden || element.offsetParent === null) return null;
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const root = document.documentElement;
  return {
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    scrollHeight: root.scrollHeight, innerHeight: window.innerHeight,
    columns: [box(".side"), box(".pane"), box("#visitor-panel")],
    composer: box("#text"), send: box("#composer button[type=submit]"),
    note: box("label[for=as-note]"),
  };
}"""


def overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5


async def assert_holds_together(page: Any, size: tuple[int, int], details: bool) -> None:
    found = await page.evaluate(LAYOUT)
    where = f"{size[0]}×{size[1]}"
    assert found["scrollWidth"] <= found["clientWidth"], f"{where}: scrolls sideways"
    assert found["scrollHeight"] <= found["innerHeight"], f"{where}: the page scrolls"
    columns = [column for column in found["columns"] if column]
    assert len(columns) == (3 if details else 2), f"{where}: columns shown {found['columns']}"
    for i, first in enumerate(columns):
        assert first["right"] <= size[0] + 0.5, f"{where}: column {i} runs off the right"
        for second in columns[i + 1 :]:
            assert not overlap(first, second), f"{where}: columns overlap {columns}"
    for name in ("composer", "send", "note"):
        control = found[name]
        assert control and control["bottom"] <= found["innerHeight"], f"{where}: {name} {control}"
    # The note's label stays on one or two lines beside the other tools, not four.
    assert found["note"]["bottom"] - found["note"]["top"] < 50, f"{where}: note label wraps"


async def start_visitor(server: Any, name: str, language: str) -> Peer:
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send({"type": "start", "details": {"name": name}, "language": language})
    await visitor.expect("status")
    return visitor


async def test_console_workspace(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    manage(server.env, "shell", "-c", MADE_CANNED)
    async with chromium() as browser:
        alice = await available_agent_console(browser, server, "alice")
        tess = await start_visitor(server, "Tess Tenant", "en-gb")
        gwen = await start_visitor(server, "Gwen Jones", "cy")
        queue = alice.locator("#queue li")
        await queue.nth(1).wait_for()
        assert "Cymraeg (Welsh)" in await queue.nth(1).inner_text()

        # The help list is discoverable from a button and from Alt+/.
        await alice.get_by_role("button", name="Keyboard shortcuts").click()
        help_list = alice.get_by_role("dialog", name="Keyboard shortcuts")
        await help_list.get_by_text("Accept the next visitor in the queue").wait_for()
        await alice.screenshot(path=artifact("workspace-shortcuts.png"))
        await assert_accessible(alice, "shortcuts help")
        await alice.keyboard.press("Escape")
        await help_list.wait_for(state="hidden")
        await alice.keyboard.press("Alt+Slash")
        await help_list.wait_for()
        await alice.keyboard.press("Escape")

        # Alt+N accepts the longest waiting, twice; a plain "n" in the reply box is typed.
        await alice.keyboard.press("Alt+KeyN")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await alice.keyboard.press("Alt+KeyN")
        await alice.locator("#mine li", has_text="Gwen Jones").wait_for()
        # The chat the agent accepted opens, even from another chat; Alt+↑ goes back.
        await alice.get_by_role("heading", name="Gwen Jones").wait_for()
        await alice.keyboard.press("Alt+ArrowUp")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        composer = alice.get_by_label("Message", exact=True)
        await composer.focus()
        await alice.keyboard.type("n")
        assert await composer.input_value() == "n"
        await composer.fill("")
        # The queue's own frame follows the accept's, so it empties a moment later.
        await alice.locator("#queue li").first.wait_for(state="detached")

        # Unread: Gwen writes while Tess's chat is shown.
        await gwen.say("Mae'r ffan wedi torri")
        gwen_item = alice.locator("#mine li", has_text="Gwen Jones")
        await gwen_item.locator(".unread", has_text="1").wait_for()
        assert await gwen_item.get_by_text("1 unread message").count() == 1
        assert (await alice.title()).startswith("(1)")
        # Alt+↓ from the reply box shows the next chat and clears its count.
        await composer.focus()
        await alice.keyboard.press("Alt+ArrowDown")
        await alice.get_by_role("heading", name="Gwen Jones").wait_for()
        await gwen_item.locator(".unread").wait_for(state="detached")
        assert not (await alice.title()).startswith("(")
        await tess.say("Are you still there?")
        tess_item = alice.locator("#mine li", has_text="Tess Tenant")
        await tess_item.locator(".unread", has_text="1").wait_for()

        # Welsh: the line and the language are labelled, the canned reply glossed.
        line = alice.locator("#log li.visitor", has_text="Mae'r ffan wedi torri")
        assert "Welsh" in await line.locator(".meta").inner_text()
        assert await line.locator("[lang=cy]").count() == 1
        joined = alice.locator("#log li.system").first  # the chat's own line, in Welsh
        assert "Welsh" in await joined.locator(".meta").inner_text()
        assert await joined.locator("[lang=cy]").count() == 1
        await alice.locator("#details dd", has_text="Cymraeg (Welsh)").wait_for()
        await composer.fill("/fa")
        suggestion = alice.locator("#canned-suggestions button")
        await suggestion.get_by_text(FAN_WELSH).wait_for()
        assert FAN_REPLY in await suggestion.inner_text()
        assert await suggestion.locator("[lang=cy]").count() == 1
        await alice.screenshot(path=artifact("workspace-welsh.png"))
        await assert_accessible(alice, "Welsh chat with a canned suggestion")
        await composer.fill("")

        # Alt+↑ back to Tess; Alt+R from elsewhere goes to the reply box.
        await alice.keyboard.press("Alt+ArrowUp")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await tess_item.locator(".unread").wait_for(state="detached")
        await alice.get_by_role("button", name="Keyboard shortcuts").focus()
        await alice.keyboard.press("Alt+KeyR")
        assert await composer.evaluate("(e) => e === document.activeElement")

        await styled_controls(alice)
        await three_sizes(alice)
        await dashboard_cards(browser, server)
    await tess.close()
    await gwen.close()


async def styled_controls(page: Any) -> None:
    """No native file button, list box or progress bar; focus shows on the photo button."""
    styles = await page.evaluate("""() => {
      const style = (selector, property) =>
        getComputedStyle(document.querySelector(selector))[property];
      const file = document.querySelector("#agent-photo").getBoundingClientRect();
      return {
        fileArea: file.width * file.height,
        attachBackground: style("label[for=agent-photo]", "backgroundColor"),
        select: style("#transfer-to", "appearance"),
        progress: style("#photo-progress", "appearance"),
        progressColour: style("#photo-progress", "color"),
      };
    }""")
    assert styles["fileArea"] <= 1, styles
    assert styles["attachBackground"] not in ("rgba(0, 0, 0, 0)", "transparent"), styles
    assert styles["select"] == "none" and styles["progress"] == "none", styles
    assert styles["progressColour"] == "rgb(0, 89, 79)", styles  # the palette's teal
    await page.locator("#agent-photo").focus()
    outline = await page.locator("label[for=agent-photo]").evaluate(
        "(e) => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineColor"
    )
    assert outline == "solid rgb(255, 221, 0)", outline


async def three_sizes(page: Any) -> None:
    for size in SIZES:
        await page.set_viewport_size({"width": size[0], "height": size[1]})
        toggle = page.get_by_role("button", name="Visitor details")
        wide = size[0] >= 1280
        # The width's media query reports its change on the next frame, not at once.
        expanded = "true" if wide else "false"
        await page.locator(f"#details-toggle[aria-expanded={expanded}]").wait_for()
        await assert_holds_together(page, size, details=wide)
        await page.screenshot(path=artifact(f"workspace-{size[0]}.png"))
        if not wide:
            await page.keyboard.press("Alt+KeyI")
            assert await toggle.get_attribute("aria-expanded") == "true"
            await page.locator("#visitor-panel").wait_for()
            await assert_holds_together(page, size, details=True)
            await page.screenshot(path=artifact(f"workspace-{size[0]}-details.png"))
            await assert_accessible(page, f"details shown at {size[0]}")
            await toggle.click()
            await page.locator("#visitor-panel").wait_for(state="hidden")


async def dashboard_cards(browser: Any, server: Any) -> None:
    """The figure cards sit in a grid: one row at 1440, equal widths at every size."""
    carol = await console_login(browser, server, "carol", "/console/dashboard/")
    for width, height in SIZES:
        await carol.set_viewport_size({"width": width, "height": height})
        boxes = await carol.locator(".figures > div").evaluate_all(
            "(cards) => cards.map((c) => c.getBoundingClientRect()).map((r) => [r.top, r.width])"
        )
        widths = {round(card[1]) for card in boxes}
        assert len(widths) == 1, f"{width}: unequal cards {boxes}"
        if width >= 1440:
            assert len({round(card[0]) for card in boxes}) == 1, f"{width}: cards wrap {boxes}"
