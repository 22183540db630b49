"""Tenants verified by the landlord's portal in a real browser: the landlord's page (another
origin) offers the loader an assertion, the widget sends it in its first frame, and the
agent's console shows "Verified by the portal" with the tenancy reference. The assertion
never appears in a URL; a forged one gives an ordinary chat with nothing said."""

import json
from typing import Any

import pytest

from tests import portal_assertions as portal
from tests.browser import artifact, available_agent_console, chromium, open_widget

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def portal_env() -> dict[str, str]:
    return {
        "CHAT_ROUTING": "manual",
        "TENANT_PORTAL_ALGORITHM": "ES256",
        "TENANT_PORTAL_KEY": portal.public_pem(portal.EC_KEY),
        "TENANT_PORTAL_ISSUER": portal.ISSUER,
        "TENANT_PORTAL_AUDIENCE": portal.AUDIENCE,
    }


def offering(assertion: str) -> str:
    """The landlord page's script: the assertion from its server, as a promise."""
    return f"window.housingChatAssertion = () => Promise.resolve({json.dumps(assertion)});"


async def visitor_starts(browser: Any, site: Any) -> tuple[Any, list[str]]:
    context = await browser.new_context()
    page = await context.new_page()
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda socket: urls.append(socket.url))
    frame = await open_widget(page, site)
    await frame.locator("#start").click()
    await frame.locator("#composer").wait_for()
    return page, urls


async def test_the_agent_sees_the_tenant_the_portal_verified(chat, site) -> None:
    server = chat(**portal_env())
    async with chromium() as browser:
        agent = await available_agent_console(browser, server, "alice")

        assertion = portal.assertion(reference="TN-0042117", name="Sam Tenant")
        site.extra_script = offering(assertion)
        page, urls = await visitor_starts(browser, site)
        await agent.locator("#queue").get_by_role("button", name="Accept").click()
        badge = agent.locator("#portal-verified")
        await badge.wait_for()
        assert await badge.inner_text() == "Verified by the portal"
        details = agent.locator("#details")
        await details.get_by_text("TN-0042117").wait_for()
        assert "Sam Tenant" in await details.inner_text()
        await agent.screenshot(path=artifact("portal-1-verified.png"))
        assert any("/widget/frame/?" in url and "portal=1" in url for url in urls)
        signature = assertion.split(".")[2]
        assert not [url for url in urls if signature in url or assertion.split(".")[1] in url]
        await page.context.close()

        # A forged assertion: an ordinary chat, the visitor told nothing, no badge.
        site.extra_script = offering(portal.assertion(key=portal.OTHER_EC_KEY))
        page, _urls = await visitor_starts(browser, site)
        frame = page.frame_locator("iframe[title='Chat with us']")
        assert await frame.locator("#send-error").inner_text() == ""
        await agent.locator("#queue").get_by_role("button", name="Accept").click()
        await agent.get_by_role("heading", name="Visitor").first.wait_for()
        await agent.wait_for_function(
            "() => !document.querySelector('#details').textContent.includes('TN-0042117')"
        )
        assert await agent.locator("#portal-verified").is_hidden()
        await page.context.close()
