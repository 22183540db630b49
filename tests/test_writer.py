"""The group commit of chat lines: batching, per-line results, failures."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import DatabaseError

from chatserver.chat import writer
from chatserver.chat.actions import messages
from transcripts import store
from transcripts.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _conversations(count: int) -> list[Conversation]:
    return [store.create_conversation(status=Conversation.Status.WAITING) for _ in range(count)]


async def test_concurrent_lines_share_batches_and_each_gets_its_own_result(batch_sizes) -> None:
    conversations = await _conversations(5)
    lines = [
        store.NewMessage(conversation.pk, Message.Sender.VISITOR, f"line {n}", f"c{n}")
        for conversation in conversations
        for n in range(4)
    ]
    results = await asyncio.gather(*(writer.submit_line(line) for line in lines))
    assert [result.message.text for result in results] == [line.text for line in lines]
    assert [result.message.seq for result in results] == [1, 2, 3, 4] * 5
    assert sum(batch_sizes) == len(lines)
    assert len(batch_sizes) < len(lines)  # lines that arrived while a batch was written shared one


async def test_a_refused_line_does_not_fail_its_batch(monkeypatch) -> None:
    conversation, closed = await _conversations(2)
    await Conversation.objects.filter(pk=closed.pk).aupdate(status=Conversation.Status.CLOSED)
    results = await asyncio.gather(
        writer.submit_line(store.NewMessage(conversation.pk, Message.Sender.VISITOR, "kept", "a")),
        writer.submit_line(store.NewMessage(closed.pk, Message.Sender.VISITOR, "refused", "b")),
        return_exceptions=True,
    )
    assert results[0].message.seq == 1
    assert isinstance(results[1], messages.ConversationClosed)


async def test_a_database_error_reaches_every_sender_of_the_batch(monkeypatch) -> None:
    (conversation,) = await _conversations(1)

    def failing(lines):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(messages, "do_send_messages", failing)
    results = await asyncio.gather(
        *(
            writer.submit_line(store.NewMessage(conversation.pk, Message.Sender.VISITOR, "x", c))
            for c in ("a", "b", "c")
        ),
        return_exceptions=True,
    )
    assert all(isinstance(result, DatabaseError) for result in results)
    monkeypatch.undo()
    retried = await writer.submit_line(
        store.NewMessage(conversation.pk, Message.Sender.VISITOR, "x", "a")
    )
    assert retried.created and retried.message.seq == 1
