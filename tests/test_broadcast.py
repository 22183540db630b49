"""channels-redis's internals are reached through chatserver/chat/redis_layer_internals.py
alone; that module's assumptions about channels-redis hold (checked without Redis), and it
works on a real Redis. That only broadcast reaches the channel layer, and only that module
imports channels_redis, are import-linter contracts (pyproject.toml)."""

import ast
import asyncio
import inspect
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import channels_redis
import pytest
import redis.asyncio
from channels_redis import pubsub

from chatserver.chat import redis_layer_internals
from tests import backends

ROOT = Path(__file__).resolve().parent.parent
BROADCAST = "chatserver/chat/broadcast.py"
INTERNALS = "chatserver/chat/redis_layer_internals.py"

# What redis_layer_internals uses: (class, name, is a coroutine function, positional
# parameters including self).
METHODS: list[tuple[type, str, bool, int]] = [
    (pubsub.RedisPubSubChannelLayer, "_get_layer", False, 1),
    (pubsub.RedisPubSubChannelLayer, "serialize", False, 2),
    (pubsub.RedisPubSubLoopLayer, "_get_shard", False, 2),
    (pubsub.RedisPubSubLoopLayer, "_get_group_channel_name", False, 2),
    (pubsub.RedisSingleShardConnection, "_ensure_redis", False, 1),
    (pubsub.RedisSingleShardConnection, "unsubscribe", True, 2),
    (pubsub.RedisSingleShardConnection, "flush", True, 1),
    (pubsub.RedisSingleShardConnection, "_ensure_receiver", False, 1),
]


def _upgrade_problem(what: str) -> str:
    return (
        f"channels-redis {channels_redis.__version__}: {what}. {INTERNALS} was written "
        f"against {redis_layer_internals.WRITTEN_AGAINST}; adapt it (and only it) to the new "
        "release, or keep the pin in pyproject.toml."
    )


def test_broadcast_reaches_channels_redis_only_through_the_internals_module() -> None:
    private = {"_get_layer", "_get_shard", "_get_group_channel_name", "_lock", "_redis"}
    private |= {"_ensure_redis", "channels"}
    tree = ast.parse((ROOT / BROADCAST).read_text())
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert used & private == set()
    assert {"drop_channel", "publish_to_groups"} <= used


def test_the_installed_release_is_the_one_the_internals_were_written_for() -> None:
    written = redis_layer_internals.WRITTEN_AGAINST.rsplit(".", 1)[0]
    assert channels_redis.__version__.startswith(written + "."), _upgrade_problem(
        f"is not a {written}.x release"
    )


@pytest.mark.parametrize(
    ("owner", "name", "is_coroutine", "positional"),
    METHODS,
    ids=[f"{owner.__name__}.{name}" for owner, name, _, _ in METHODS],
)
def test_the_private_methods_used_still_exist_with_their_parameters(
    owner: type, name: str, is_coroutine: bool, positional: int
) -> None:
    method = getattr(owner, name, None)
    assert callable(method), _upgrade_problem(f"{owner.__name__}.{name} is gone")
    parameters = [
        parameter
        for parameter in inspect.signature(method).parameters.values()
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and parameter.default is parameter.empty
    ]
    assert len(parameters) == positional, _upgrade_problem(
        f"{owner.__name__}.{name} now takes {[p.name for p in parameters]}"
    )
    assert inspect.iscoroutinefunction(method) == is_coroutine, _upgrade_problem(
        f"{owner.__name__}.{name} is {'no longer' if is_coroutine else 'now'} a coroutine"
    )


async def test_the_private_state_used_still_exists_on_the_layer_objects() -> None:
    """Built against an address nothing listens on: creating a client connects nowhere."""
    layer = pubsub.RedisPubSubChannelLayer(hosts=["redis://127.0.0.1:9/0"])
    assert redis_layer_internals.is_redis_pubsub(layer)
    loop_layer = layer._get_layer()
    assert isinstance(getattr(loop_layer, "channels", None), dict), _upgrade_problem(
        "RedisPubSubLoopLayer.channels is no longer a dict of channel queues"
    )
    shard = loop_layer._get_shard(loop_layer._get_group_channel_name("some-group"))
    assert isinstance(shard, pubsub.RedisSingleShardConnection), _upgrade_problem(
        "_get_shard no longer returns a RedisSingleShardConnection"
    )
    assert isinstance(getattr(shard, "_lock", None), asyncio.Lock), _upgrade_problem(
        "RedisSingleShardConnection._lock is no longer an asyncio.Lock"
    )
    assert shard._redis is None
    shard._ensure_redis()
    assert isinstance(shard._redis, redis.asyncio.Redis), _upgrade_problem(
        "RedisSingleShardConnection._ensure_redis no longer sets _redis to a redis client"
    )
    assert "transaction" in inspect.signature(shard._redis.pipeline).parameters
    assert shard in getattr(loop_layer, "_shards", []), _upgrade_problem(
        "RedisPubSubLoopLayer._shards no longer lists the loop's shards"
    )
    assert getattr(shard, "host", None) == {"address": "redis://127.0.0.1:9/0"}, _upgrade_problem(
        "RedisSingleShardConnection.host no longer holds the shard's connection settings"
    )
    await layer.flush()


def test_other_layers_are_not_taken_for_the_redis_one() -> None:
    from channels.layers import InMemoryChannelLayer

    assert not redis_layer_internals.is_redis_pubsub(InMemoryChannelLayer())


