"""Two Daphne processes sharing PostgreSQL and the Redis pub/sub layer."""

import asyncio

import pytest
import redis.asyncio as aioredis

from tests import backends
from tests.peers import open_agent, open_visitor

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

MARKERS = ("Yolanda Redisleak", "yolanda.leak@example.org", "12 Pubsub Close", "REDISLEAK-TEXT")


async def _capture(redis_url: str, into: list[bytes], ready: asyncio.Event) -> None:
    client = aioredis.from_url(redis_url)
    pubsub = client.pubsub()
    await pubsub.psubscribe("*")
    ready.set()
    try:
        async for message in pubsub.listen():
            if message["type"] == "pmessage":
                into.append(message["data"])
    finally:
        await pubsub.aclose()
        await client.aclose()


async def test_conversation_across_processes_survives_sigkill(start_server) -> None:
    first = start_server(postgres=True, redis=True, CHAT_ROUTING="auto")
    second = start_server(database_url=first.database_url, redis=True, CHAT_ROUTING="auto")
    payloads: list[bytes] = []
    ready = asyncio.Event()
    capture = asyncio.create_task(_capture(backends.redis_url(), payloads, ready))
    await ready.wait()

    agent, _, _ = await open_agent(second, "alice")
    visitor = await open_visitor(first)
    token = (await visitor.hello())["token"]
    await visitor.send(
        {
            "type": "start",
            "details": {"name": MARKERS[0], "email": MARKERS[1], "address": MARKERS[2]},
        }
    )
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    assert (await visitor.expect("status", status="active"))["agent"] == {"name": "Alice"}

    sent_by_visitor, sent_by_agent = [], []
    for n in range(5):
        ack = await visitor.say(f"{MARKERS[3]} visitor {n}", client_id=f"v{n}")
        sent_by_visitor.append(ack["seq"])
        assert (await agent.expect("message", seq=ack["seq"]))[
            "text"
        ] == f"{MARKERS[3]} visitor {n}"
        agent_ack = await agent.reply(conversation_id, f"{MARKERS[3]} agent {n}", f"a{n}")
        sent_by_agent.append(agent_ack["seq"])
        assert (await visitor.expect("message", seq=agent_ack["seq"]))["from"] == "agent"
    seen = {f["seq"] for f in visitor.received if f.get("type") == "message"}

    first.kill()
    for n in range(5, 8):
        await agent.send_line(conversation_id, f"while you were away {n}", client_id=f"a{n}")
        sent_by_agent.append((await agent.expect("ack", client_id=f"a{n}"))["seq"])

    again = await open_visitor(second)
    welcome = await again.hello(token=token, after_seq=max(seen))
    assert welcome["resumed"] is True and welcome["conversation"]["status"] == "active"
    replayed = [m["seq"] for m in welcome["messages"]]
    assert replayed == sent_by_agent[5:]
    ack = await again.say("back on the other process", client_id="v-back")
    assert (await agent.expect("message", seq=ack["seq"]))["text"] == "back on the other process"

    everything = seen | set(replayed) | {ack["seq"]}
    assert set(sent_by_visitor + sent_by_agent + [ack["seq"]]) <= everything
    all_frames = [f for f in visitor.received + again.received if f.get("type") == "message"]
    assert len({f["seq"] for f in all_frames}) == len(all_frames)  # no duplicates

    capture.cancel()
    await asyncio.gather(capture, return_exceptions=True)
    assert payloads, "the pub/sub layer carried the conversation's signals"
    blob = b"".join(payloads)
    for marker in MARKERS:
        assert marker.encode() not in blob
