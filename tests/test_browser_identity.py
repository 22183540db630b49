"""The first sign-in in Chromium: password, enrolment of an authenticator app (the secret
read from the page, the codes computed here), recovery codes, sign out, then sign in with
password and code to the console."""

import asyncio
import re

import pytest

from tests.browser import artifact, chromium
from tests.servers import AGENT_PASSWORD, code_scope, manage
from tests.totp import totp, unused_code

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_first_sign_in_enrols_totp_then_signs_in_with_a_code(start_server) -> None:
    server = start_server()
    await asyncio.to_thread(
        manage,
        server.env,
        "create_agent",
        "dana",
        "--password-stdin",
        "--display-name",
        "Dana",
        stdin=AGENT_PASSWORD + "\n",
    )
    async with chromium() as browser:
        page = await (await browser.new_context()).new_page()
        await page.goto(server.origin + "/console/")
        await page.get_by_label("Username").fill("dana")
        await page.get_by_label("Password").fill(AGENT_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(server.origin + "/accounts/2fa/")
        await page.goto(server.origin + "/console/")  # nothing else is served
        await page.wait_for_url(server.origin + "/accounts/2fa/")

        await page.get_by_role("link", name="Activate").click()
        secret = await page.locator("#authenticator_secret").input_value()
        assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
        await page.screenshot(path=artifact("identity-1-enrol.png"))
        await page.locator("input[name=code]").fill(totp(secret))
        await page.get_by_role("button", name="Activate").click()
        await page.wait_for_url(server.origin + "/accounts/2fa/recovery-codes/")
        codes = (await page.locator("#recovery_codes").input_value()).split()
        assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-f]{8}", code) for code in codes)
        await page.screenshot(path=artifact("identity-2-recovery-codes.png"))

        await page.get_by_role("button", name="Sign out Dana").click()
        await page.wait_for_url(server.origin + "/accounts/login/")
        await page.goto(server.origin + "/console/")
        await page.get_by_label("Username").fill("dana")
        await page.get_by_label("Password").fill(AGENT_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url(re.compile(r".*/accounts/2fa/authenticate/$"))
        code = unused_code(code_scope(server, "dana"), secret)
        await page.locator("input[name=code]").fill(code)
        await page.locator("input[name=code]").press("Enter")
        await page.wait_for_url(server.origin + "/console/")
        await page.get_by_text("Connected as Dana.").wait_for()
        await page.screenshot(path=artifact("identity-3-console.png"))
