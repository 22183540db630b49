"""Over real sockets: the visitor's presence reaching their agent (across two processes
sharing PostgreSQL and Redis), and a chat the visitor left staying with the agent."""

import pytest

from tests.peers import open_agent, open_visitor

pytestmark = pytest.mark.e2e

QUICK_EXIT_LINE = "The visitor left using quick exit."


def conversations_of(snapshot: dict) -> dict[str, dict]:
    return {c["conversation_id"]: c for c in snapshot["conversations"]}


@pytest.mark.postgres
@pytest.mark.redis
async def test_the_visitors_presence_reaches_the_agent_in_another_process(start_server) -> None:
    env = {"CHAT_ROUTING": "auto", "CHAT_VISITOR_GONE_SECONDS": "1"}
    first = start_server(postgres=True, redis=True, **env)
    second = start_server(database_url=first.database_url, redis=True, **env)
    agent, _, _ = await open_agent(second, "alice")
    visitor = await open_visitor(first)
    token = (await visitor.hello())["token"]
    await visitor.start()
    assigned = (await agent.expect("assigned"))["conversation"]
    conversation_id = assigned["conversation_id"]
    assert assigned["visitor_presence"] == "connected"

    await visitor.send({"type": "visibility", "hidden": True})
    await agent.expect("visitor_presence", conversation_id=conversation_id, presence="away")
    # A console reloaded (a new socket, here in the other process) is told at once.
    reloaded, snapshot, _ = await open_agent(first, "alice")
    assert conversations_of(snapshot)[conversation_id]["visitor_presence"] == "away"
    await reloaded.close()

    await visitor.send({"type": "visibility", "hidden": False})
    await agent.expect("visitor_presence", conversation_id=conversation_id, presence="connected")
    await visitor.close()
    await agent.expect("visitor_presence", conversation_id=conversation_id, presence="gone")

    # A widget that never reports its visibility (an older one) is connected while open.
    back = await open_visitor(second)
    await back.hello(token=token)
    await agent.expect("visitor_presence", conversation_id=conversation_id, presence="connected")

    # A flapping tab is refused past its allowance; the agent hears no more than that.
    for n in range(16):
        await back.send({"type": "visibility", "hidden": n % 2 == 0})
    refusal = await back.expect("error", code="rate_limited")
    assert refusal["retry_after"] > 0
    heard = [f for f in await agent.drain(1.5) if f.get("type") == "visitor_presence"]
    assert 0 < len(heard) <= 12


async def test_a_quick_exit_leaves_the_agent_a_notice_until_they_dismiss_it(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]

    await visitor.send({"type": "exit"})
    closed = await agent.expect("status", conversation_id=conversation_id, status="closed")
    assert closed["ended_by"] == "quick_exit"
    await agent.expect("message", conversation_id=conversation_id, text=QUICK_EXIT_LINE)

    # Still there after the console reloads, until the agent dismisses it.
    reloaded, snapshot, _ = await open_agent(server, "alice")
    kept = conversations_of(snapshot)[conversation_id]
    assert (kept["status"], kept["ended_by"], kept["visitor_presence"]) == (
        "closed",
        "quick_exit",
        "gone",
    )
    assert any(line["text"] == QUICK_EXIT_LINE for line in kept["messages"])
    await reloaded.send({"type": "dismiss", "conversation_id": conversation_id})
    await reloaded.expect("dismissed", conversation_id=conversation_id)
    await agent.expect("dismissed", conversation_id=conversation_id)
    await reloaded.send({"type": "dismiss", "conversation_id": conversation_id})
    assert (await reloaded.expect("error"))["code"] == "invalid"

    _, later, _ = await open_agent(server, "alice")
    assert conversation_id not in conversations_of(later)


async def test_a_chat_the_agent_closes_still_leaves_at_once(start_server) -> None:
    server = start_server(CHAT_ROUTING="auto")
    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await agent.send_close(conversation_id)
    closed = await agent.expect("status", conversation_id=conversation_id, status="closed")
    assert closed["ended_by"] == "agent"
    _, snapshot, _ = await open_agent(server, "alice")
    assert conversation_id not in conversations_of(snapshot)
