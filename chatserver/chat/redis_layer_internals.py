"""Every use of channels-redis's private internals, in one place.

Written against channels-redis 4.3.0 (pyproject pins ``>=4.3.0,<4.4``). The pub/sub
layer's public API (``group_send``, ``group_discard``...) has no way to drop a
consumer's channel nor to send many events at once, so ``broadcast`` asks these
functions, and nothing else in the project touches channels-redis. The private
names they rely on, and why:

``RedisPubSubChannelLayer._get_layer()``
    the per-event-loop layer (``RedisPubSubLoopLayer``) that holds the state below;
    the public layer only proxies the ASGI methods to it.
``RedisPubSubLoopLayer.channels``
    this loop's subscribed channels (name to queue): removing an entry is how a
    channel stops receiving, as channels-redis itself does when a ``receive`` is
    cancelled (Channels has no ``delete_channel`` yet).
``RedisPubSubLoopLayer._get_shard(name)``
    the Redis connection (``RedisSingleShardConnection``) serving a channel or a
    group: to unsubscribe a channel, and to batch publishes per Redis server.
``RedisPubSubLoopLayer._get_group_channel_name(group)``
    the pub/sub channel a group's events are published on, as ``group_send`` names it.
``RedisSingleShardConnection._lock``
    the lock under which the shard sends every command; a pipeline holds it too.
``RedisSingleShardConnection._ensure_redis()``
    opens the shard's client on first use, as ``publish`` does.
``RedisSingleShardConnection._redis``
    that client (``redis.asyncio.Redis``), whose ``pipeline`` sends a batch in one
    round trip.
``RedisPubSubLoopLayer.groups`` and ``_shards``, ``RedisSingleShardConnection.flush()``,
``_ensure_receiver()``, ``_pubsub`` and ``_subscribed_to``
    to resubscribe when the canary stops arriving: every shard's client is closed
    (``flush``, as the layer's own ``flush`` does) and this loop's channels and groups
    are subscribed again on a new one, with the shard's record of them.
``RedisPubSubLoopLayer.channels`` (again)
    to put an event straight into this process's own sockets' queues, as a message
    from Redis is put there, when the layer itself cannot be trusted to carry it.

``tests/test_broadcast.py`` checks that each still exists with the same parameters
(without Redis), and what these functions do on a real Redis. When an upgrade
breaks it, re-read channels-redis's ``pubsub.py`` and adapt this module alone.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from channels_redis.pubsub import RedisPubSubChannelLayer

WRITTEN_AGAINST = "4.3.0"


def is_redis_pubsub(layer: object) -> bool:
    """Whether ``layer`` is channels-redis's pub/sub layer (the others need none of this)."""
    return isinstance(layer, RedisPubSubChannelLayer)


async def drop_channel(layer: Any, channel_name: str) -> bool:
    """Unsubscribes this loop's ``channel_name`` from Redis and forgets its queue.

    False when the channel was not subscribed here (already released, or never was).
    """
    loop_layer = layer._get_layer()
    if loop_layer.channels.pop(channel_name, None) is None:
        return False
    await loop_layer._get_shard(channel_name).unsubscribe(channel_name)
    return True


async def publish_to_groups(layer: Any, sends: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """What ``group_send`` does for each (group, event), in order, in one pipeline per
    Redis server: the same channel naming, serialisation, shard and connection lock."""
    loop_layer = layer._get_layer()
    by_shard: dict[Any, list[tuple[str, bytes]]] = defaultdict(list)
    for group, event in sends:
        channel = loop_layer._get_group_channel_name(group)
        by_shard[loop_layer._get_shard(channel)].append((channel, layer.serialize(event)))
    for shard, items in by_shard.items():
        async with shard._lock:
            shard._ensure_redis()
            async with shard._redis.pipeline(transaction=False) as pipe:
                for channel, payload in items:
                    pipe.publish(channel, payload)
                await pipe.execute()


async def resubscribe(layer: Any) -> int:
    """Closes every Redis connection of this loop's layer and subscribes its channels
    and groups again on new ones (a connection that silently stopped delivering is not
    otherwise noticed). Returns how many names were subscribed; raises when Redis
    cannot be reached (the caller tries again later)."""
    loop_layer = layer._get_layer()
    for shard in loop_layer._shards:
        await shard.flush()
    by_shard: dict[Any, list[str]] = defaultdict(list)
    for name in [*loop_layer.channels, *loop_layer.groups]:
        by_shard[loop_layer._get_shard(name)].append(name)
    for shard, names in by_shard.items():
        async with shard._lock:
            shard._ensure_redis()
            shard._ensure_receiver()
            await shard._pubsub.subscribe(*names)
            shard._subscribed_to.update(names)
    return sum(len(names) for names in by_shard.values())


def deliver_locally(layer: Any, marker: str, event: Mapping[str, Any]) -> int:
    """Puts ``event`` in the queue of each of this loop's channels whose name holds
    ``marker``, without Redis; returns how many."""
    loop_layer = layer._get_layer()
    payload = layer.serialize(event)
    queues = [queue for name, queue in list(loop_layer.channels.items()) if marker in name]
    for queue in queues:
        queue.put_nowait(payload)
    return len(queues)
