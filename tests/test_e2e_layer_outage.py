"""The channel layer goes down under live conversations and nothing is lost.

Two Daphne processes on PostgreSQL, agents on one and visitors on both, lines sent
both ways all through: then the primary Redis is killed and Sentinel promotes its
replica; or a lone Redis restarts; or the network to it is cut at a proxy. Afterwards
every acknowledged line has reached its peer exactly once, every line reached it within
10 s of the layer coming back (the canary noticed and the sockets caught up from their
sequence numbers), no socket was closed, and ``/healthz`` said degraded while the layer
was down and ok after.
"""

import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
import websockets

from tests.peers import Peer, open_agent, open_visitor
from tests.redis_servers import SentinelSet
from tests.test_e2e_faults import CuttableProxy, OwnRedis, health

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

SERVING_AGAIN_SECONDS = 10.0
SEND_EVERY_SECONDS = 0.4
ENV = {"CHAT_ROUTING": "auto", "CHAT_LAYER_CANARY_SECONDS": "1"}


class Talker:
    """Reads every frame of one socket, with the time it arrived."""

    def __init__(self, peer: Peer) -> None:
        self.peer = peer
        self.arrivals: list[tuple[float, dict[str, Any]]] = []
        self.close_code: int | None = None
        self.task = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            while True:
                frame = json.loads(await self.peer.ws.recv())
                self.arrivals.append((time.monotonic(), frame))
        except websockets.ConnectionClosed as closed:
            self.close_code = closed.rcvd.code if closed.rcvd else 1006

    def acked(self, client_id: str) -> tuple[float, int] | None:
        for at, frame in self.arrivals:
            if frame["type"] == "ack" and frame.get("client_id") == client_id:
                return at, frame["seq"]
        return None

    def deliveries(self, seq: int, sender: str, conversation_id: str | None) -> list[float]:
        return [
            at
            for at, frame in self.arrivals
            if frame["type"] == "message"
            and frame["seq"] == seq
            and frame["from"] == sender
            and frame.get("conversation_id", conversation_id) == conversation_id
        ]


@dataclass
class Conversation:
    conversation_id: str
    visitor: Talker
    agent: Talker


@dataclass
class Line:
    conversation: Conversation
    sender: str
    client_id: str


async def open_conversations(servers: list[Any], count: int) -> list[Conversation]:
    """Alice on the first process, Bob on the second, visitors on both in turn."""
    agents = {
        "Alice": (await open_agent(servers[0], "alice"))[0],
        "Bob": (await open_agent(servers[-1], "bob"))[0],
    }
    opened = []
    for n in range(count):
        visitor = await open_visitor(servers[n % len(servers)])
        await visitor.hello()
        await visitor.send({"type": "start", "details": {}})
        agent = agents[(await visitor.expect("status", status="active"))["agent"]["name"]]
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        opened.append((conversation_id, visitor, agent))
    talkers = {id(agent): Talker(agent) for agent in agents.values()}
    return [Conversation(cid, Talker(v), talkers[id(a)]) for cid, v, a in opened]


async def converse(
    conversations: list[Conversation],
    lines: list[Line],
    stop: asyncio.Event,
    rounds: int | None = None,
) -> None:
    n = 0
    while not stop.is_set() and (rounds is None or n < rounds):
        for index, c in enumerate(conversations):
            visitor_line = Line(c, "visitor", f"v{n}-{index}")
            await c.visitor.peer.send(
                {"type": "message", "client_id": visitor_line.client_id, "text": f"v {n}"}
            )
            agent_line = Line(c, "agent", f"a{n}-{index}")
            await c.agent.peer.send_line(
                c.conversation_id, f"a {n}", client_id=agent_line.client_id
            )
            lines += [visitor_line, agent_line]
        n += 1
        await asyncio.sleep(SEND_EVERY_SECONDS)


async def poll_health(servers: list[Any], samples: list[tuple[float, int, str]], stop):
    while not stop.is_set():
        for index, server in enumerate(servers):
            _code, body = await asyncio.to_thread(health, server)
            samples.append((time.monotonic(), index, body["status"]))
        await asyncio.sleep(0.3)


