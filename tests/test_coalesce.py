"""Coalesced updates: at once when quiet, one trailing run for a burst."""

import asyncio

import pytest
from asgiref.sync import sync_to_async

from chatserver.chat.coalesce import Coalesced

# The later run goes through the database thread, which checks its connection first.
pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_burst_runs_once_at_once_and_once_more_at_the_end() -> None:
    runs: list[int] = []
    state = {"value": 0}
    update = Coalesced(lambda: runs.append(state["value"]), interval=0.2)

    for value in range(1, 6):
        state["value"] = value
        await sync_to_async(update)()
    assert runs == [1]  # the first at once; the other four wait for the trailing run
    await asyncio.sleep(0.3)
    assert runs == [1, 5]  # the trailing run reads the state of then

    await asyncio.sleep(0.25)
    state["value"] = 6
    await sync_to_async(update)()
    assert runs == [1, 5, 6]  # quiet for an interval: at once again


async def test_a_failing_trailing_run_does_not_stop_later_updates() -> None:
    calls: list[str] = []

    def flaky() -> None:
        calls.append("run")
        if len(calls) == 2:
            raise ConnectionError("layer down")

    update = Coalesced(flaky, interval=0.1)
    await sync_to_async(update)()
    await sync_to_async(update)()
    # The trailing run goes through the database thread: wait for it rather than for a
    # fixed time, which a busy machine can overrun.
    async with asyncio.timeout(10):
        while len(calls) < 2:
            await asyncio.sleep(0.02)
    assert calls == ["run", "run"]
    await asyncio.sleep(0.15)  # a quiet interval, so the next update runs at once
    await sync_to_async(update)()
    assert calls == ["run", "run", "run"]
