"""Arbitrary frames never crash the server, which keeps serving normal chats."""

import asyncio
import json

import pytest
import websockets
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.peers import open_agent, open_visitor

pytestmark = pytest.mark.e2e

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
frame_types = st.sampled_from(
    ["hello", "start", "message", "typing", "details", "end", "ping", "accept", "x", ""]
)
protocolish = st.fixed_dictionaries(
    {"type": frame_types},
    optional={
        "token": json_values,
        "after_seq": json_values,
        "details": json_values,
        "client_id": json_values,
        "text": json_values,
        "active": json_values,
        "conversation_id": json_values,
    },
)
frames = (
    protocolish.map(json.dumps)
    | json_values.map(json.dumps)
    | st.text(max_size=200)
    | st.binary(max_size=200)
)


async def _answer_or_close(server, first_hello: bool, payloads: list) -> None:
    visitor = await open_visitor(server)
    if first_hello:
        await visitor.hello()
    for payload in payloads:
        try:
            await visitor.ws.send(payload)
            reply = await asyncio.wait_for(visitor.ws.recv(), 5)
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd is not None and closed.rcvd.code in {1000, 4400, 4429}
            return
        assert isinstance(json.loads(reply), dict)
    await visitor.close()


@pytest.fixture(scope="module")
def fuzz_server(sqlite_template, tmp_path_factory):
    from tests.servers import ChatServer, base_env

    server = ChatServer(
        base_env(
            sqlite_template.clone(),
            CHAT_CONNECTS_PER_MINUTE_PER_IP="100000",
            CHAT_MAX_SOCKETS_PER_IP="1000",
            CHAT_CONVERSATIONS_PER_IP_PER_HOUR="100000",
            CHAT_QUEUED_CONVERSATIONS_PER_IP="100000",
            CHAT_RATE_BURST="1000",
            CHAT_MESSAGES_PER_MINUTE="100000",
            CHAT_ROUTING="manual",
        ),
        tmp_path_factory.mktemp("fuzz") / "server.log",
    ).start()
    yield server
    server.stop()


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(first_hello=st.booleans(), payloads=st.lists(frames, min_size=1, max_size=4))
def test_arbitrary_frames_get_a_frame_or_a_close(fuzz_server, first_hello, payloads) -> None:
    # Replies that are not the direct answer (status, acks) may interleave; every
    # frame we send must still be answered by some frame or a close.
    asyncio.run(_answer_or_close(fuzz_server, first_hello, payloads))


async def test_server_still_serves_a_normal_conversation_after_fuzzing(fuzz_server) -> None:
    agent, _, _ = await open_agent(fuzz_server, "alice")
    visitor = await open_visitor(fuzz_server)
    await visitor.hello()
    conversation_id = (await visitor.start())["conversation_id"]
    await agent.accept(conversation_id)
    ack = await visitor.say("after the storm")
    assert (await agent.expect("message", seq=ack["seq"]))["text"] == "after the storm"
    assert "Traceback" not in fuzz_server.log_text()
