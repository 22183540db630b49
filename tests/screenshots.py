"""`make screenshots`: every widget state, console screen and data-protection screen,
rendered by Debian's Chromium into docs/screenshots/, each checked by axe on the way.

``python -m tests.screenshots [--out DIR]`` starts its own servers (real Daphne on a
throwaway SQLite copy of the e2e template, with a landlord page on another origin), drives
one visitor through the widget's states at each viewport and language, then the console
and the supervisor's (DPO's) screens. A WCAG 2.2 A/AA violation stops it with the state
named. Names are stable (``widget-<state>-<device>-<language>.png``, ``console-<screen>.png``,
``dpo-<screen>.png``), so a re-render shows in ``git diff --stat`` what changed.

To add a state, add a step to ``WIDGET_STEPS`` (it starts where the step before it left the
visitor) or to ``CONSOLE_SCREENS``; the browser test ``tests/test_browser_screenshots.py``
renders the first of each, so a renamed element fails the suite, not the next render.
"""

import argparse
import asyncio
import datetime
import io
import tempfile
import zipfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.accessibility import assert_accessible
from tests.browser import LandlordSite, available_agent_console, chromium, console_login
from tests.peers import open_visitor
from tests.servers import ROOT, ChatServer, TemplateDatabase, base_env

OUT = ROOT / "docs" / "screenshots"
# The tenant of the staff screens: the visitor gives it, the DPO's requests are made for it.
SUBJECT_EMAIL = "tenant@example.org"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
LANGUAGES = ("en", "cy")
VARIANTS = [(device, language) for language in LANGUAGES for device in VIEWPORTS]


@dataclass
class Scene:
    """One visitor's browser page on the landlord site, and the agent answering them."""

    page: Any
    console: Any
    out: Path
    suffix: str
    photo: Path
    taken: list[Path] = field(default_factory=list)

    @property
    def frame(self) -> Any:
        return self.page.frame_locator("iframe[title]")

    async def shot(self, state: str) -> None:
        inner = next(frame for frame in self.page.frames if "/widget/frame/" in frame.url)
        await settle(self.page)
        await assert_accessible(inner, f"widget {state} ({self.suffix})")
        path = self.out / f"widget-{state}-{self.suffix}.png"
        await self.page.screenshot(path=str(path))
        self.taken.append(path)


async def settle(page: Any) -> None:
    """Lets transitions and fonts finish so two renders of one state look the same."""
    await page.evaluate("() => document.fonts.ready")
    await page.wait_for_timeout(300)


async def prechat(scene: Scene) -> None:
    await scene.page.locator("#chat-launcher, button").first.click()
    await scene.frame.locator("body[data-ready='true']").wait_for(state="attached")
    await scene.frame.locator("#start").wait_for()


async def waiting(scene: Scene) -> None:
    await scene.frame.locator("#name").fill("Rhian")
    await scene.frame.locator("#start").click()
    await scene.console.locator("#queue li button").first.wait_for()


async def chatting(scene: Scene) -> None:
    await scene.console.locator("#queue li button").first.click()
    await scene.frame.locator("#state", has_text="Alice").wait_for()
    await scene.frame.locator("#text").fill("The bathroom window will not close.")
    await scene.frame.locator("#text").press("Enter")
    await scene.frame.locator("#log li.visitor:not(.pending)").wait_for()
    await scene.console.locator("#text").fill("Thanks, I can book a joiner for you.")
    await scene.console.locator("#text").press("Enter")
    await scene.frame.locator("#log li.agent").wait_for()


async def emergency(scene: Scene) -> None:
    await scene.frame.locator("#text").fill("I can smell gas in the kitchen")
    await scene.frame.locator("#text").press("Enter")
    await scene.frame.locator("#log li.system").last.wait_for()


async def photo_sent(scene: Scene) -> None:
    await scene.frame.locator("#photo-input").set_input_files(str(scene.photo))
    await scene.frame.locator("#photo-send").click()
    await scene.frame.locator("#log li.visitor img[src^='blob:']").wait_for()


async def ended(scene: Scene) -> None:
    await scene.frame.locator("#end").click()
    await scene.frame.locator("#rating-form").wait_for()


async def rated(scene: Scene) -> None:
    await scene.frame.locator("#rating-form input[value='4']").check()
    await scene.frame.locator("#rating-comment").fill("Sorted quickly")
    await scene.frame.locator("#rating-form button[type=submit]").click()
    await scene.frame.locator("#rating-result:not(:empty)").wait_for()


