"""Faults survived: Redis restarted, the database unreachable, sockets dropped abruptly."""

import asyncio
import json
import subprocess
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis

from tests.peers import open_agent, open_visitor
from tests.servers import free_port, server_shell

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]


class OwnRedis:
    """A Redis server of the test's own, so it can be restarted without harming others."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "OwnRedis":
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            try:
                redis.Redis.from_url(self.url).ping()
                return self
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError("redis did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None


class CuttableProxy:
    """A TCP proxy to PostgreSQL that the test can cut and restore."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self.open = True
        self.links: list[asyncio.StreamWriter] = []

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        self.links += [writer, up_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        asyncio.create_task(pipe(reader, up_writer))
        asyncio.create_task(pipe(up_reader, writer))

    def cut(self) -> None:
        self.open = False
        for link in self.links:
            link.transport.abort()
        self.links.clear()

    def restore(self) -> None:
        self.open = True


def health(server) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{server.origin}/healthz", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


async def test_redis_restart_mid_conversation_loses_nothing(start_server) -> None:
    own = OwnRedis().start()
    try:
        server = start_server(postgres=True, CHAT_ROUTING="auto", REDIS_URL=own.url)
        agent, _, _ = await open_agent(server, "alice")
        visitor = await open_visitor(server)
        token = (await visitor.hello())["token"]
        await visitor.start()
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        acked = [(await visitor.say(f"before restart {n}"))["seq"] for n in range(3)]

        own.stop()
        await asyncio.sleep(0.5)
        for n in range(3):
            acked.append((await visitor.say(f"while redis is down {n}"))["seq"])
        own.start()
        await asyncio.sleep(1.0)
        for n in range(3):
            acked.append((await visitor.say(f"after restart {n}"))["seq"])

        # Whatever the live signals did, the agent's view is complete and without duplicates.
        await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
        history = (await agent.expect("history"))["messages"]
        seen = [m["seq"] for m in history if m["from"] == "visitor"]
        assert seen == sorted(set(seen)) and set(acked) <= set(seen)
        again = await open_visitor(server)
        replay = (await again.hello(token=token, after_seq=0))["messages"]
        mine = [m["seq"] for m in replay if m["from"] == "visitor"]
        assert mine == acked
    finally:
        own.stop()


@pytest.mark.parametrize("pool_size", ["0", "3"], ids=["persistent", "pooled"])
async def test_database_outage_gives_server_errors_then_recovers(start_server, pool_size) -> None:
    from tests import backends

    target = urlsplit(backends.postgres_url())
    proxy = CuttableProxy(target.port or 5432)
    await proxy.start()
    first = start_server(postgres=True, CHAT_ROUTING="auto")
    database = urlsplit(first.database_url)
    through_proxy = urlunsplit(
        database._replace(netloc=f"{database.username}@127.0.0.1:{proxy.port}")
    )
    # Started off the event loop: its start-up health check goes through the proxy.
    server = await asyncio.to_thread(
        start_server,
        database_url=through_proxy,
        CHAT_ROUTING="auto",
        DATABASE_POOL_SIZE=pool_size,
        DATABASE_POOL_TIMEOUT="3",
    )
    first.stop()

    agent, _, _ = await open_agent(server, "alice")
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.start()
    conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
    await visitor.say("before the outage")

    proxy.cut()
    await visitor.send({"type": "message", "client_id": "during", "text": "during the outage"})
    refused = await visitor.expect("error", ref="during", timeout=30)
    assert refused["code"] == "server_error" and refused["retryable"] is True
    status, body = await asyncio.to_thread(health, server)
    assert status == 503 and body["checks"]["database"] == "down"

    proxy.restore()
    await asyncio.sleep(1.0)
    for _ in range(20):
        status, body = await asyncio.to_thread(health, server)
        if status == 200:
            break
        await asyncio.sleep(0.5)
    assert status == 200
    ack = await visitor.say("during the outage", client_id="during")
    await agent.send({"type": "history", "conversation_id": conversation_id, "after_seq": 0})
    texts = [m["text"] for m in (await agent.expect("history"))["messages"]]
    assert texts.count("during the outage") == 1 and ack["seq"] >= 3


@pytest.fixture
def own_redis():
    own = OwnRedis().start()
    yield own
    own.stop()


async def test_sockets_dropped_abruptly_leave_nothing_behind(start_server, own_redis) -> None:
    server = start_server(
        postgres=True,
        REDIS_URL=own_redis.url,
        CHAT_ROUTING="manual",
        CHAT_MAX_SOCKETS_PER_IP="5000",
        CHAT_CONNECTS_PER_MINUTE_PER_IP="5000",
        CHAT_CONVERSATIONS_PER_IP_PER_HOUR="5000",
        CHAT_QUEUED_CONVERSATIONS_PER_IP="5000",
    )
    client = redis.Redis.from_url(own_redis.url)
    baseline = len(client.pubsub_channels())

    def left_by_sockets() -> list[bytes]:
        """Subscriptions other than the process's own listener for destroyed keys (its
        channel and group) and its canary's channel, which last as long as the process."""
        return [
            channel
            for channel in client.pubsub_channels()
            if not channel.startswith((b"asgikeys.", b"asgicanary."))
            and channel != b"asgi__group__transcript-keys"
        ]

    agents = [(await open_agent(server, name))[0] for name in ("alice", "bob", "carol")]
    visitors = []
    for _batch in range(10):
        batch = await asyncio.gather(*(open_visitor(server) for _ in range(100)))
        await asyncio.gather(*(peer.hello() for peer in batch))
        visitors += batch
    await asyncio.gather(*(peer.start() for peer in visitors[:100]))
    assert len(client.pubsub_channels()) > baseline + 100

    for peer in visitors + agents:
        peer.ws.transport.abort()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(left_by_sockets()) > baseline:
        await asyncio.sleep(0.5)
    assert len(left_by_sockets()) <= baseline
    assert len(client.pubsub_channels()) <= baseline + 3
    available = await asyncio.to_thread(
        server_shell,
        server,
        "from chatserver.chat.availability import available_presences;"
        "print(available_presences().count())",
    )
    assert available.strip() == "0"
    status, _body = await asyncio.to_thread(health, server)
    assert status == 200
