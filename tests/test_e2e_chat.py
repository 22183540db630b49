"""The whole visitor and agent flow through a real Daphne process and real sockets."""

import asyncio

import pytest

from tests.peers import open_agent, open_visitor

pytestmark = pytest.mark.e2e


async def test_auto_routing_whole_conversation(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, snapshot, _ = await open_agent(server, "alice")
    assert snapshot["agent"]["name"] == "Alice" and snapshot["queue"] == []

    visitor = await open_visitor(server)
    welcome = await visitor.hello()
    assert welcome["token"] and welcome["conversation"] is None
    await visitor.send(
        {"type": "start", "details": {"name": "Priya", "email": "", "address": None}}
    )
    active = await visitor.expect("status", status="active")
    assert active["agent"] == {"name": "Alice"}
    assigned = await agent.expect("assigned")
    conversation_id = assigned["conversation"]["conversation_id"]
    assert assigned["conversation"]["details"] == {"name": "Priya"}
    joined = await visitor.expect("message", **{"from": "system"})
    assert joined["text"] == "Alice joined the chat."

    ack = await visitor.say("My boiler is broken", client_id="v-1")
    echoed = await visitor.expect("message", seq=ack["seq"])
    assert echoed["client_id"] == "v-1" and echoed["from"] == "visitor"
    line = await agent.expect("message", seq=ack["seq"])
    assert (line["text"], line["conversation_id"]) == ("My boiler is broken", conversation_id)

    await visitor.send({"type": "typing", "active": True})
    assert (await agent.expect("typing", conversation_id=conversation_id))["active"] is True
    await agent.typing_in(conversation_id)
    assert await visitor.expect("typing", **{"from": "agent", "active": True})

    agent_ack = await agent.reply(
        conversation_id, "Sorry to hear that. Is the pilot light on?", "a-1"
    )
    reply = await visitor.expect("message", seq=agent_ack["seq"])
    assert reply["from"] == "agent" and "pilot light" in reply["text"]
    assert "client_id" not in reply

    note_ack = await agent.note(conversation_id, "Check warranty", "n-1")
    note = await agent.expect("message", seq=note_ack["seq"])
    assert note["from"] == "note"

    await visitor.send({"type": "details", "details": {"email": "priya@example.com"}})
    await visitor.expect("details_saved")
    details = await agent.expect("details", conversation_id=conversation_id)
    assert details["details"] == {"name": "Priya", "email": "priya@example.com"}

    await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
    history = await agent.expect("history")
    assert [m["from"] for m in history["messages"]] == ["system", "visitor", "agent", "note"]

    await visitor.send({"type": "end"})
    await visitor.expect("status", status="closed")
    await agent.expect("status", status="closed", conversation_id=conversation_id)
    frames = await visitor.drain()
    assert all(frame.get("from") != "note" for frame in visitor.received + frames)
    assert all("Check warranty" not in str(frame) for frame in visitor.received)


async def test_manual_routing_queue_positions_and_accept(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    agent, _snapshot, _ = await open_agent(server, "alice")
    first, second = await open_visitor(server), await open_visitor(server)
    await first.hello()
    await second.hello()
    assert (await first.start())["queue_position"] == 1
    status = await second.start()
    assert (status["status"], status["queue_position"]) == ("waiting", 2)
    queue = await agent.expect("queue", timeout=5)
    while len(queue["queue"]) < 2:
        queue = await agent.expect("queue")
    assert [entry["status"] for entry in queue["queue"]] == ["waiting", "waiting"]
    first_id = queue["queue"][0]["conversation_id"]

    assigned = await agent.accept(first_id)
    assert assigned["conversation"]["conversation_id"] == first_id
    assert (await first.expect("status", status="active"))["agent"]["name"] == "Alice"
    moved = await second.expect("status", status="waiting", queue_position=1)
    assert moved["queue_position"] == 1


async def test_no_available_agent_means_offline_and_messages_wait(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    visitor = await open_visitor(server)
    await visitor.hello()
    assert (await visitor.start())["status"] == "offline"
    ack = await visitor.say("Please call me back about my rent")
    agent, snapshot, _ = await open_agent(server, "bob", available=False)
    [entry] = snapshot["queue"]
    assert entry["status"] == "offline"
    assigned = await agent.accept(entry["conversation_id"])
    texts = [m["text"] for m in assigned["conversation"]["messages"]]
    assert "Please call me back about my rent" in texts
    assert ack["seq"] == 1


async def test_two_agents_accepting_at_once_have_one_winner(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    alice, _, _ = await open_agent(server, "alice")
    bob, _, _ = await open_agent(server, "bob")
    visitor = await open_visitor(server)
    await visitor.hello()
    status = await visitor.start()
    conversation_id = status["conversation_id"]
    for agent in (alice, bob):
        await agent.send_accept(conversation_id)
    outcomes = []
    for agent in (alice, bob):
        frames = []
        while not any(f["type"] in {"assigned", "error"} for f in frames):
            frames.append(await agent.expect_any({"assigned", "error"}))
        outcomes.append(frames[-1])
    assert sorted(frame["type"] for frame in outcomes) == ["assigned", "error"]
    [refused] = [frame for frame in outcomes if frame["type"] == "error"]
    assert refused["code"] == "already_assigned"


async def test_transfer_moves_the_conversation(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    alice, _, _ = await open_agent(server, "alice")
    bob, snapshot_bob, _ = await open_agent(server, "bob")
    visitor = await open_visitor(server)
    await visitor.hello()
    conversation_id = (await visitor.start())["conversation_id"]
    await alice.accept(conversation_id)
    await visitor.say("hello")
    await alice.send_transfer(conversation_id, snapshot_bob["agent"]["id"])
    assert (await alice.expect("unassigned"))["conversation_id"] == conversation_id
    moved = await bob.expect("assigned")
    assert moved["conversation"]["conversation_id"] == conversation_id
    assert [m["text"] for m in moved["conversation"]["messages"]][-1] == (
        "Another adviser is taking over your chat."
    )
    assert await visitor.expect("status", status="active", agent={"name": "Bob"})
    await alice.send_line(conversation_id, "still mine?", client_id="late")
    assert (await alice.expect("error", ref="late"))["code"] == "forbidden"


async def test_reconnect_replays_exactly_what_was_missed(start_server) -> None:
    """Replay has no gaps: 3 agent messages and a status change, replayed in order."""
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    token = (await visitor.hello())["token"]
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say("first")
    stale = [f for f in await visitor.drain() if f["type"] == "message"]
    stale_state = {m["seq"]: m for m in visitor.received if m["type"] == "message"}
    last_seq = max(stale_state)
    await visitor.close()

    for n in range(3):
        await agent.reply(conversation_id, f"reply {n}", f"m{n}")
    await agent.note(conversation_id, "internal only", "n")
    await agent.send_close(conversation_id)
    await agent.expect("status", status="closed")

    again = await open_visitor(server)
    welcome = await again.hello(token=token, after_seq=last_seq)
    assert welcome["resumed"] is True
    assert welcome["conversation"]["status"] == "closed"
    replay = welcome["messages"]
    assert [m["text"] for m in replay] == [
        "reply 0",
        "reply 1",
        "reply 2",
        "Alice closed the chat.",
    ]
    seqs = [m["seq"] for m in replay]
    assert seqs == sorted(set(seqs)) and min(seqs) > last_seq
    assert await again.drain() == []

    applied = dict(stale_state)
    applied.update({m["seq"]: m for m in replay})
    fresh = await open_visitor(server)
    full = (await fresh.hello(token=welcome["token"]))["messages"]
    assert [applied[seq]["text"] for seq in sorted(applied)] == [m["text"] for m in full]
    assert stale  # the stale client had seen its own messages before leaving


async def test_every_socket_of_a_visitor_receives_every_message(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    tab_one = await open_visitor(server)
    token = (await tab_one.hello())["token"]
    await tab_one.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    tab_two = await open_visitor(server)
    await tab_two.hello(token=token)
    ack = await tab_one.say("from tab one")
    assert (await tab_two.expect("message", seq=ack["seq"]))["text"] == "from tab one"
    await agent.send_line(conversation_id, "to both tabs", client_id="x")
    for tab in (tab_one, tab_two):
        assert (await tab.expect("message", text="to both tabs"))["from"] == "agent"


async def test_repeated_client_id_over_the_socket(start_server) -> None:
    """Sends are idempotent end to end."""
    server = start_server(CHAT_ROUTING="auto")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    first = await visitor.say("only once", client_id="dup")
    second = await visitor.say("only once", client_id="dup")
    assert first["seq"] == second["seq"]
    await visitor.send({"type": "message", "client_id": "dup", "text": "different"})
    refused = await visitor.expect("error", ref="dup")
    assert refused["code"] == "invalid"
    agent, snapshot, _ = await open_agent(server, "alice", available=False)
    assigned = await agent.accept(snapshot["queue"][0]["conversation_id"])
    assert [m["text"] for m in assigned["conversation"]["messages"]].count("only once") == 1
    await asyncio.sleep(0)