async def test_a_blocking_publisher_serves_the_redis_layer_on_plain_addresses_only() -> None:
    from channels.layers import InMemoryChannelLayer

    publisher = redis_layer_internals.BlockingPublisher
    assert publisher.for_layer(InMemoryChannelLayer()) is None
    sentinel = {"master_name": "chat", "sentinels": [("127.0.0.1", 9)]}
    assert publisher.for_layer(pubsub.RedisPubSubChannelLayer(hosts=[sentinel])) is None
    plain = pubsub.RedisPubSubChannelLayer(hosts=["redis://127.0.0.1:9/0"])
    assert isinstance(publisher.for_layer(plain), publisher)


@pytest.fixture
async def redis_layer() -> AsyncIterator[pubsub.RedisPubSubChannelLayer]:
    """A pub/sub layer of its own on the test Redis (a prefix no other run uses)."""
    layer = pubsub.RedisPubSubChannelLayer(
        hosts=[backends.redis_url()], prefix=f"test-internals-{uuid.uuid4().hex[:8]}"
    )
    yield layer
    await layer.flush()


async def _subscribed(channel: str) -> bool:
    client = redis.asyncio.Redis.from_url(backends.redis_url())
    try:
        return bool(await client.pubsub_channels(channel))
    finally:
        await client.aclose()


async def _eventually(condition: Callable[[], object]) -> bool:
    for _ in range(50):
        if await condition():  # type: ignore[misc]
            return True
        await asyncio.sleep(0.05)
    return False


async def _publish_from_the_loop(layer, events) -> None:
    await redis_layer_internals.publish_to_groups(layer, events)


async def _publish_from_a_thread(layer, events) -> None:
    publisher = redis_layer_internals.BlockingPublisher.for_layer(layer)
    assert publisher is not None
    try:
        await asyncio.to_thread(publisher.publish, events)
    finally:
        publisher.close()


@pytest.mark.redis
@pytest.mark.parametrize("publish", [_publish_from_the_loop, _publish_from_a_thread])
async def test_publishing_to_groups_delivers_every_event_in_order(redis_layer, publish) -> None:
    first, second = await redis_layer.new_channel(), await redis_layer.new_channel()
    await redis_layer.group_add("one", first)
    await redis_layer.group_add("two", first)
    await redis_layer.group_add("two", second)
    events = [("one", {"type": "t", "n": 1}), ("two", {"type": "t", "n": 2})]
    events += [("one", {"type": "t", "n": n}) for n in range(3, 40)]
    await publish(redis_layer, events)
    received = [(await redis_layer.receive(first))["n"] for _ in range(39)]
    assert received == list(range(1, 40))
    assert (await asyncio.wait_for(redis_layer.receive(second), 5))["n"] == 2


async def test_a_blocking_publisher_gives_up_on_a_redis_that_stops_answering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A listener that accepts and never answers stands for a stalled Redis: the publish
    fails after the client's timeout instead of holding the group commit's thread."""
    accepted: list[asyncio.StreamWriter] = []

    async def silent(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        accepted.append(writer)

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    layer = pubsub.RedisPubSubChannelLayer(hosts=[f"redis://127.0.0.1:{port}/0"])
    publisher = redis_layer_internals.BlockingPublisher.for_layer(layer)
    assert publisher is not None
    assert redis_layer_internals.TIMEOUTS["socket_timeout"] == 5.0
    short = {"socket_timeout": 0.2, "socket_connect_timeout": 0.2}
    monkeypatch.setattr(redis_layer_internals, "TIMEOUTS", short)
    try:
        started = time.monotonic()
        with pytest.raises(redis.exceptions.TimeoutError):
            await asyncio.to_thread(publisher.publish, [("group", {"type": "t"})])
        assert time.monotonic() - started < 5
    finally:
        publisher.close()
        server.close()


@pytest.mark.redis
async def test_dropping_a_channel_unsubscribes_it_from_redis(redis_layer) -> None:
    channel = await redis_layer.new_channel()
    assert await _eventually(lambda: _subscribed(channel))
    assert await redis_layer_internals.drop_channel(redis_layer, channel) is True
    assert not await _subscribed(channel)
    assert await redis_layer_internals.drop_channel(redis_layer, channel) is False


async def test_resubscribing_keeps_every_channel_and_group_receiving(redis_layer) -> None:
    channel = await redis_layer.new_channel()
    await redis_layer.group_add("resubscribed", channel)
    shard = redis_layer._get_layer()._shards[0]
    before = shard._pubsub
    assert await redis_layer_internals.resubscribe(redis_layer) == 2
    assert shard._pubsub is not before
    assert await _eventually(lambda: _subscribed(channel))
    await redis_layer.send(channel, {"type": "direct"})
    await redis_layer.group_send("resubscribed", {"type": "grouped"})
    kinds = [(await asyncio.wait_for(redis_layer.receive(channel), 5))["type"] for _ in range(2)]
    assert kinds == ["direct", "grouped"]


async def test_an_event_reaches_this_process_sockets_without_redis(redis_layer) -> None:
    socket = await redis_layer.new_channel()
    own = await redis_layer.new_channel("canary.")
    event = {"type": "layer.resync"}
    assert redis_layer_internals.deliver_locally(redis_layer, "specific.", event) == 1
    assert await asyncio.wait_for(redis_layer.receive(socket), 5) == event
    assert redis_layer._get_layer().channels[own].empty()
