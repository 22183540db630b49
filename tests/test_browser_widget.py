"""The visitor widget in a real browser on a landlord site of another origin."""

import asyncio
import json
import re
from pathlib import Path

import pytest

from tests.browser import artifact, chromium, open_widget
from tests.mailbox import code_in, mail_to
from tests.peers import open_agent

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def _another(code: str) -> str:
    return "000000" if code != "000000" else "111111"


async def test_visitor_chats_with_an_agent_and_resumes_after_reload(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto(site.origin + "/repairs")
        await page.get_by_role("button", name="Chat with us").wait_for()
        assert not any("/widget/frame/" in url or "/ws/" in url for url in requests)
        assert await page.context.cookies() == []
        assert await page.evaluate("() => sessionStorage.length + localStorage.length") == 0
        await page.screenshot(path=artifact("widget-0-closed.png"))

        frame = await open_widget(page, site)
        await frame.get_by_text("Everything below is optional").wait_for()
        await frame.get_by_role("button", name="Start chat").wait_for()  # Alice is available
        await page.screenshot(path=artifact("widget-1-prechat.png"))
        # An empty status line takes no room (no grey band) but stays a live region.
        height = "element => element.getBoundingClientRect().height"
        assert await frame.locator("#state").inner_text() == ""
        assert await frame.locator("#state").evaluate(height) == 0
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        assert await frame.locator("#state").evaluate(height) > 0
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]

        await frame.get_by_label("Your message").fill("Hello from the widget")
        await frame.get_by_role("button", name="Send").click()
        line = await agent.expect("message", text="Hello from the widget")
        await agent.typing_in(conversation_id)
        await frame.get_by_text("The adviser is typing").wait_for()
        await page.screenshot(path=artifact("widget-2-typing.png"))
        await agent.send_line(conversation_id, "Hi, how can I help?", client_id="r1")
        await frame.locator("#log li", has_text="Hi, how can I help?").wait_for()
        await page.screenshot(path=artifact("widget-3-chatting.png"))
        # The conversation opens with a system line, so the visitor's first line is seq 2.
        rows = await frame.locator("#log li").evaluate_all(
            "items => items.map(i => [Number(i.dataset.seq), i.className,"
            " i.querySelector('.text').textContent])"
        )
        assert rows[0] == [1, "system", "Alice joined the chat."]
        assert line["seq"] == 2
        assert rows[1] == [2, "visitor", "Hello from the widget"]
        assert [row[0] for row in rows] == sorted(row[0] for row in rows)

        # An address in an adviser's line is a link that opens apart from the chat.
        await agent.send_line(conversation_id, "Details: https://landlord.example/repairs.")
        link = frame.locator("#log li.agent a", has_text="https://landlord.example/repairs")
        await link.wait_for()
        assert await link.get_attribute("href") == "https://landlord.example/repairs"
        assert await link.get_attribute("rel") == "noopener noreferrer"
        assert await link.get_attribute("target") == "_blank"

        await page.reload()
        frame = page.frame_locator("iframe[title='Chat with us']")
        await frame.locator("#log li", has_text="Hi, how can I help?").wait_for()
        assert await frame.locator("#log li", has_text="Hello from the widget").count() == 1
        await page.screenshot(path=artifact("widget-4-after-reload.png"))

        text = await page.evaluate(
            "() => { const f = document.querySelector('iframe');"
            " try { return f.contentDocument ? f.contentDocument.body.innerText : 'no access'; }"
            " catch (e) { return 'blocked'; } }"
        )
        assert text in {"no access", "blocked"}
        assert "Hello from the widget" not in await page.evaluate("() => document.body.innerText")


