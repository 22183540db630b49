"""Consumer-level tests with Channels' communicator: races and a lossy layer."""

import asyncio
from contextlib import asynccontextmanager

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.contrib.auth.models import Group, User

from chatserver.asgi import application
from chatserver.chat import broadcast, redis_layer_internals
from chatserver.chat.actions import messages, presence
from chatserver.chat.models import LiveConversation
from tests.peers import InProcessPeer, open_agent_in_process
from transcripts.record.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]


@asynccontextmanager
async def visitor_socket():
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    try:
        yield visitor
    finally:
        await visitor.close()


def replace_layer_sends(monkeypatch: pytest.MonkeyPatch, fake) -> None:
    """Sends every signal to ``fake``: ``group_send`` and the pipelined Redis publishes."""
    monkeypatch.setattr(get_channel_layer(), "group_send", fake)

    async def pipelined(layer, sends) -> None:
        for group, event in sends:
            await fake(group, event)

    monkeypatch.setattr(redis_layer_internals, "publish_to_groups", pipelined)


@database_sync_to_async
def _agent_reply(conversation_id, text: str) -> int:
    agent = User.objects.get_or_create(username="race-agent")[0]
    agent.groups.add(Group.objects.get_or_create(name="agents")[0])
    conversation = Conversation.objects.get(pk=conversation_id)
    LiveConversation.objects.filter(pk=conversation_id).update(
        assigned_agent=agent, status="active"
    )
    conversation.refresh_from_db()
    return messages.do_send_message(
        conversation, sender=Message.Sender.AGENT, text=text, client_id=None, author=agent
    ).message.seq


async def _started_conversation() -> tuple[str, str, int]:
    async with visitor_socket() as visitor:
        token = (await visitor.hello())["token"]
        conversation_id = (await visitor.start())["conversation_id"]
        seq = (await visitor.say("hello", "v1"))["seq"]
    return token, conversation_id, seq


@pytest.mark.parametrize("commit_when", ["before_subscription", "after_subscription"])
async def test_message_committed_while_subscribing_arrives_exactly_once(
    monkeypatch: pytest.MonkeyPatch, commit_when: str
) -> None:
    """Subscribing cannot race the replay: subscribe, then replay, de-duplicate by seq."""
    token, conversation_id, last_seq = await _started_conversation()
    real_join = broadcast.join

    async def join_with_a_commit_in_the_gap(group: str, channel_name: str) -> None:
        if commit_when == "before_subscription":
            await _agent_reply(conversation_id, "raced reply")  # its signal misses this socket
            await real_join(group, channel_name)
        else:
            await real_join(group, channel_name)
            await _agent_reply(conversation_id, "raced reply")  # signal and replay both see it

    monkeypatch.setattr(broadcast, "join", join_with_a_commit_in_the_gap)
    async with visitor_socket() as visitor:
        welcome = await visitor.hello(token, after_seq=last_seq)
        later = await visitor.drain(0.5)
    delivered = [m for m in welcome["messages"] + later if m.get("type") == "message"]
    assert [m["text"] for m in delivered] == ["raced reply"]


