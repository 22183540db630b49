"""The close dialog in Chromium: "Close chat" asks for a wrap-up and a confirmation, by
keyboard alone, axe clean; a chat the visitor ended is wrapped up through the same dialog
opened by the "wrapup-requested" event."""

import json

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import chromium, console_login
from tests.peers import open_visitor
from tests.servers import manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

REQUIRED = (
    "from chatserver.wrapup.models import WrapUpPolicy; WrapUpPolicy.objects.update(required=True)"
)
STORED = (
    "import json; from chatserver.wrapup.models import WrapUp; print(json.dumps(["
    "[w.reason.slug, w.outcome.slug, sorted(t.slug for t in w.tags.all())]"
    " for w in WrapUp.objects.order_by('wrapped_at')]))"
)


async def started(alice, server):
    visitor = await open_visitor(server)
    await visitor.hello()
    status = await visitor.start(name="Tess Tenant")
    await alice.get_by_role("heading", name="Tess Tenant").wait_for()
    visitor.conversation_id = status["conversation_id"]
    return visitor


async def test_the_close_dialog_by_keyboard(start_server) -> None:
    require_axe()
    server = start_server(CHAT_ROUTING="auto")
    manage(server.env, "shell", "-c", REQUIRED)
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        visitor = await started(alice, server)

        await alice.locator("#close-chat").focus()
        await alice.keyboard.press("Enter")
        dialog = alice.get_by_role("dialog", name="Close this chat?")
        await dialog.wait_for()
        assert await alice.evaluate("document.activeElement.id") == "wrapup-reason"
        await assert_accessible(alice, "console, close dialog")
        await alice.keyboard.press("Escape")  # no confirmation: nothing is closed
        await dialog.wait_for(state="hidden")
        assert await alice.evaluate("document.activeElement.id") == "close-chat"

        await alice.keyboard.press("Enter")
        await dialog.wait_for()
        await dialog.get_by_role("button", name="Close chat").press("Enter")
        await dialog.get_by_text("Choose a contact reason and an outcome.").wait_for()
        assert await alice.evaluate("document.activeElement.id") == "wrapup-reason"
        await assert_accessible(alice, "console, close dialog refusing an empty wrap-up")
        await alice.keyboard.press("ArrowDown")  # Repair
        await alice.keyboard.press("Tab")
        await alice.keyboard.press("ArrowDown")  # Resolved in chat
        await alice.keyboard.press("ArrowDown")  # Repair raised
        await alice.keyboard.press("Tab")
        await alice.keyboard.press("Space")  # the first tag: Follow-up needed
        await dialog.get_by_role("button", name="Close chat").focus()
        await alice.keyboard.press("Enter")
        await visitor.expect("status", status="closed")
        await dialog.wait_for(state="hidden")

        # A chat the visitor ended stays on screen; its Wrap up button opens the dialog,
        # and the stored wrap-up takes it off the screen.
        visitor = await started(alice, server)
        await visitor.send({"type": "end"})
        await alice.locator("#ended-text", has_text="ended the chat").wait_for()
        await alice.get_by_role("button", name="Wrap up").focus()
        await alice.keyboard.press("Enter")
        ended = alice.get_by_role("dialog", name="Wrap up this chat")
        await ended.wait_for()
        await assert_accessible(alice, "console, wrap-up of an ended chat")
        await ended.get_by_label("Contact reason").select_option("complaint")
        await ended.get_by_label("Outcome").select_option("complaint-recorded")
        await ended.get_by_role("button", name="Save wrap-up").press("Enter")
        await ended.wait_for(state="hidden")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for(state="hidden")

    stored = json.loads(manage(server.env, "shell", "-c", STORED).strip().splitlines()[-1])
    assert stored == [
        ["repair", "repair-raised", ["follow-up-needed"]],
        ["complaint", "complaint-recorded", []],
    ]
