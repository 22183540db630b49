"""PostgreSQL connections pooled (``DATABASE_POOL_SIZE``): two Daphne processes serve live
conversations through Django's psycopg pool and hold no more connections than it allows.
(The database outage with a pool is in test_e2e_faults.py.)"""

import asyncio
from urllib.parse import urlsplit

import psycopg
import pytest

from tests import backends
from tests.peers import open_agent, open_visitor
from tests.servers import server_shell
from tests.test_e2e_faults import OwnRedis

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.redis]

POOL_SIZE = 2


def connections_to(database_url: str) -> int:
    name = urlsplit(database_url).path.strip("/")
    with psycopg.connect(backends.postgres_url(), autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    assert row is not None
    return int(row[0])


async def talk(servers: list, conversations: int) -> None:
    agent, _, _ = await open_agent(servers[0], "alice")
    for n in range(conversations):
        visitor = await open_visitor(servers[n % 2])
        await visitor.hello()
        await visitor.send({"type": "start", "details": {}})
        conversation_id = (await agent.expect("assigned"))["conversation"]["conversation_id"]
        for k in range(5):
            ack = await visitor.say(f"line {k}")
            await agent.expect("message", seq=ack["seq"], conversation_id=conversation_id)
        reply = await agent.reply(conversation_id, "an answer")
        await visitor.expect("message", seq=reply["seq"])


@pytest.fixture
def own_redis():
    own = OwnRedis().start()
    yield own
    own.stop()


async def test_two_pooled_processes_serve_within_their_pools(start_server, own_redis) -> None:
    env = {"CHAT_ROUTING": "auto", "DATABASE_POOL_SIZE": str(POOL_SIZE), "REDIS_URL": own_redis.url}
    first = start_server(postgres=True, **env)
    second = start_server(database_url=first.database_url, **env)
    pooled = await asyncio.to_thread(
        server_shell,
        first,
        "from django.db import connection; print(connection.pool is not None)",
    )
    assert pooled.strip() == "True"
    await talk([first, second], 3)
    # The pool's connections and the one the shell above closed; nothing per thread.
    assert 1 <= await asyncio.to_thread(connections_to, first.database_url) <= 2 * POOL_SIZE
