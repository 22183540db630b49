"""Alerts an agent cannot miss, in Chromium (issue 30): a new chat sounds and raises a
desktop notification at once and every 30 s until someone takes it, counts in the tab
title and on the favicon; an emergency has its own sound, heard with sounds turned off.

The page's Notification and Web Audio APIs are observed, not replaced: an init script
wraps the browser's own ``Notification`` and ``OscillatorNode.start`` to record each call
(with the page's clock) and then calls them as the page asked.
"""

import asyncio

import pytest

from tests.accessibility import assert_accessible
from tests.browser import artifact, chromium, console_login
from tests.peers import open_agent, open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

FIRST_LINE = "Water is coming through my kitchen ceiling"

OBSERVE = """
window.__notifications = [];
window.__tones = [];
const RealNotification = window.Notification;
class ObservedNotification extends RealNotification {
  constructor(title, options) {
    super(title, options);
    const body = (options && options.body) || "";
    window.__notifications.push({title, body, at: performance.now()});
  }
}
window.Notification = ObservedNotification;
const realStart = OscillatorNode.prototype.start;
OscillatorNode.prototype.start = function (...args) {
  window.__tones.push({hz: this.frequency.value, wave: this.type, at: performance.now()});
  return realStart.apply(this, args);
};
"""


async def until(page, expression: str, timeout: float = 10.0) -> None:
    """Waits until ``expression`` is true in the page (polled: the console's CSP refuses
    the string evaluation ``wait_for_function`` needs)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await page.evaluate(expression):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        await asyncio.sleep(0.2)


async def notifications(page) -> list[dict]:
    return await page.evaluate("window.__notifications")


async def tones(page) -> list[dict]:
    return await page.evaluate("window.__tones")


async def test_a_new_chat_alerts_every_30_seconds_until_it_is_taken(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice", permissions=["notifications"])
        await alice.add_init_script(OBSERVE)
        await alice.reload()
        await alice.get_by_text("Connected as Alice.").wait_for()
        assert await alice.evaluate("Notification.permission") == "granted"
        await alice.get_by_label("Available for chats").check()
        await alice.locator("#available[data-confirmed='available']").wait_for(state="attached")

        visitor = await open_visitor(server)
        await visitor.hello()
        conversation_id = (await visitor.start())["conversation_id"]
        await visitor.say(FIRST_LINE)
        # Triage: the first line is in the queue.
        await alice.locator("#queue .first-line", has_text=FIRST_LINE).wait_for()
        await until(alice, "window.__notifications.length >= 1")
        first = (await notifications(alice))[0]
        assert first["title"] == "New chat"
        assert [tone["hz"] for tone in await tones(alice)][:2] == [660, 880]
        assert (await alice.title()).startswith("(1) ")
        assert await alice.locator("link[rel='icon'][data-count='1']").count() == 1
        await alice.screenshot(path=artifact("alerts-1-new-chat.png"))
        await assert_accessible(alice, "console with a chat alerting")
        await alice.get_by_text("Alert settings").click()
        await assert_accessible(alice, "console with the alert settings open")

        # Again 30 s later, and only then.
        await until(alice, "window.__notifications.length >= 2", timeout=40)
        second = (await notifications(alice))[1]
        assert second["at"] - first["at"] >= 29_000
        assert len([tone for tone in await tones(alice) if tone["hz"] == 660]) == 2

        # Bob takes it: the alerts stop, and the count goes.
        bob, _snapshot, _ = await open_agent(server, "bob")
        await bob.accept(conversation_id)
        await until(alice, "!document.title.startsWith('(')")
        count = len(await notifications(alice))
        await alice.wait_for_timeout(32_000)
        assert len(await notifications(alice)) == count
        seen = str(await notifications(alice))
        assert FIRST_LINE not in seen and "Water" not in seen

        # Alice turns the sound off: an emergency is heard all the same, in its own sound.
        await alice.get_by_label("Sound for new chats").uncheck()
        await alice.wait_for_timeout(500)
        second_visitor = await open_visitor(server)
        await second_visitor.hello()
        await second_visitor.start()
        await second_visitor.say("I can smell gas in the hallway")
        # "New chat" as it starts, then at once "Emergency chat: …" as the line flags it.
        await until(
            alice,
            "window.__notifications.some((shown) => shown.title.startsWith('Emergency chat:'))",
        )
        assert (await notifications(alice))[-1]["title"] == "Emergency chat: Gas leak"
        assert any(tone["hz"] == 988 and tone["wave"] == "square" for tone in await tones(alice))
        await alice.screenshot(path=artifact("alerts-2-emergency.png"))
        for peer in (visitor, second_visitor, bob):
            await peer.close()
    assert FIRST_LINE not in server.log_text()


async def test_auto_routing_alerts_once_an_emergency_at_once_and_not_at_capacity(
    start_server,
) -> None:
    """CHAT_ROUTING=auto: a chat routed to the agent as it starts makes one alert (not
    "New chat" and then "Chat assigned to you"); a later line flagging it an emergency
    alerts at once in the emergency's sound, with sounds off; once the agent has their
    maximum of chats open, a new queued chat they cannot take does not alert them."""
    server = start_server(CHAT_ROUTING="auto", CHAT_AGENT_MAX_CONVERSATIONS="2")
    async with chromium() as browser:
        alice = await console_login(browser, server, "alice", permissions=["notifications"])
        await alice.add_init_script(OBSERVE)
        await alice.reload()
        await alice.get_by_text("Connected as Alice.").wait_for()
        await alice.get_by_text("Alert settings").click()
        await alice.get_by_label("Sound for new chats").uncheck()
        await alice.get_by_label("Available for chats").check()
        await alice.locator("#available[data-confirmed='available']").wait_for(state="attached")

        visitors = []
        for expected in (1, 2):
            visitor = await open_visitor(server)
            visitors.append(visitor)
            await visitor.hello()
            await visitor.start()
            await until(alice, f"window.__notifications.length >= {expected}")
            await alice.wait_for_timeout(1500)
            assert len(await notifications(alice)) == expected, await notifications(alice)

        # The second chat (not on screen) turns out to be an emergency: at once, loud.
        await visitors[1].say("I can smell gas in the hallway")
        await until(alice, "window.__notifications.length >= 3", timeout=5)
        assert (await notifications(alice))[2]["title"] == "Emergency chat: Gas leak"
        assert any(tone["hz"] == 988 and tone["wave"] == "square" for tone in await tones(alice))

        # At capacity: a third chat waits in the queue without a sound or a notification.
        heard = len(await tones(alice))
        third = await open_visitor(server)
        await third.hello()
        await third.start()
        await alice.locator("#queue li").first.wait_for()
        await alice.wait_for_timeout(1500)
        assert len(await notifications(alice)) == 3, await notifications(alice)
        assert len(await tones(alice)) == heard
        for peer in (*visitors, third):
            await peer.close()
