"""The DPO's screens in a real browser (usability review): the deadline register's form,
the audit log's filter, a request's review with its withholding and release, and the
search's start of a request use the console's styled controls, never the browser's
native grey buttons and selects, and axe finds nothing on them."""

from typing import Any

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import chromium, console_login
from tests.servers import server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

# An access request for a conversation of two lines, the second withheld.
SETUP = """
from transcripts.compliance import audit, subject_requests
from transcripts.record import store
made = store.create_conversation(details={"name": "Tess Tenant", "email": "tess@example.org"})
for text in ("My boiler is broken", "My neighbour Jo at number 4 says so too"):
    store.append_message(made.pk, sender="visitor", text=text)
request = subject_requests.start_request("access", [made.pk])
subject_requests.withhold(
    request.id, conversation_id=str(made.pk), part="line", seq=2, reason="third_party", note=""
)
audit.record(audit.MFA_FAILED)
print(request.id)
"""

# The computed look of a control, and of a bare control of the same tag added to the page
# (the browser's native look, since the console's stylesheet styles no bare control).
LOOKS = """(element) => {
  const look = (node) => {
    const style = getComputedStyle(node);
    return [style.appearance, style.backgroundColor, style.borderTopColor, style.borderTopWidth];
  };
  const bare = document.createElement(element.tagName);
  document.body.append(bare);
  const native = look(bare);
  bare.remove();
  return { styled: look(element), native };
}"""


async def assert_styled(page: Any, controls: dict[str, Any]) -> None:
    for name, control in controls.items():
        looks = await control.first.evaluate(LOOKS)
        styled, native = looks["styled"], looks["native"]
        assert styled[1:] != native[1:], f"{name} looks native: {styled}"
        if await control.first.evaluate("(element) => element.tagName") == "SELECT":
            assert styled[0] == "none", f"{name} keeps the native arrow: {styled}"


async def test_the_dpo_screens_use_the_consoles_controls_and_pass_axe(chat) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="manual")
    request_id = server_shell(server, SETUP).strip().splitlines()[-1]
    async with chromium() as browser:
        page = await console_login(browser, server, "carol", "/console/dashboard/")
        await assert_styled(
            page,
            {
                "request kind": page.locator("select[name=kind]"),
                "subject's email": page.get_by_label("Subject's email"),
                "Record request": page.get_by_role("button", name="Record request"),
                "audit action": page.locator("select[name=action]"),
                "Filter": page.get_by_role("button", name="Filter"),
            },
        )
        audit_actions = page.locator("select[name=action] option", has_text="Sign-in code failed")
        assert await audit_actions.count() == 1
        await assert_accessible(page, "dashboard")

        await page.goto(f"{server.origin}/console/requests/{request_id}/")
        first = page.locator("table.review tbody tr").first
        await assert_styled(
            page,
            {
                "extension reason": page.locator("form.filters select[name=reason]"),
                "Extend the deadline": page.get_by_role("button", name="Extend the deadline"),
                "what to withhold": first.get_by_label("What to withhold from line 1"),
                "withholding reason": first.get_by_label("Reason for withholding line 1"),
                "note": first.get_by_label("Note on line 1"),
                "Withhold": first.get_by_role("button", name="Withhold"),
                "Put back": page.locator("table.review").get_by_role("button", name="Put back"),
                "Release": page.get_by_role("button", name="Release the export"),
            },
        )
        await assert_accessible(page, "access request's review")

        await page.goto(f"{server.origin}/console/requests/search/")
        await assert_styled(
            page,
            {
                "search kind": page.locator("select").first,
                "Search": page.get_by_role("button", name="Search"),
            },
        )
        await assert_accessible(page, "subject search")
