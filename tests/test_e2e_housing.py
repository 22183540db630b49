"""The housing essentials over real sockets on a real Daphne process: emergency advice
in sequence, the flag on the agent's side, ratings, quick exit and opening hours."""

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import server_sql

pytestmark = pytest.mark.e2e


async def test_an_emergency_is_answered_in_sequence_and_flagged_for_agents(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual", CHAT_GAS_EMERGENCY_PHONE="0800 000 1234")
    agent, _, _ = await open_agent(server, "alice")
    calm, urgent = await open_visitor(server), await open_visitor(server)
    for visitor in (calm, urgent):
        await visitor.hello()
        await visitor.start()
    await calm.say("When is my rent due?")
    ack = await urgent.say("I can smell gas in the hallway")
    advice = await urgent.expect("message", **{"from": "system"})
    assert advice["seq"] == ack["seq"] + 1
    assert "0800 000 1234" in advice["text"] and "smell gas" in advice["text"]
    await urgent.expect("status", status="waiting", queue_position=1)
    queue = await agent.expect("queue", timeout=5)
    while not queue["queue"][0]["emergency"]:
        queue = await agent.expect("queue", timeout=5)
    first = queue["queue"][0]
    assert first["emergency"] == {"category": "gas", "label": "Gas leak"}
    assert queue["queue"][1]["emergency"] is None

    await agent.send_accept(first["conversation_id"])
    assigned = (await agent.expect("assigned"))["conversation"]
    assert assigned["emergency"]["category"] == "gas"
    await agent.send({"type": "clear_emergency", "conversation_id": first["conversation_id"]})
    cleared = await agent.expect("emergency")
    assert cleared == {
        "type": "emergency",
        "conversation_id": first["conversation_id"],
        "emergency": None,
    }
    await agent.send({"type": "clear_emergency", "conversation_id": first["conversation_id"]})
    assert (await agent.expect("error"))["code"] == "invalid"
    await urgent.say("the socket is sparking now")
    flagged = await agent.expect("emergency")
    assert flagged["emergency"]["category"] == "electrical"
    assert "smell gas" not in server.log_text() and "sparking" not in server.log_text()


async def test_rating_after_the_chat_with_clear_refusals(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.send({"type": "rate", "score": 5})
    assert "ended" in (await visitor.expect("error"))["message"]
    await agent.send_close(conversation_id)
    await visitor.expect("status", status="closed")
    for bad in (0, 6, "5", True, None, 4.5):
        await visitor.send({"type": "rate", "score": bad})
        error = await visitor.expect("error")
        assert (error["code"], error["message"]) == (
            "invalid",
            "score must be a whole number from 1 to 5",
        )
    await visitor.send({"type": "rate", "score": 3, "comment": "x" * 1001})
    assert (await visitor.expect("error"))["code"] == "too_long"
    await visitor.send({"type": "rate", "score": 3, "comment": "Fine"})
    await visitor.expect("rated")
    await visitor.send({"type": "rate", "score": 1})
    assert (await visitor.expect("error"))["message"] == "this chat has already been rated"


async def test_quick_exit_ends_the_chat_and_tells_the_agent(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send({"type": "exit"})  # before a conversation: nothing to end
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.send({"type": "exit"})
    await agent.expect("status", status="closed", conversation_id=conversation_id)
    line = await agent.expect("message", text="The visitor left using quick exit.")
    assert line["conversation_id"] == conversation_id


async def test_out_of_hours_a_chat_is_offline_with_when_we_open(start_server) -> None:
    # An empty week never opens: the chat says it is closed, with no opening to show.
    server = start_server(CHAT_ROUTING="auto", CHAT_OPENING_HOURS="sun 00:00-00:01")
    server_sql(
        server,
        "INSERT INTO chat_closure (starts_on, ends_on, reason) "
        "VALUES ('2000-01-01', '2999-12-31', 'closed for good')",
    )
    await open_agent(server, "alice")
    visitor = await open_visitor(server)
    welcome = await visitor.hello()
    assert welcome["hours"]["open"] is False and "opens_at" not in welcome["hours"]
    status = await visitor.start()
    assert (status["status"], status["reason"]) == ("offline", "closed")
    await visitor.say("Please ring me back")
    welcome = await (await open_visitor(server)).hello(token=welcome["token"])
    assert welcome["conversation"]["reason"] == "closed"
