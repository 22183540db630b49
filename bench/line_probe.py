"""Run by ``bench.linecost`` under pytest inside the tree measured (not a test of this tree).

Opens an agent and a visitor in-process, then counts the SQL statements executed and the
Python function calls made (every thread) while lines go each way; writes per-line figures
as JSON to ``$LINECOST_OUT``. Counts, unlike times, do not move with the machine's load.
"""

import asyncio
import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.db.backends import utils

from chatserver.asgi import application
from tests.peers import InProcessPeer, open_agent_in_process

pytestmark = pytest.mark.django_db(transaction=True)
HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]
# Under the rate limit per socket: the counts are what a line costs, not a refusal.
PAUSE = 0.25


class Counts:
    def __init__(self) -> None:
        self.statements = 0
        self.calls = 0

    def profile(self, frame: FrameType, event: str, arg: Any) -> None:
        if event == "call":
            self.calls += 1


@contextmanager
def counting_statements(counts: Counts) -> Iterator[None]:
    real_execute, real_many = utils.CursorWrapper.execute, utils.CursorWrapper.executemany

    def execute(self: Any, sql: str, params: Any = None) -> Any:
        counts.statements += 1
        return real_execute(self, sql, params)

    def executemany(self: Any, sql: str, param_list: Any) -> Any:
        counts.statements += 1
        return real_many(self, sql, param_list)

    utils.CursorWrapper.execute, utils.CursorWrapper.executemany = execute, executemany
    try:
        yield
    finally:
        utils.CursorWrapper.execute, utils.CursorWrapper.executemany = real_execute, real_many


async def set_profile(function: Any) -> None:
    """In this thread, new threads and the two executors database work runs in."""
    sys.setprofile(function)
    threading.setprofile(function)
    await sync_to_async(sys.setprofile)(function)
    await database_sync_to_async(sys.setprofile)(function)


async def measure(send_one: Any, lines: int) -> dict[str, float]:
    counts = Counts()
    with counting_statements(counts):
        for number in range(lines):
            await asyncio.sleep(PAUSE)
            await set_profile(counts.profile)
            await send_one(number)
            await set_profile(None)
    return {"statements": counts.statements / lines, "calls": counts.calls / lines}


async def test_line_cost(settings: Any) -> None:
    settings.CHAT_ROUTING = "auto"
    lines = int(os.environ.get("LINECOST_LINES", "20"))
    _agent, agent = await open_agent_in_process("linecost-agent")
    # As a frame, not Peer.set_presence, which older trees' helpers do not have.
    await agent.send({"type": "presence", "status": "available"})
    await agent.expect("presence", status="available")
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    await visitor.hello()
    conversation_id = (await visitor.start())["conversation_id"]

    async def visitor_line(number: int) -> None:
        await visitor.say(f"visitor line {number}", f"v{number}")
        await agent.expect("message", client_id=f"v{number}")

    async def agent_line(number: int) -> None:
        frame = {"type": "message", "conversation_id": conversation_id, "text": f"reply {number}"}
        await agent.send({**frame, "client_id": f"a{number}"})
        await agent.expect("ack", client_id=f"a{number}")
        await visitor.expect("message")

    await visitor_line(-1)  # the first line of each side warms caches; not counted
    await agent_line(-1)
    figures = {
        "visitor": await measure(visitor_line, lines),
        "agent": await measure(agent_line, lines),
    }
    await visitor.close()
    await agent.close()
    with open(os.environ["LINECOST_OUT"], "w") as out:
        json.dump(figures, out)
