"""The group commit of chat lines: batching, per-line results, failures."""

import asyncio
import threading

import pytest
from channels.db import database_sync_to_async
from django.db import DatabaseError, OperationalError, connection

from chatserver.chat import broadcast, writer
from chatserver.chat.actions import messages
from chatserver.chat.models import LiveConversation
from transcripts.record import store
from transcripts.record.models import Conversation, Message

pytestmark = pytest.mark.django_db(transaction=True)


@database_sync_to_async
def _conversations(count: int) -> list[Conversation]:
    started = [store.create_conversation() for _ in range(count)]
    LiveConversation.objects.filter(pk__in=[c.pk for c in started]).update(status="waiting")
    return started


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
    await LiveConversation.objects.filter(pk=closed.pk).aupdate(status="closed")
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


def _poison_trigger(client_id: str) -> tuple[list[str], list[str]]:
    """SQL that makes the database refuse to insert the line with ``client_id`` (as a
    value it cannot take would), and SQL that drops it again."""
    if connection.vendor == "sqlite":
        return (
            [
                "CREATE TRIGGER poison_line BEFORE INSERT ON transcripts_message "
                f"WHEN NEW.client_id = '{client_id}' "
                "BEGIN SELECT RAISE(ABORT, 'poison line'); END"
            ],
            ["DROP TRIGGER poison_line"],
        )
    return (
        [
            "CREATE FUNCTION poison_line() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.client_id = '{client_id}' THEN RAISE EXCEPTION 'poison line'; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER poison_line BEFORE INSERT ON transcripts_message "
            "FOR EACH ROW EXECUTE FUNCTION poison_line()",
        ],
        ["DROP TRIGGER poison_line ON transcripts_message", "DROP FUNCTION poison_line()"],
    )


@database_sync_to_async
def _run_sql(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@database_sync_to_async
def _stored_client_ids() -> list[str]:
    return list(Message.objects.exclude(client_id=None).values_list("client_id", flat=True))


async def _batch_with_poison(poison: store.NewMessage, conversations) -> tuple[list, list]:
    """Good lines of several conversations around ``poison``, submitted as one batch."""
    good = [
        store.NewMessage(conversation.pk, Message.Sender.VISITOR, f"line {n}", f"ok-{index}-{n}")
        for index, conversation in enumerate(conversations)
        for n in range(3)
    ]
    lines = [*good[:4], poison, *good[4:]]
    results = await asyncio.gather(
        *(writer.submit_line(line) for line in lines), return_exceptions=True
    )
    return lines, results


@pytest.mark.parametrize("poison_id", ["sur\udc00", "nul\x00"])
async def test_a_line_the_database_cannot_take_fails_alone(poison_id, batch_sizes) -> None:
    """F-07: a ``client_id`` with a lone surrogate (or NUL, which PostgreSQL refuses)
    used to fail its whole batch: every other sender's line was refused."""
    conversations = await _conversations(3)
    poison = store.NewMessage(conversations[0].pk, Message.Sender.VISITOR, "poison", poison_id)
    lines, results = await _batch_with_poison(poison, conversations)
    assert batch_sizes[0] == len(lines)  # they did share one batch
    good = [(line, result) for line, result in zip(lines, results, strict=True) if line != poison]
    assert all(isinstance(result, store.AppendResult) for _, result in good), results
    assert [result.message.client_id for _, result in good] == [line.client_id for line, _ in good]
    expected = [line.client_id for line, _ in good]
    if isinstance(results[4], store.AppendResult):  # SQLite takes a NUL: stored, once
        assert poison_id == "nul\x00"
        expected.append(poison_id)
    else:
        assert isinstance(results[4], Exception)
    assert sorted(await _stored_client_ids()) == sorted(expected)  # each once


async def test_a_line_refused_by_the_database_fails_alone_and_nothing_is_stored_twice(
    batch_sizes,
) -> None:
    conversations = await _conversations(3)
    create, drop = _poison_trigger("poison")
    await _run_sql(create)
    try:
        poison = store.NewMessage(conversations[1].pk, Message.Sender.VISITOR, "bad", "poison")
        lines, results = await _batch_with_poison(poison, conversations)
    finally:
        await _run_sql(drop)
    assert batch_sizes[0] == len(lines)
    assert isinstance(results[4], DatabaseError)
    good = [result for line, result in zip(lines, results, strict=True) if line != poison]
    assert all(isinstance(result, store.AppendResult) and result.created for result in good)
    stored = await _stored_client_ids()
    assert len(stored) == len(set(stored)) == len(good)
    seqs = {}
    for result in good:
        seqs.setdefault(result.message.conversation_id, []).append(result.message.seq)
    assert all(seq == list(range(1, len(seq) + 1)) for seq in seqs.values()), seqs


async def test_a_lost_connection_fails_the_batch_without_retrying_each_line(
    monkeypatch, batch_sizes
) -> None:
    """A failure of the database itself is not bisected: every sender hears of it at once."""
    (conversation,) = await _conversations(1)

    def unreachable(lines):
        batch_sizes.append(len(lines))
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(messages, "do_send_messages", unreachable)
    results = await asyncio.gather(
        *(
            writer.submit_line(store.NewMessage(conversation.pk, Message.Sender.VISITOR, "x", c))
            for c in ("a", "b", "c", "d")
        ),
        return_exceptions=True,
    )
    assert all(isinstance(result, OperationalError) for result in results)
    assert batch_sizes == [4]


class RecordingPublisher:
    """Stands for the Redis layer's blocking publisher: records what it was given, on
    which thread, and whether the sender had heard of its line by then."""

    def __init__(self, answered: "asyncio.Future[store.AppendResult] | None" = None) -> None:
        self.calls: list[tuple[int, list[tuple[str, int]], bool]] = []
        self.answered = answered

    def publish(self, sends) -> None:
        told = [(group, event["seq"]) for group, event in sends]
        self.calls.append(
            (threading.get_ident(), told, bool(self.answered and self.answered.done()))
        )


async def test_lines_are_announced_by_the_thread_that_committed_them(monkeypatch) -> None:
    """On the Redis layer a batch is announced on its own thread right after its commit,
    before the event loop hears of it: from the loop, the signals waited behind every
    ready task while the other process announced the conversation's next lines first."""
    (conversation,) = await _conversations(1)
    line_writer = writer.writer()
    publisher = RecordingPublisher()
    monkeypatch.setattr(line_writer, "publisher", publisher)

    async def from_the_loop(results) -> None:
        raise AssertionError("announced from the event loop")

    monkeypatch.setattr(messages, "announce_messages", from_the_loop)
    line = store.NewMessage(conversation.pk, Message.Sender.VISITOR, "hello", "c1")
    answer = line_writer.submit(line)
    publisher.answered = answer
    result = await answer
    [(thread, told, answered_first)] = publisher.calls
    assert thread != threading.get_ident()
    assert told == [(broadcast.visitor_group(conversation.pk), result.message.seq)]
    assert not answered_first


async def test_without_a_blocking_publisher_lines_are_announced_from_the_loop(
    monkeypatch,
) -> None:
    (conversation,) = await _conversations(1)
    line_writer = writer.writer()
    monkeypatch.setattr(line_writer, "publisher", None)
    announced: list[int] = []

    async def from_the_loop(results) -> None:
        announced.extend(result.message.seq for result in results)

    monkeypatch.setattr(messages, "announce_messages", from_the_loop)
    result = await writer.submit_line(
        store.NewMessage(conversation.pk, Message.Sender.VISITOR, "hello", "c1")
    )
    await asyncio.sleep(0)
    assert announced == [result.message.seq]
