"""The Webhooks page and Send to the housing system in a real browser: a supervisor adds the
housing system's endpoint and reads its secret once, an agent's summary of a chat goes to it
with the field ticked, and axe finds nothing on either page."""

import pytest

from tests.accessibility import assert_accessible, require_axe
from tests.browser import chromium, console_login
from tests.servers import server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

SETUP = """
from transcripts.record import store
from chatserver.chat.models import LiveConversation
made = store.create_conversation(details={"name": "Tess Tenant"})
store.append_message(made.pk, sender="visitor", text="My boiler is broken")
LiveConversation.objects.filter(pk=made.pk).update(status="closed")
print(made.pk)
"""

SENT = """
from chatserver.integrations.models import OutboxEvent
event = OutboxEvent.objects.get(type="housing.summary")
print(event.payload["ticked_fields"], event.deliveries.count())
"""


async def test_a_supervisor_adds_the_housing_endpoint_and_a_summary_goes_to_it(chat) -> None:
    require_axe()
    server = chat(CHAT_ROUTING="manual")
    conversation_id = server_shell(server, SETUP).strip().splitlines()[-1]
    async with chromium() as browser:
        page = await console_login(browser, server, "carol", "/console/webhooks/")
        await assert_accessible(page, "webhooks page")
        await page.get_by_label("Name (which system it is)").fill("Housing system")
        await page.get_by_label("Address (https://…)").fill("https://housing.example/hooks")
        await page.get_by_label("Case recorded (complaint, service request, hazard)").check()
        await page.get_by_label("Visitor's name").check()
        await page.get_by_label("Agents' summaries go here").check()
        await page.get_by_role("button", name="Add the endpoint").click()
        secret = await page.locator("#secret").text_content()
        assert secret is not None and secret.startswith("whsec_")
        assert await page.locator("#endpoints").get_by_text("Housing system").count() == 1
        await assert_accessible(page, "webhooks page with a new secret")
        await page.goto(f"{server.origin}/console/webhooks/")
        assert await page.locator("#secret").count() == 0

        await page.goto(f"{server.origin}/console/history/{conversation_id}/send-to-housing/")
        await assert_accessible(page, "send to the housing system")
        await page.get_by_label("Visitor's name").check()
        await page.get_by_role("button", name="Send the summary").click()
        await page.locator("#sent").wait_for()
    assert server_shell(server, SENT).strip().splitlines()[-1] == "['name'] 1"
