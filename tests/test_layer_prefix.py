"""Deployments (and test runs) on different Redis databases do not hear each other.

Redis pub/sub ignores the database number, so the channel layer's prefix carries it.
"""

import pytest

from chatserver.env import redis_layer_prefix


@pytest.mark.parametrize(
    ("url", "prefix"),
    [
        ("redis://127.0.0.1:6379", "asgi"),
        ("redis://127.0.0.1:6379/", "asgi"),
        ("redis://127.0.0.1:6379/0", "asgi"),
        ("redis://:secret@127.0.0.1:6379/5", "asgi-db5"),
        ("rediss://cache.example:6380/12", "asgi-db12"),
        ("unix:///run/redis.sock?db=3", "asgi-db3"),
        ("unix:///run/redis.sock", "asgi"),
    ],
)
def test_each_redis_database_gets_its_own_channel_prefix(url: str, prefix: str) -> None:
    assert redis_layer_prefix(url) == prefix


def test_the_prefix_is_a_valid_group_name_prefix() -> None:
    """channels' names allow ASCII letters, digits, hyphens, underscores and periods."""
    from channels.layers import BaseChannelLayer

    layer = BaseChannelLayer()
    layer.require_valid_group_name(f"{redis_layer_prefix('redis://h/15')}__group__agents")