async def test_dropped_layer_signals_are_recovered_from_the_database(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lossy channel layer loses nothing: the layer drops; the database still delivers."""
    token, conversation_id, last_seq = await _started_conversation()
    async with visitor_socket() as visitor:
        await visitor.hello(token, after_seq=last_seq)

        async def dropping_group_send(group: str, message: dict) -> None:
            return None

        with monkeypatch.context() as dropping:
            replace_layer_sends(dropping, dropping_group_send)
            dropped_seq = await _agent_reply(conversation_id, "dropped by the layer")
            assert await visitor.drain(0.3) == []
            assert await Message.objects.filter(seq=dropped_seq).aexists()

        await _agent_reply(conversation_id, "delivered normally")
        frames = [f for f in await visitor.drain(0.5) if f["type"] == "message"]
    assert [f["text"] for f in frames] == ["dropped by the layer", "delivered normally"]
    assert [f["seq"] for f in frames] == [dropped_seq, dropped_seq + 1]

    async with visitor_socket() as again:
        replay = (await again.hello(token, after_seq=last_seq))["messages"]
    assert [m["text"] for m in replay] == ["dropped by the layer", "delivered normally"]


async def test_unreachable_layer_still_stores_and_acks(monkeypatch: pytest.MonkeyPatch) -> None:
    token, conversation_id, last_seq = await _started_conversation()

    async def unavailable(group: str, message: dict) -> None:
        raise ConnectionError("layer down")

    async with visitor_socket() as visitor:
        await visitor.hello(token, after_seq=last_seq)
        replace_layer_sends(monkeypatch, unavailable)
        ack = await visitor.say("kept", "v2")
    assert ack["seq"] == last_seq + 1
    assert await Message.objects.filter(conversation_id=conversation_id, seq=ack["seq"]).aexists()


async def test_visitor_payload_has_exactly_the_contract_keys() -> None:
    token, conversation_id, _ = await _started_conversation()
    await _agent_reply(conversation_id, "hi")
    async with visitor_socket() as visitor:
        welcome = await visitor.hello(token, after_seq=0)
    assert set(welcome) == {
        "type",
        "token",
        "resumed",
        "conversation",
        "messages",
        "limits",
        "hours",
        "answering",
        "topics",
    }
    own, reply = welcome["messages"]
    assert set(own) == {"type", "seq", "from", "text", "at", "client_id"}
    assert set(reply) == {"type", "seq", "from", "text", "at"}


async def test_agent_recovers_a_dropped_assignment_signal(monkeypatch, settings) -> None:
    """Assignments have no seq: a dropped signal is caught up by the periodic re-check."""
    settings.CHAT_AGENT_RECHECK_SECONDS = 1
    agent, socket = await open_agent_in_process("recovering-agent")

    async def dropping_group_send(group: str, message: dict) -> None:
        return None

    replace_layer_sends(monkeypatch, dropping_group_send)

    @database_sync_to_async
    def assign_behind_its_back() -> str:
        conversation = store_conversation()
        presence.do_set_presence(agent, "available")  # auto routing assigns it now
        assert LiveConversation.objects.get(pk=conversation.pk).assigned_agent_id == agent.pk
        return str(conversation.pk)

    conversation_id = await assign_behind_its_back()
    frame = await socket.expect("assigned")
    assert frame["conversation"]["conversation_id"] == conversation_id
    await socket.close()


def store_conversation():
    from transcripts.record import store

    conversation = store.create_conversation()
    LiveConversation.objects.filter(pk=conversation.pk).update(status="waiting")
    return conversation


async def _visitor_in_conversation(visitor) -> str:
    await visitor.hello()
    return (await visitor.start())["conversation_id"]


async def test_a_socket_sends_its_next_lines_while_earlier_ones_are_stored(batch_sizes) -> None:
    """Lines of one socket share batches, keep their order, and each gets its own answer;
    a frame of another kind is answered only after the lines sent before it."""
    async with visitor_socket() as visitor:
        conversation_id = await _visitor_in_conversation(visitor)
        for n in range(1, 7):
            await visitor.send({"type": "message", "client_id": f"v{n}", "text": f"{n}"})
        await visitor.send({"type": "message", "client_id": "v2", "text": "changed"})
        await visitor.send({"type": "ping"})
        answers = []
        while not answers or answers[-1]["type"] != "pong":
            answers.append(await visitor.expect_any({"ack", "error", "pong"}))
    assert [(frame["type"], frame.get("client_id") or frame.get("ref")) for frame in answers] == [
        *(("ack", f"v{n}") for n in range(1, 7)),
        ("error", "v2"),
        ("pong", None),
    ]
    assert [frame["seq"] for frame in answers[:6]] == list(range(1, 7))
    assert max(batch_sizes) > 1
    stored = Message.objects.filter(conversation_id=conversation_id).order_by("seq")
    assert [message.client_id async for message in stored] == [f"v{n}" for n in range(1, 7)]


async def test_lines_in_flight_are_stored_when_their_socket_drops() -> None:
    async with visitor_socket() as visitor:
        conversation_id = await _visitor_in_conversation(visitor)
        for n in range(1, 6):
            await visitor.send({"type": "message", "client_id": f"d{n}", "text": "x"})
    stored = Message.objects.filter(conversation_id=conversation_id)
    for _ in range(50):
        if await stored.acount() == 5:
            break
        await asyncio.sleep(0.1)
    assert [message.client_id async for message in stored.order_by("seq")] == [
        f"d{n}" for n in range(1, 6)
    ]


async def test_the_welcome_says_whether_an_adviser_would_answer_now(settings) -> None:
    """Before starting, the visitor learns whether someone would answer (docs/protocol.md:
    ``answering``), so the widget offers to leave a message instead of a chat."""
    settings.CHAT_OPENING_HOURS = None
    async with visitor_socket() as visitor:
        assert (await visitor.hello())["answering"] is False  # no adviser online
    _agent, agent = await open_agent_in_process("alice")
    try:
        await agent.set_presence("available")
        async with visitor_socket() as visitor:
            assert (await visitor.hello())["answering"] is True
        settings.CHAT_OPENING_HOURS = ""  # never open
        async with visitor_socket() as visitor:
            assert (await visitor.hello())["answering"] is False
    finally:
        await agent.close()
