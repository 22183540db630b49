"""Recording a case from a live chat in Chromium against a real Daphne: the "Record a case"
dialog (and the prompts' `casework:record` event, which opens it pre-filled), the visitor's
`case_recorded` frame with the reference, the case stored with the line's number, and the
widget's line with the reference, shown again after a reload."""

import json
import re

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import chromium, console_login, open_widget
from tests.peers import open_visitor
from tests.servers import manage

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

STORED = (
    "import json; from chatserver.casework.models import Case; print(json.dumps(["
    "[c.shown_reference, c.kind, c.severity, c.category, c.aware_seq, c.conversation_id.hex]"
    " for c in Case.objects.order_by('recorded_at')]))"
)


async def test_an_agent_records_cases_from_a_live_chat(start_server) -> None:
    require_axe()
    server = start_server(CHAT_ROUTING="auto")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        visitor = await open_visitor(server)
        await visitor.hello()
        status = await visitor.start(name="Tess Tenant")
        await alice.get_by_role("heading", name="Tess Tenant").wait_for()
        await visitor.say("the bathroom ceiling is black with mould", client_id="v1")
        await alice.get_by_text("the bathroom ceiling is black with mould").wait_for()

        await alice.get_by_role("button", name="Record a case…").click()
        dialog = alice.get_by_role("dialog", name="Record a case")
        await dialog.wait_for()
        await assert_accessible(alice, "console, record a case dialog")
        await dialog.get_by_role("button", name="Record the case").click()
        await dialog.get_by_text("Choose what kind of case this is.").wait_for()
        await dialog.get_by_label("Kind").select_option("hazard")
        await dialog.get_by_label("Severity").select_option("significant")
        await dialog.get_by_role("button", name="Record the case").click()
        await dialog.get_by_text("Choose the hazard's category.").wait_for()
        await dialog.get_by_label("Category").select_option("damp_and_mould")
        lines = dialog.get_by_label("Line that made us aware")
        assert await lines.input_value() == ""
        labels = await lines.locator("option").all_inner_texts()
        assert labels[0] == "Choose…" and all(
            re.fullmatch(r"\d\d:\d\d (visitor|agent): .+", label) for label in labels[1:]
        )
        mould = next(label for label in labels if "bathroom ceiling is black with mould" in label)
        await lines.select_option(label=mould)
        line = await lines.input_value()
        await dialog.get_by_role("button", name="Record the case").click()
        recorded = await visitor.expect("case_recorded")
        await dialog.get_by_text(f"Recorded: reference {recorded['reference']}.").wait_for()
        assert await dialog.locator("#casework-error").inner_text() == ""
        assert recorded["kind"] == "hazard"
        cases = dialog.get_by_role("list", name="Already recorded from this chat")
        await cases.get_by_text(f"{recorded['reference']}: Hazard").wait_for()
        await dialog.get_by_role("button", name="Close").click()

        # A prompt asks for a complaint on the mould line: the dialog opens pre-filled.
        detail = {
            "conversationId": status["conversation_id"],
            "kind": "complaint",
            "seq": int(line),
        }
        ask = "detail => document.dispatchEvent(new CustomEvent('casework:record', {detail}))"
        await alice.evaluate(ask, detail)
        await dialog.wait_for()
        assert await dialog.get_by_label("Kind").input_value() == "complaint"
        assert await dialog.get_by_label("Line that made us aware").input_value() == line
        await dialog.get_by_role("button", name="Record the case").click()
        second = await visitor.expect("case_recorded")
        assert second["kind"] == "complaint" and second["reference"] != recorded["reference"]
        await cases.get_by_text(f"{second['reference']}: Complaint").wait_for()
        await dialog.get_by_role("button", name="Close").click()

        # The same complaint on the same line again is refused, saying which case it is.
        await alice.evaluate(ask, detail)
        await dialog.get_by_role("button", name="Record the case").click()
        await dialog.get_by_text(f"already recorded and open: {second['reference']}").wait_for()

    stored = json.loads(manage(server.env, "shell", "-c", STORED).strip().splitlines()[-1])
    conversation = status["conversation_id"].replace("-", "")
    assert stored == [
        [recorded["reference"], "hazard", "significant", "damp_and_mould", int(line), conversation],
        [second["reference"], "complaint", "", "", int(line), conversation],
    ]


async def test_the_widget_shows_the_reference_and_again_after_a_reload(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        await frame.get_by_label("Your message").fill("nobody answered my complaint")
        await frame.get_by_role("button", name="Send").click()
        await alice.get_by_text("nobody answered my complaint").wait_for()

        await alice.get_by_role("button", name="Record a case…").click()
        dialog = alice.get_by_role("dialog", name="Record a case")
        await dialog.get_by_label("Kind").select_option("complaint")
        lines = dialog.get_by_label("Line that made us aware")
        said = await lines.locator("option", has_text="nobody answered my complaint").inner_text()
        await lines.select_option(label=said)
        await dialog.get_by_role("button", name="Record the case").click()
        done = dialog.get_by_text("Recorded: reference ")
        await done.wait_for()
        reference = (await done.inner_text()).split("reference ")[1].split(".")[0]
        told = f"Your complaint is recorded. Its reference is {reference}"
        await frame.locator("#log li.system", has_text=told).wait_for()

        await page.reload()
        frame = page.frame_locator("iframe[title='Chat with us']")
        await frame.locator("#log li", has_text="nobody answered my complaint").wait_for()
        await frame.locator("#log li.system", has_text=told).wait_for()
        assert await frame.locator("#log li", has_text=told).count() == 1


async def test_the_transcripts_form_asks_as_the_live_dialog_does(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice")
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_label("Available for chats").check()
        visitor = await open_visitor(server)
        await visitor.hello()
        status = await visitor.start(name="Tess Tenant")
        await visitor.say("the bathroom ceiling is black with mould", client_id="v1")
        await alice.get_by_text("the bathroom ceiling is black with mould").wait_for()

        await alice.goto(f"{server.origin}/console/history/{status['conversation_id']}/")
        form = alice.locator("#transcript-record-case")
        kind, lines = form.get_by_label("Kind"), form.get_by_label("Line that made us aware")
        assert await kind.input_value() == "" and await lines.input_value() == ""
        assert not await form.get_by_label("Severity").is_visible()
        labels = await lines.locator("option").all_inner_texts()
        assert labels[0] == "Choose…" and all(
            re.fullmatch(r"\d\d:\d\d (visitor|agent): .+", label) for label in labels[1:]
        )
        await kind.select_option("hazard")
        await form.get_by_label("Severity").select_option("emergency")
        await form.get_by_label("Category").select_option("fire")
        await kind.select_option("complaint")
        await lines.select_option(label=labels[1])
        await form.get_by_role("button", name="Record the case").click()
        await alice.get_by_text("Acknowledged").first.wait_for()
        recorded = await visitor.expect("case_recorded")
        assert recorded["kind"] == "complaint"
