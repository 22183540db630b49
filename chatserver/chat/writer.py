"""Group commit of chat lines: every socket of a process shares one writer.

A line waits for the batch being written, if there is one, and goes into the
next: under load, many lines share one trip to the database thread, one
transaction and one commit, and none waits for a timer when the server is
quiet. Each sender gets its own result (or refusal) once the batch is
committed. On the Redis pub/sub layer the stored lines are announced from the
batch's thread right after its commit, else from the event loop. A line the
database refuses fails alone: see ``_store_isolating``.
"""

import asyncio
import logging
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from channels.db import DatabaseSyncToAsync
from django.db import InterfaceError, OperationalError, connection, connections

from chatserver.chat import broadcast
from chatserver.chat.actions import messages
from transcripts.record import store

logger = logging.getLogger(__name__)

MAX_BATCH = 500
# Failures of the database rather than of a line: a batch that meets one is not split.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)

_writers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LineWriter]" = (
    weakref.WeakKeyDictionary()
)
_write_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chat-writer")


def _on_database_thread(function: Any) -> Any:
    """Batches run on a thread of their own on PostgreSQL, else on Channels' database thread.

    On PostgreSQL a batch's commit then waits for the disk without holding up
    the reads of other sockets. SQLite has one writer: there, another thread
    would only contend for its lock.
    """
    if connection.features.has_select_for_update:
        return DatabaseSyncToAsync(function, thread_sensitive=False, executor=_write_thread)
    return DatabaseSyncToAsync(function)


def close_connections() -> None:
    """Closes the writer thread's database connections (the test database's teardown)."""
    _write_thread.submit(connections.close_all).result()


class LineWriter:
    """The pending lines of one event loop and the task that writes them in batches."""

    def __init__(self) -> None:
        self.pending: list[tuple[store.NewMessage, asyncio.Future[Any]]] = []
        self.wakeup = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.publisher = broadcast.message_publisher()

    def submit(self, line: store.NewMessage) -> "asyncio.Future[store.AppendResult]":
        """Queues ``line`` for the next batch at once, so lines are stored in the order
        they were submitted; the future holds its result or the reason it was refused.
        Cancelling the future does not withdraw the line."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self.pending.append((line, future))
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run())
        self.wakeup.set()
        return future

    async def _run(self) -> None:
        while True:
            await self.wakeup.wait()
            self.wakeup.clear()
            while self.pending:
                batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
                await self._write_batch(batch)

    async def _write_batch(self, batch: list[tuple[store.NewMessage, asyncio.Future[Any]]]) -> None:
        results = await _store_isolating([line for line, _future in batch], self.publisher)
        for (_line, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
        if self.publisher is None:
            await messages.announce_messages(results)


def _store_and_announce(
    lines: list[store.NewMessage], publisher: broadcast.Publisher
) -> list[store.AppendResult | Exception]:
    """Stores ``lines`` and announces them on the same thread, right after the commit."""
    results = messages.do_send_messages(lines)
    messages.announce_messages_now(results, publisher)
    return results


async def _store_isolating(
    lines: list[store.NewMessage],
    publisher: broadcast.Publisher | None = None,
) -> list[store.AppendResult | Exception]:
    """Stores ``lines`` in one transaction; when it fails, in halves, so that a line
    the database cannot take fails alone and no other sender's line fails with it.

    A failed transaction stored nothing, so a retried line is stored once. A
    failure of the database itself (unreachable, locked, a serialisation
    conflict) is no line's fault: every sender hears of it at once, to retry.
    """
    try:
        if publisher is None:
            stored = await _on_database_thread(messages.do_send_messages)(lines)
        else:
            stored = await _on_database_thread(_store_and_announce)(lines, publisher)
        results: list[store.AppendResult | Exception] = stored
        return results
    except Exception as error:  # noqa: BLE001  (each sender hears of it; nothing was stored)
        logger.warning("Storing %s lines failed: %s", len(lines), type(error).__name__)
        if len(lines) == 1 or isinstance(error, DATABASE_UNAVAILABLE):
            return [error] * len(lines)
    middle = len(lines) // 2
    return [
        *await _store_isolating(lines[:middle], publisher),
        *await _store_isolating(lines[middle:], publisher),
    ]


def writer() -> LineWriter:
    """This event loop's writer."""
    loop = asyncio.get_running_loop()
    if loop not in _writers:
        _writers[loop] = LineWriter()
    return _writers[loop]


def submit_line(line: store.NewMessage) -> "asyncio.Future[store.AppendResult]":
    return writer().submit(line)