async def test_states_waiting_offline_and_ended(chat, site, tmp_path: Path) -> None:
    server = chat(CHAT_ROUTING="manual")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        # Nobody would answer: the visitor is told before starting, and leaves a message.
        await frame.get_by_text("No advisers are available right now").wait_for()
        await frame.get_by_role("button", name="Leave a message").wait_for()
        await frame.get_by_label("Email (optional)").fill("tenant@example.org")
        await frame.get_by_role("button", name="Leave a message").click()
        await frame.get_by_text("No advisers are available right now").wait_for()
        await page.screenshot(path=artifact("widget-5-offline.png"))

        await frame.get_by_label("Your message").fill("The boiler is leaking")
        await frame.get_by_role("button", name="Send").click()
        await frame.locator(
            "#log li.visitor:not(.pending)", has_text="The boiler is leaking"
        ).wait_for()
        await frame.get_by_text("we have your message. You can close this page now").wait_for()
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_text("This chat has ended.").first.wait_for()
        # Only now an adviser comes: a visitor still on the page with an offline chat would
        # be shown waiting (first in the queue), but this one has left a message and ended.
        agent, _, _ = await open_agent(server, "bob")
        other = await browser.new_page()
        other_frame = await open_widget(other, site)
        await other_frame.locator("#start").click()
        await other_frame.get_by_text("You are number 1 in the queue").wait_for()
        await other.screenshot(path=artifact("widget-6-waiting.png"))
        # The conversation stays readable once ended, with nothing to write with.
        assert await frame.locator("#log li", has_text="The boiler is leaking").is_visible()
        assert await frame.get_by_label("Your message").is_hidden()
        await frame.get_by_role("button", name="Send copy").click()
        await frame.get_by_text("We have emailed a code to tenant@example.org").wait_for()
        code_field = frame.get_by_label("Code from the email")
        assert await code_field.evaluate("field => field === document.activeElement")
        (code_mail,) = mail_to(tmp_path / "var", "tenant@example.org")
        assert "It contains nothing typed in the chat" in code_mail.body
        await code_field.fill(_another(code_in(code_mail)))
        await frame.get_by_role("button", name="Confirm code").click()
        await frame.get_by_text("That code is not right").wait_for()
        await code_field.fill(code_in(code_mail))
        await frame.get_by_role("button", name="Confirm code").click()
        await frame.get_by_text("A copy is on its way").wait_for()
        assert await frame.locator("#code-form").is_hidden()
        await page.screenshot(path=artifact("widget-7-ended.png"))
        _code_mail, copy = mail_to(tmp_path / "var", "tenant@example.org", 2)
        assert copy.body.startswith("Here is the copy of your chat that you asked for.")
        assert "tenant@example.org" not in server.log_text()

        await frame.get_by_role("button", name="Clear this device's copy").click()
        await frame.get_by_text("has been cleared").wait_for()
        assert await frame.locator("#log li").count() == 0
        storage = await frame.locator("body").evaluate(
            "() => sessionStorage.getItem('housing-chat')"
        )
        assert storage is None or json.loads(storage)["outbox"] == []
        await agent.close()