async def forgotten(scene: Scene) -> None:
    await scene.frame.locator("#forget").click()
    await scene.frame.locator("#forget-yes").click()
    await scene.frame.locator("#forget-result:not(:empty)").wait_for()


Step = Callable[[Scene], Awaitable[None]]
# The visitor's way through the widget, in order: (state name, how to get there).
WIDGET_STEPS: list[tuple[str, Step]] = [
    ("prechat", prechat),
    ("waiting", waiting),
    ("chatting", chatting),
    ("emergency-advice", emergency),
    ("photo-sent", photo_sent),
    ("ended", ended),
    ("rated", rated),
    ("forget-receipt", forgotten),
]


async def render_widget(
    browser: Any,
    server: ChatServer,
    site: LandlordSite,
    out: Path,
    steps: Sequence[tuple[str, Step]] = WIDGET_STEPS,
    variants: Sequence[tuple[str, str]] = VARIANTS,
) -> list[Path]:
    """Walks one visitor through ``steps`` for each (device, language); the PNGs made."""
    console = await available_agent_console(browser, server, "alice")
    taken: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        photo = Path(scratch) / "damp.jpg"
        photo.write_bytes(sample_photo())
        for device, language in variants:
            site.language = language
            context = await browser.new_context(viewport=VIEWPORTS[device], locale=language)
            page = await context.new_page()
            await page.goto(site.origin + "/repairs")
            scene = Scene(page, console, out, f"{device}-{language}", photo, taken)
            for state, step in steps:
                await step(scene)
                await scene.shot(state)
            await context.close()
    return taken


async def prechat_closed(scene: Scene) -> None:
    await prechat(scene)
    await scene.frame.locator("#hours:not(:empty)").wait_for()


async def render_closed(browser: Any, server: ChatServer, site: LandlordSite, out: Path) -> list:
    """The pre-chat screen outside opening hours, at every viewport and language."""
    return await render_widget(browser, server, site, out, [("prechat-closed", prechat_closed)])


