"""Real-browser helpers: Debian's Chromium driven by Playwright, and a landlord site.

Chromium is launched by path with the flags this workplace needs (no sandbox as
root, no background networking on a closed network).
"""

import shutil
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.backends import skip_or_fail
from tests.servers import AGENT_PASSWORD, code_scope, free_port
from tests.totp import unused_code

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        skip_or_fail("Debian's chromium is not installed (make test installs it when it can)")


@asynccontextmanager
async def chromium() -> AsyncIterator[object]:
    from playwright.async_api import async_playwright

    require_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


# Where the quick exit is pointed in tests: a page on the landlord's test server without the widget.
NEUTRAL_PATH = "/neutral"
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather today</h1></html>"


class LandlordSite:
    """A separate origin serving a landlord page that embeds the widget with one tag."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.chat_origin = ""
        self.extra_script = ""
        self.language = ""  # the loader's data-lang; empty: the browser's choice
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                body = (NEUTRAL_PAGE if self.path == NEUTRAL_PATH else site.page()).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def page(self) -> str:
        return (
            "<!doctype html><html lang='en'><head><title>Riverside Homes</title></head><body>"
            "<header><a href='/'>Riverside Homes</a> <a href='/repairs'>Repairs</a></header>"
            "<main><h1>Report a repair</h1><p>Tell us what needs fixing.</p></main>"
            f"<script>{self.extra_script}</script>"
            f"<script src='{self.chat_origin}/widget/loader.js'"
            + (f" data-lang='{self.language}'" if self.language else "")
            + " async></script>"
            "</body></html>"
        )

    def start(self) -> "LandlordSite":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def artifact(name: str) -> str:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return str(ARTIFACTS / name)


async def open_widget(page: Any, site: LandlordSite, path: str = "/repairs") -> Any:
    """Opens the landlord page and the widget on it; returns the widget's frame."""
    await page.goto(site.origin + path)
    await page.get_by_role("button", name="Chat with us").click()
    frame = page.frame_locator("iframe[title='Chat with us']")
    await frame.locator("#start").wait_for()
    # The module script may still be loading under load: wait until its handlers are on.
    await frame.locator("body[data-ready='true']").wait_for(state="attached")
    return frame


async def password_sign_in(
    browser: Any, server: Any, username: str, path: str = "/console/", **context: Any
) -> Any:
    """Opens ``path`` in a context of its own (made with the ``context`` options) and gives
    the agent's password on the sign-in page it leads to; returns the page (at the code
    challenge, or refused)."""
    page = await (await browser.new_context(**context)).new_page()
    await page.goto(server.origin + path)
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Sign in", exact=True).click()
    return page


async def console_login(
    browser: Any, server: Any, username: str, path: str = "/console/", **context: Any
) -> Any:
    """Signs an agent in (password, then the authenticator code computed here), in a
    context of their own (made with the ``context`` options); returns the page at ``path``."""
    page = await password_sign_in(browser, server, username, path, **context)
    code = unused_code(code_scope(server, username))
    await page.locator("input[name=code]").fill(code)
    await page.locator("input[name=code]").press("Enter")
    await page.wait_for_url(server.origin + path)
    return page


async def available_agent_console(browser: Any, server: Any, username: str) -> Any:
    """The console of an agent who has signed in and set themselves available."""
    page = await console_login(browser, server, username)
    await page.get_by_text(f"Connected as {username.title()}.").wait_for()
    await page.get_by_label("Available for chats").check()
    await page.locator("#available[data-confirmed='available']").wait_for(state="attached")
    return page