async def test_pending_message_survives_a_server_restart_and_arrives_once(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        await frame.get_by_text("You are chatting with Alice.").wait_for()

        server.stop()
        await frame.get_by_text("Connection lost").wait_for()
        await frame.get_by_label("Your message").fill("sent while you were down")
        await frame.get_by_role("button", name="Send").click()
        await frame.locator("li.pending", has_text="sent while you were down").wait_for()
        await page.screenshot(path=artifact("widget-8-reconnecting.png"))

        await asyncio.to_thread(server.start)
        await frame.locator(
            "li.visitor:not(.pending)", has_text="sent while you were down"
        ).wait_for(timeout=40000)
        again, _, _ = await open_agent(server, "alice", available=False)
        await again.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
        history = (await again.expect("history"))["messages"]
        assert [m["text"] for m in history].count("sent while you were down") == 1
        assert await frame.locator("#log li", has_text="sent while you were down").count() == 1


async def test_markup_renders_as_text_and_card_numbers_are_warned_about(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto", CHAT_MAX_TEXT_LENGTH="60")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        frame = await open_widget(page, site)
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        xss = "<img src=x onerror=alert(1)>"
        await frame.get_by_label("Your message").fill(xss)
        await frame.get_by_role("button", name="Send").click()
        item = frame.locator("li.visitor", has_text=xss)
        await item.wait_for()
        assert await item.locator(".text").inner_text() == xss
        assert await frame.locator("li img").count() == 0
        assert dialogs == []

        await frame.get_by_label("Your message").fill("my card is 4111 1111 1111 1111")
        await frame.get_by_role("button", name="Send").click()
        await frame.get_by_text("You don't need to send card or bank details").wait_for()
        await page.screenshot(path=artifact("widget-9-card-warning.png"))
        await frame.get_by_role("button", name="Edit message").click()
        assert await frame.locator("li", has_text="4111").count() == 0

        await frame.locator("#text").evaluate("(node) => { node.value = 'x'.repeat(70); }")
        await frame.get_by_role("button", name="Send").click()
        await frame.get_by_text("the limit is 60 characters").wait_for()
        await page.screenshot(path=artifact("widget-10-too-long.png"))
        assert agent


async def test_keyboard_only_narrow_screen_and_escape(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page(viewport={"width": 320, "height": 640})
        await page.goto(site.origin + "/repairs")
        launcher = page.get_by_role("button", name="Chat with us")
        await launcher.wait_for()
        for _ in range(6):
            await page.keyboard.press("Tab")
            if await launcher.evaluate("(node) => node === document.activeElement"):
                break
        await page.keyboard.press("Enter")
        frame = page.frame_locator("iframe[title='Chat with us']")
        name = frame.get_by_label("Name (optional)")
        await name.wait_for()
        await frame.locator("body[data-ready='true']").wait_for(state="attached")
        await page.wait_for_function(
            "() => document.activeElement && document.activeElement.tagName === 'IFRAME'"
        )
        for _ in range(12):
            focused = await frame.locator(":focus").get_attribute("id")
            if focused == "start":
                break
            await page.keyboard.press("Tab")
        await page.keyboard.press("Enter")
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        await frame.locator("#text").focus()
        await page.keyboard.type("typed without a mouse")
        await page.keyboard.press("Enter")
        await agent.expect("message", text="typed without a mouse")
        box = await page.locator("iframe").bounding_box()
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 320
        await page.screenshot(path=artifact("widget-11-narrow-keyboard.png"))
        await page.keyboard.press("Escape")
        await page.wait_for_function("() => document.querySelector('iframe').hidden")
        await page.wait_for_function(
            "() => document.activeElement && document.activeElement.textContent === 'Chat with us'"
        )
        assert await page.get_by_role("button", name="Chat with us").is_visible()
        assert server


def test_widget_assets_stay_small(client) -> None:
    root = Path(__file__).resolve().parent.parent / "widget"
    assert len(client.get("/widget/loader.js").content) < 5 * 1024  # as served, every language
    app = ["static/widget/frame.js", "static/widget/frame.css", "templates/widget/frame.html"]
    assert sum((root / name).stat().st_size for name in app) < 40 * 1024


def test_frame_page_may_only_be_framed_by_landlord_sites(client, settings) -> None:
    settings.CHAT_ALLOWED_ORIGINS = ["https://www.landlord.example"]
    response = client.get("/widget/frame/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors https://www.landlord.example" in policy
    assert "X-Frame-Options" not in response
    assert "'self'" not in policy.split("frame-ancestors")[1]


async def test_visitor_can_ask_to_be_forgotten_from_the_widget(chat, site) -> None:
    server = chat(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    async with chromium() as browser:
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.get_by_label("Email (optional)").fill("forget.me@example.org")
        await frame.locator("#start").click()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        await frame.get_by_label("Your message").fill("FORGET-MARKER please")
        await frame.get_by_role("button", name="Send").click()
        await agent.expect("message", text="FORGET-MARKER please")
        await frame.get_by_role("button", name="End chat").click()
        await frame.get_by_role("button", name="Ask us to forget this conversation").click()
        await frame.get_by_role("button", name="Erase it now").click()
        receipt = frame.get_by_text("Your reference is")
        await receipt.wait_for()
        await page.screenshot(path=artifact("widget-12-forgotten.png"))
        shown = await receipt.inner_text()
        assert "forget.me" not in shown
        # The short reference a tenant can read out, not the request's 36-character id.
        assert re.search(r"Your reference is [0-9A-Z]{4}-[0-9A-Z]{4};", shown), shown
    await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
    history = (await agent.expect("history"))["messages"]
    assert history
    assert all(m["text"] == "" and m.get("state") == "erased" for m in history)


async def test_an_erasure_clears_the_open_widget_and_the_console(chat, site) -> None:
    from tests.test_browser_console import login

    server = chat(CHAT_ROUTING="auto")
    async with chromium() as browser:
        alice = await login(browser, server, "alice")
        await alice.get_by_label("Available for chats").check()
        page = await browser.new_page()
        frame = await open_widget(page, site)
        await frame.get_by_label("Name (optional)").fill("Erin Erasable")
        await frame.get_by_label("Email (optional)").fill("erase.me@example.org")
        await frame.locator("#start").click()
        await frame.get_by_text("You are chatting with Alice.").wait_for()
        await frame.get_by_label("Your message").fill("ERASE-MARKER in the widget")
        await frame.get_by_role("button", name="Send").click()
        await alice.locator("#log li", has_text="ERASE-MARKER in the widget").wait_for()

        carol = await login(browser, server, "carol")
        await carol.goto(server.origin + "/console/dashboard/")
        await carol.locator("select[name=kind]").select_option("erasure")
        await carol.get_by_label("Subject's email").last.fill("erase.me@example.org")
        await carol.get_by_role("button", name="Record request").click()
        await carol.get_by_role("link", name="Erase…").click()
        # The chat is still open: ending it takes a confirmation of its own.
        await carol.get_by_text("still open").first.wait_for()
        await carol.get_by_label("End the open chat and erase it now").check()
        await carol.get_by_label("I confirm this erasure").check()
        await carol.get_by_role("button", name="Erase").click()
        await carol.get_by_text("Done.").wait_for()
        await frame.get_by_text("This conversation was erased at your request.").wait_for()
        await alice.get_by_text("A conversation was erased at the visitor's request").wait_for()
        await page.screenshot(path=artifact("widget-13-erased.png"))
        await alice.screenshot(path=artifact("console-5-erased.png"))
        assert await frame.locator("#log li").count() == 0
        assert await alice.locator("#log li", has_text="ERASE-MARKER").count() == 0
        assert await alice.locator("#mine li").count() == 0
        stored = await frame.locator("body").evaluate("() => sessionStorage.length")
        assert stored == 0


def test_a_form_sent_before_the_script_runs_carries_no_details(client) -> None:
    """Without its script a form is sent by the browser itself: none of the visitor's
    fields may have a name (or they would go in a URL), and every form posts."""
    page = client.get("/widget/frame/").content.decode()
    assert re.findall(r'<input[^>]*\bname="(?!score")', page) == []
    assert re.findall(r"<textarea[^>]*\bname=", page) == []
    assert page.count("<form ") == page.count('method="post"')
