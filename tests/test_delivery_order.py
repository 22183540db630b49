"""One in-order delivery algorithm for every chat socket (``ChatConsumer.chat_message``):
a line at or before the cursor is dropped, the next one is opened from its event, and a
gap or an unopenable line is filled from the database."""

import datetime
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import pytest

from chatserver.chat import protocol
from chatserver.chat.consumers import base
from chatserver.chat.consumers.agent import AgentConsumer
from chatserver.chat.consumers.base import ChatConsumer
from chatserver.chat.consumers.visitor import VisitorConsumer
from transcripts.record import store

CONVERSATION = str(uuid.uuid4())
OTHER = str(uuid.uuid4())


def _event(seq: int, conversation_id: str = CONVERSATION) -> protocol.MessageEvent:
    return {
        "type": "chat.message",
        "conversation_id": conversation_id,
        "seq": seq,
        "sender": "agent",
        "at": "2026-01-01T00:00:00Z",
        "client_id": None,
        "envelope": f"text {seq}".encode(),
    }


def _stored(seq: int) -> store.StoredMessage:
    return store.StoredMessage(
        conversation_id=uuid.UUID(CONVERSATION),
        seq=seq,
        sender="agent",
        text=f"stored {seq}",
        at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
        client_id=None,
        state="original",
        attachment=None,
        author_id=None,
    )


class RecordingConsumer(ChatConsumer):
    """Shows one conversation; the database holds lines 1 to 5."""

    def __init__(self) -> None:
        self.delivered = {}
        self.sent: list[Mapping[str, Any]] = []

    def delivers(self, conversation_id: str) -> bool:
        return conversation_id == CONVERSATION

    async def line_frame(self, event: protocol.MessageEvent, text: str) -> Mapping[str, Any]:
        return {"seq": event["seq"], "text": text}

    def stored_line_frame(self, message: store.StoredMessage) -> Mapping[str, Any]:
        return {"seq": message.seq, "text": message.text}

    def missing_lines(self, conversation_id: str, after_seq: int) -> list[store.StoredMessage]:
        return [_stored(seq) for seq in range(after_seq + 1, 6)]

    async def send_frame(self, frame: Mapping[str, Any]) -> None:
        self.sent.append(frame)


@pytest.fixture(autouse=True)
def _plain_envelopes_and_no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """Envelopes are plain text; the missing lines come straight from ``missing_lines``
    (no database thread, so no connection to check)."""

    async def opened(event: protocol.MessageEvent) -> str | None:
        return None if event["envelope"] == b"unopenable" else event["envelope"].decode()

    def called_here(function: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
        async def call(*args: Any) -> Any:
            return function(*args)

        return call

    monkeypatch.setattr(base, "open_event", opened)
    monkeypatch.setattr(base, "database_sync_to_async", called_here)


async def test_the_next_line_is_sent_from_its_event_and_a_repeat_is_dropped() -> None:
    socket = RecordingConsumer()
    await socket.chat_message(_event(1))
    await socket.chat_message(_event(2))
    await socket.chat_message(_event(2))
    await socket.chat_message(_event(1))
    assert socket.sent == [{"seq": 1, "text": "text 1"}, {"seq": 2, "text": "text 2"}]
    assert socket.delivered == {CONVERSATION: 2}


async def test_a_gap_is_filled_from_the_database_and_the_lines_it_covered_are_dropped() -> None:
    socket = RecordingConsumer()
    await socket.chat_message(_event(1))
    await socket.chat_message(_event(4))
    await socket.chat_message(_event(3))
    await socket.chat_message(_event(5))
    assert [frame["seq"] for frame in socket.sent] == [1, 2, 3, 4, 5]
    assert socket.sent[1]["text"] == "stored 2"


async def test_a_line_that_cannot_be_opened_is_read_from_the_database() -> None:
    socket = RecordingConsumer()
    await socket.chat_message({**_event(1), "envelope": b"unopenable"})
    assert [frame["text"] for frame in socket.sent] == [f"stored {seq}" for seq in range(1, 6)]


async def test_lines_of_a_conversation_the_socket_does_not_show_are_ignored() -> None:
    socket = RecordingConsumer()
    await socket.chat_message(_event(1, OTHER))
    assert socket.sent == []
    assert socket.delivered == {}


def test_visitor_and_agent_sockets_share_the_one_algorithm() -> None:
    for consumer in (VisitorConsumer, AgentConsumer):
        assert "chat_message" not in vars(consumer)
        assert consumer.chat_message is ChatConsumer.chat_message