async def survive(servers: list[Any], fault: Callable[[], Awaitable[float]]) -> None:
    """Runs conversations through ``fault`` (which returns when the layer could serve
    again) and checks what the module docstring promises.

    The talk stops when the layer is back: what was sent during the outage then reaches
    its peer only if the process notices the outage and its sockets catch up (a later
    line would reveal the gap by itself). A last line each way then shows live delivery.
    """
    conversations = await open_conversations(servers, 4)
    lines: list[Line] = []
    samples: list[tuple[float, int, str]] = []
    stop_talking, stop_polling = asyncio.Event(), asyncio.Event()
    talking = asyncio.create_task(converse(conversations, lines, stop_talking))
    polling = asyncio.create_task(poll_health(servers, samples, stop_polling))
    await asyncio.sleep(2.0)
    fault_at = time.monotonic()
    back_at = await fault()
    stop_talking.set()
    await talking
    await asyncio.sleep(SERVING_AGAIN_SECONDS)
    caught_up = check_deliveries(lines, back_at)
    # Figures for docs/performance.md (pytest -s).
    print(
        f"outage {back_at - fault_at:.1f} s; {len(lines)} lines; "
        f"all delivered {caught_up:.1f} s after the layer was back"
    )

    last: list[Line] = []
    await converse(conversations, last, asyncio.Event(), rounds=1)
    await asyncio.sleep(3.0)
    check_deliveries(lines + last, back_at)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(
        status != "ok" for _at, _index, status in samples[-len(servers) :]
    ):
        await asyncio.sleep(0.3)
    stop_polling.set()
    await polling
    for c in conversations:
        assert c.visitor.close_code is None and c.agent.close_code is None
    for index in range(len(servers)):
        mine = [(at, status) for at, i, status in samples if i == index]
        assert any(status == "degraded" for at, status in mine if at >= fault_at), mine
        assert mine[-1][1] == "ok", mine


def check_deliveries(lines: list[Line], back_at: float) -> float:
    """Asserts the promises; returns how long after ``back_at`` the last line arrived."""
    acked = 0
    late = []
    last_arrival = back_at
    for line in lines:
        c = line.conversation
        sender, receiver = (
            (c.visitor, c.agent) if line.sender == "visitor" else (c.agent, c.visitor)
        )
        ack = sender.acked(line.client_id)
        if ack is None:
            continue
        acked += 1
        acked_at, seq = ack
        arrivals = receiver.deliveries(seq, line.sender, c.conversation_id)
        if not arrivals:
            late.append((line.client_id, seq, "never"))
            continue
        assert len(arrivals) == 1, (line, seq, len(arrivals))
        last_arrival = max(last_arrival, arrivals[0])
        if arrivals[0] > max(acked_at, back_at) + SERVING_AGAIN_SECONDS:
            late.append((line.client_id, seq, arrivals[0] - max(acked_at, back_at)))
    assert not late, late
    refused = Counter(
        frame.get("code")
        for line in lines
        for _at, frame in (
            line.conversation.visitor if line.sender == "visitor" else line.conversation.agent
        ).arrivals
        if frame["type"] == "error"
    )
    assert acked >= len(lines) * 0.9, (acked, len(lines), refused)
    return last_arrival - back_at


async def test_failover_to_the_replica_loses_nothing(start_server, tmp_path) -> None:
    cluster = SentinelSet(tmp_path).start()
    try:
        first = start_server(postgres=True, REDIS_URL=cluster.url, **ENV)
        second = start_server(database_url=first.database_url, REDIS_URL=cluster.url, **ENV)

        async def kill_the_primary() -> float:
            cluster.kill(cluster.primary_port)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    if await asyncio.to_thread(cluster.primary) == cluster.replica_port:
                        return time.monotonic()
                except OSError:
                    pass
                await asyncio.sleep(0.1)
            raise AssertionError("the sentinels elected no new primary")

        await survive([first, second], kill_the_primary)
    finally:
        cluster.stop()


async def test_a_redis_restart_without_sentinel_loses_nothing(start_server) -> None:
    own = OwnRedis().start()
    try:
        first = start_server(postgres=True, REDIS_URL=own.url, **ENV)
        second = start_server(database_url=first.database_url, REDIS_URL=own.url, **ENV)

        async def restart() -> float:
            own.stop()
            await asyncio.sleep(4.0)
            await asyncio.to_thread(own.start)
            return time.monotonic()

        await survive([first, second], restart)
    finally:
        own.stop()


async def test_a_network_cut_to_redis_loses_nothing(start_server) -> None:
    own = OwnRedis().start()
    proxy = CuttableProxy(own.port)
    await proxy.start()
    url = f"redis://127.0.0.1:{proxy.port}/0"
    try:
        # Started off the event loop: the proxy runs on it.
        first = await asyncio.to_thread(start_server, postgres=True, REDIS_URL=url, **ENV)
        second = await asyncio.to_thread(
            start_server, database_url=first.database_url, REDIS_URL=url, **ENV
        )

        async def cut() -> float:
            proxy.cut()
            await asyncio.sleep(4.0)
            proxy.restore()
            return time.monotonic()

        await survive([first, second], cut)
    finally:
        own.stop()
