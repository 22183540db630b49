"""The console's transfer dialog in Chromium (issue 30, usability review finding 19): with
nobody free it says so before anything is sent; otherwise the agent picks a team or an
agent and writes a note with the keyboard alone, and the receiver reads the note first.
A transfer the server refuses keeps the dialog open, with the refusal in it and the note
kept; a queue action refused with no chat on screen is shown by the queue."""

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import chromium, console_login
from tests.peers import open_visitor
from tests.servers import manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

NOTE = "Wants an engineer; has already reset the boiler."
MADE_TEAM = (
    "from django.contrib.auth.models import User; from chatserver.teams.models import Team; "
    "Team.objects.create(name='Repairs team', restricted=True)"
    ".members.add(User.objects.get(username='bob'))"
)


async def login(browser, server, username: str):
    page = await console_login(browser, server, username)
    await page.get_by_text(f"Connected as {username.title()}.").wait_for()
    await page.get_by_label("Available for chats").check()
    return page


async def test_transfer_dialog_by_keyboard_to_a_team_with_a_note(start_server) -> None:
    require_axe()
    server = start_server(CHAT_ROUTING="manual")
    manage(server.env, "shell", "-c", MADE_TEAM)
    async with chromium() as browser:
        alice = await login(browser, server, "alice")
        visitor = await open_visitor(server)
        await visitor.hello()
        await visitor.start(name="Tess Tenant")
        await alice.locator("#queue").get_by_role("button", name="Accept").click()
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()

        # Nobody else is free: the dialog says so, and offers nothing to send.
        await alice.get_by_role("button", name="Transfer chat…").focus()
        await alice.keyboard.press("Enter")
        dialog = alice.get_by_role("dialog", name="Transfer this chat")
        await dialog.get_by_text("No one else is available to take this chat now.").wait_for()
        assert await dialog.get_by_role("button", name="Transfer", exact=True).is_disabled()
        await assert_accessible(alice, "console transfer dialog, nobody free")
        await alice.keyboard.press("Escape")
        await dialog.wait_for(state="hidden")

        bob = await login(browser, server, "bob")
        await alice.get_by_role("button", name="Transfer chat…").focus()
        await alice.keyboard.press("Enter")
        chooser = dialog.get_by_label("Transfer to")
        await dialog.locator("option", has_text="Repairs team — 1 available").wait_for(
            state="attached"
        )
        assert await chooser.evaluate("element => element === document.activeElement")
        await assert_accessible(alice, "console transfer dialog")
        await alice.keyboard.press("ArrowDown")
        await alice.keyboard.press("ArrowDown")
        assert await chooser.evaluate("element => element.selectedOptions[0].label") == "Bob"
        await alice.keyboard.press("Tab")
        await alice.keyboard.type(NOTE)

        # Bob goes away before Alice sends: the refusal shows in the dialog, the note stays.
        await bob.get_by_label("Available for chats").uncheck()
        await bob.locator("#available[data-confirmed='away']").wait_for(state="attached")
        await alice.keyboard.press("Tab")
        await alice.keyboard.press("Enter")
        await dialog.get_by_role("alert").get_by_text("that agent is not available").wait_for()
        assert await dialog.is_visible()
        assert await dialog.get_by_label("Note for whoever takes it").input_value() == NOTE
        assert await dialog.get_by_role("button", name="Transfer", exact=True).is_enabled()
        assert await alice.locator("#error").text_content() == ""

        await bob.get_by_label("Available for chats").check()
        await bob.locator("#available[data-confirmed='available']").wait_for(state="attached")
        await chooser.focus()
        await alice.keyboard.press("ArrowUp")
        assert await chooser.evaluate("element => element.selectedOptions[0].label") == (
            "Repairs team — 1 available"
        )
        await dialog.get_by_role("button", name="Transfer", exact=True).click()
        await dialog.wait_for(state="hidden")
        await alice.get_by_text("Accept a visitor from the queue to start chatting.").wait_for()

        # The chat waits for the restricted Repairs team: Alice, not in it, is refused, and
        # is told so by the queue (no conversation is on screen).
        await alice.locator("#queue").get_by_role("button", name="Accept").click()
        queue_alerts = "section[aria-labelledby='queue-title'] [role='alert']"
        refusal = alice.locator(queue_alerts, has_text="team")
        await refusal.wait_for()
        assert await refusal.is_visible()

        await bob.locator("#queue").get_by_role("button", name="Accept").click()
        handover = bob.get_by_role("region", name="Handed over by Alice to the Repairs team")
        await handover.get_by_text(NOTE).wait_for()
        await assert_accessible(bob, "console conversation with a handover")
        await visitor.expect("message", text="Another adviser is taking over your chat.")
        frames = visitor.received + await visitor.drain(0.5)
        assert not [frame for frame in frames if "engineer" in str(frame)]