def sample_photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 360), (196, 204, 190))
    draw = ImageDraw.Draw(image)
    draw.ellipse((140, 90, 360, 260), fill=(92, 104, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@dataclass
class Console:
    """The staff side: the agent's console page and a supervisor's page."""

    browser: Any
    server: ChatServer
    agent: Any = None
    supervisor: Any = None
    visitor: Any = None


async def console_queue(staff: Console) -> Any:
    staff.agent = await available_agent_console(staff.browser, staff.server, "bob")
    visitor = await open_visitor(staff.server)
    await visitor.hello()
    await visitor.start(name="Axel Able", email=SUBJECT_EMAIL)
    await staff.agent.locator("#queue li button").first.wait_for()
    staff.visitor = visitor
    return staff.agent


async def console_conversation(staff: Console) -> Any:
    await staff.agent.locator("#queue li button").first.click()
    await staff.agent.locator("#conversation").wait_for()
    await staff.visitor.say("My boiler has stopped working since last night.")
    await staff.agent.locator("#log li.visitor").wait_for()
    await staff.agent.locator("#text").fill("/")
    return staff.agent


async def scroll_to_heading(page: Any, heading: str) -> None:
    await page.get_by_role("heading", name=heading).evaluate(
        "(element) => element.scrollIntoView({ block: 'start' })"
    )


async def supervisor_page(staff: Console, path: str) -> Any:
    if staff.supervisor is None:
        staff.supervisor = await console_login(staff.browser, staff.server, "carol", path)
    else:
        await staff.supervisor.goto(staff.server.origin + path)
    return staff.supervisor


async def console_history(staff: Console) -> Any:
    return await supervisor_page(staff, "/console/history/")


async def console_dashboard(staff: Console) -> Any:
    return await supervisor_page(staff, "/console/dashboard/")


async def dpo_search(staff: Console) -> Any:
    page = await supervisor_page(staff, "/console/requests/search/")
    form = page.locator("#subject-search")
    await form.locator("select[name=kind]").select_option("surname")
    await form.locator("input[name=value]").fill("able")
    await form.get_by_role("button", name="Search").click()
    await page.locator("#found-conversations").wait_for()
    return page


async def dpo_requests(staff: Console) -> Any:
    """Two requests recorded from the dashboard (each opens its own page), then the register."""
    for kind in ("access", "erasure"):
        page = await supervisor_page(staff, "/console/dashboard/")
        form = page.locator("#record-request")
        await form.locator("select[name=kind]").select_option(kind)
        await form.locator("input[name=email]").fill(SUBJECT_EMAIL)
        await form.get_by_role("button", name="Record request").click()
        await page.get_by_role("heading", name=f"{kind.title()} request").wait_for()
    page = await supervisor_page(staff, "/console/dashboard/")
    await scroll_to_heading(page, "Subject requests")
    return page


async def dpo_access_review(staff: Console) -> Any:
    page = await supervisor_page(staff, "/console/dashboard/")
    await page.locator("#requests a", has_text="Review").first.click()
    await page.get_by_role("heading", name="Review before release").wait_for()
    return page


async def dpo_export_letter(staff: Console) -> Any:
    """The released access export's letter, as the tenant opens it from the archive."""
    page = staff.supervisor
    async with page.expect_download() as download_info:
        await page.get_by_role("button", name="Release the export").click()
    archive = Path(await (await download_info.value).path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        letter = opened.read("export.html").decode("utf-8")
    reader = await staff.browser.new_page()
    await reader.set_content(letter)
    return reader


async def dpo_erasure(staff: Console) -> Any:
    page = await supervisor_page(staff, "/console/dashboard/")
    await page.locator("#requests a", has_text="Open").first.click()
    await page.locator("a", has_text="Erase").first.click()
    await page.get_by_role("button", name="Erase").wait_for()
    return page


async def dpo_audit_log(staff: Console) -> Any:
    page = await supervisor_page(staff, "/console/dashboard/")
    await scroll_to_heading(page, "Audit log")
    return page


Screen = Callable[[Console], Awaitable[Any]]
# The staff screens, in order (each may build on the one before): (file name, how to get there).
CONSOLE_SCREENS: list[tuple[str, Screen]] = [
    ("console-queue", console_queue),
    ("console-conversation", console_conversation),
    ("console-history", console_history),
    ("console-dashboard", console_dashboard),
    ("dpo-search", dpo_search),
    ("dpo-subject-requests", dpo_requests),
    ("dpo-access-review", dpo_access_review),
    ("dpo-export-letter", dpo_export_letter),
    ("dpo-erasure", dpo_erasure),
    ("dpo-audit-log", dpo_audit_log),
]


async def render_console(
    browser: Any, server: ChatServer, out: Path, screens: Sequence[tuple[str, Screen]]
) -> list[Path]:
    staff = Console(browser, server)
    taken = []
    for name, screen in screens:
        page = await screen(staff)
        await page.set_viewport_size(VIEWPORTS["desktop"])
        await settle(page)
        await assert_accessible(page, name)
        path = out / f"{name}.png"
        await page.screenshot(path=str(path))
        taken.append(path)
    return taken


def start_server(template: TemplateDatabase, site: LandlordSite, log: Path, **env: str) -> Any:
    server = ChatServer(
        base_env(template.clone(), CHAT_ALLOWED_ORIGINS=site.origin, CHAT_ROUTING="manual", **env),
        log,
    )
    return server.start()


async def render_all(out: Path, workdir: Path) -> list[Path]:
    template = TemplateDatabase(workdir)
    site = LandlordSite().start()
    # Open only tomorrow: the widget says when it opens.
    now = datetime.datetime.now(ZoneInfo("Europe/London"))
    tomorrow = (now + datetime.timedelta(days=1)).strftime("%a").lower()
    servers = [
        start_server(template, site, workdir / "open.log", CHAT_VAR_DIR=str(workdir / "a")),
        start_server(
            template, site, workdir / "closed.log", CHAT_OPENING_HOURS=f"{tomorrow} 09:00-17:00"
        ),
    ]
    try:
        async with chromium() as browser:
            site.chat_origin = servers[0].origin
            taken = await render_widget(browser, servers[0], site, out)
            taken += await render_console(browser, servers[0], out, CONSOLE_SCREENS)
            site.chat_origin = servers[1].origin
            taken += await render_closed(browser, servers[1], site, out)
    finally:
        for server in servers:
            server.stop()
        site.stop()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        taken = asyncio.run(render_all(out, Path(workdir)))
    for path in taken:
        print(f"{path.stat().st_size // 1024:4d} KiB  {path}")


if __name__ == "__main__":
    main()
