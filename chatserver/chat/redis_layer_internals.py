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
``RedisPubSubLoopLayer._shards``
    the loop's shards (``RedisSingleShardConnection``), to check their settings.
``RedisSingleShardConnection.host``
    the shard's connection settings (one entry of the layer's ``hosts``, as
    ``decode_hosts`` made it): ``BlockingPublisher`` opens a blocking client of its own
    to the same server with them.
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

import redis
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


def _by_shard(
    layer: Any, loop_layer: Any, sends: Iterable[tuple[str, Mapping[str, Any]]]
) -> dict[Any, list[tuple[str, bytes]]]:
    """Each send's pub/sub channel and payload, by the shard that serves it, in order."""
    by_shard: dict[Any, list[tuple[str, bytes]]] = defaultdict(list)
    for group, event in sends:
        channel = loop_layer._get_group_channel_name(group)
        by_shard[loop_layer._get_shard(channel)].append((channel, layer.serialize(event)))
    return by_shard


async def publish_to_groups(layer: Any, sends: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
    """What ``group_send`` does for each (group, event), in order, in one pipeline per
    Redis server: the same channel naming, serialisation, shard and connection lock."""
    for shard, items in _by_shard(layer, layer._get_layer(), sends).items():
        async with shard._lock:
            shard._ensure_redis()
            async with shard._redis.pipeline(transaction=False) as pipe:
                for channel, payload in items:
                    pipe.publish(channel, payload)
                await pipe.execute()


TIMEOUT_SECONDS = 5.0
TIMEOUTS = {"socket_timeout": TIMEOUT_SECONDS, "socket_connect_timeout": TIMEOUT_SECONDS}


class BlockingPublisher:
    """``publish_to_groups`` for a thread without an event loop (the group commit's),
    through blocking clients of its own to the layer's Redis servers.

    Made on the event loop whose layer it follows (the shards are that loop's), used
    from one thread at a time. A shard whose settings are not a plain address (a
    Sentinel set-up) is not served: ``for_layer`` gives None for such a layer.
    """

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.loop_layer = layer._get_layer()
        self.clients: dict[int, redis.Redis] = {}

    @classmethod
    def for_layer(cls, layer: object) -> "BlockingPublisher | None":
        if not is_redis_pubsub(layer):
            return None
        publisher = cls(layer)
        if not all("address" in shard.host for shard in publisher.loop_layer._shards):
            return None
        return publisher

    def publish(self, sends: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Publishes each (group, event) in order, one pipeline per Redis server."""
        for shard, items in _by_shard(self.layer, self.loop_layer, sends).items():
            with self._client(shard).pipeline(transaction=False) as pipe:
                for channel, payload in items:
                    pipe.publish(channel, payload)
                pipe.execute()

    def _client(self, shard: Any) -> redis.Redis:
        """The shard's blocking client; a Redis that stops answering fails a publish after
        ``TIMEOUT_SECONDS`` (unless the layer's settings say otherwise) instead of holding
        the group commit's thread."""
        if id(shard) not in self.clients:
            settings = {**TIMEOUTS, **shard.host}
            self.clients[id(shard)] = redis.Redis.from_url(settings.pop("address"), **settings)
        return self.clients[id(shard)]

    def close(self) -> None:
        for client in self.clients.values():
            client.close()
        self.clients.clear()


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
