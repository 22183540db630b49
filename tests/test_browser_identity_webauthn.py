"""A security key instead of an authenticator app, in Chromium with the DevTools protocol's
virtual authenticator: enrolled at the first sign-in, then the second factor of the next.

The pages are opened on ``localhost``: WebAuthn names the site by its domain, never an IP
address."""

import asyncio
import re

import pytest

from tests.browser import artifact, chromium
from tests.servers import AGENT_PASSWORD, manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


async def sign_in_with_password(page, origin: str) -> None:
    await page.goto(origin + "/console/")
    await page.get_by_label("Username").fill("erin")
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()


async def test_a_security_key_is_enrolled_then_answers_the_challenge(start_server) -> None:
    server = start_server()
    origin = server.origin.replace("127.0.0.1", "localhost")
    await asyncio.to_thread(
        manage,
        server.env,
        "create_agent",
        "erin",
        "--password-stdin",
        "--display-name",
        "Erin",
        stdin=AGENT_PASSWORD + "\n",
    )
    async with chromium() as browser:
        context = await browser.new_context()
        page = await context.new_page()
        devtools = await context.new_cdp_session(page)
        await devtools.send("WebAuthn.enable")
        await devtools.send("WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR})

        await sign_in_with_password(page, origin)
        await page.wait_for_url(origin + "/accounts/2fa/")
        await page.goto(origin + "/accounts/2fa/webauthn/add/")
        await page.get_by_role("button", name="Add").click()
        await page.wait_for_url(re.compile(r".*/accounts/2fa/(recovery-codes|webauthn)/$"))
        await page.screenshot(path=artifact("identity-webauthn-1-added.png"))

        await page.get_by_role("button", name="Sign out Erin").click()
        await page.wait_for_url(origin + "/accounts/login/")
        await sign_in_with_password(page, origin)
        await page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/$"))
        await page.get_by_role("button", name="Use a security key").click()
        await page.wait_for_url(origin + "/console/")
        await page.get_by_text("Connected as Erin.").wait_for()
        await page.screenshot(path=artifact("identity-webauthn-2-console.png"))
