"""Where Redis is: one server, or a primary found through Sentinel (chatserver.redis_settings)."""

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from chatserver.redis_settings import (
    SentinelPool,
    SentinelTarget,
    parse_sentinel_url,
    redis_settings,
    sentinel_target,
)


def test_a_sentinel_url_names_the_sentinels_the_master_and_the_database() -> None:
    target = parse_sentinel_url("redis+sentinel://:s3cret@10.0.0.1:26379,[::1]:26380,h3/chat/4")
    assert target == SentinelTarget(
        sentinels=(("10.0.0.1", 26379), ("::1", 26380), ("h3", 26379)),
        master="chat",
        db=4,
        password="s3cret",
    )


def test_sentinels_may_be_given_as_a_list_and_a_master_name() -> None:
    environ = {"REDIS_SENTINELS": "a:1, b:2", "REDIS_SENTINEL_MASTER": "mymaster"}
    assert sentinel_target(environ) == SentinelTarget((("a", 1), ("b", 2)), "mymaster", 0)
    environ["REDIS_SENTINEL_DB"] = "3"
    assert sentinel_target(environ) == SentinelTarget((("a", 1), ("b", 2)), "mymaster", 3)


def test_the_layer_and_the_cache_both_go_through_the_sentinels() -> None:
    url, layers, caches = redis_settings(
        {"REDIS_URL": "redis+sentinel://127.0.0.1:26390,127.0.0.1:26391/chat/2"}, "chatdb"
    )
    assert url == "redis+sentinel://127.0.0.1:26390,127.0.0.1:26391/chat/2"
    config = layers["default"]["CONFIG"]
    [host] = config["hosts"]
    assert host["master_name"] == "chat"
    assert host["sentinels"] == [["127.0.0.1", 26390], ["127.0.0.1", 26391]]
    assert host["db"] == 2 and config["prefix"] == "asgi-db2"
    assert caches is not None
    assert caches["default"]["LOCATION"] == [url]
    assert caches["default"]["OPTIONS"]["pool_class"] == "chatserver.redis_settings.SentinelPool"
    pool = SentinelPool.from_url(url, max_connections=3)
    assert pool.service_name == "chat"
    assert pool.connection_kwargs["db"] == 2


@pytest.mark.redis
def test_the_cache_reaches_the_primary_the_sentinels_name(tmp_path, settings) -> None:
    from django.core.cache import caches

    from tests.redis_servers import SentinelSet, needs_redis_server

    needs_redis_server()
    cluster = SentinelSet(tmp_path).start()
    try:
        _url, _layers, configured = redis_settings({"REDIS_URL": cluster.url}, "sentinel-test")
        settings.CACHES = configured
        caches["default"].set("reached", "yes")
        assert redis.Redis(port=cluster.primary_port).keys("*reached") != []
    finally:
        cluster.stop()


def test_one_server_and_none_are_configured_as_before() -> None:
    url, layers, caches = redis_settings({"REDIS_URL": "redis://127.0.0.1:6379/5"}, "chatdb")
    assert layers["default"]["CONFIG"] == {"hosts": [url], "prefix": "asgi-db5"}
    assert caches is not None and caches["default"]["KEY_PREFIX"] == "chatdb"
    url, layers, caches = redis_settings({}, "chatdb")
    assert url == "" and caches is None
    assert layers["default"]["BACKEND"] == "channels.layers.InMemoryChannelLayer"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("redis+sentinel:///chat", "No sentinel"),
        ("redis+sentinel://h:1/", "master name"),
        ("redis+sentinel://h:1/chat/16", "database number"),
        ("redis+sentinel://h:1/chat/x", "database number"),
        ("redis+sentinel://h:99999/chat", "host:port"),
        ("redis+sentinel://h:1/chat/0/extra", "master-name/db"),
        ("redis+sentinel://h:1/ch at", "master name"),
        ("http://h:1/chat", "must start with"),
    ],
)
def test_a_bad_redis_url_is_refused_with_a_clear_error(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        redis_settings({"REDIS_URL": url}, "chatdb")


def test_sentinels_without_a_master_name_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="master name"):
        sentinel_target({"REDIS_SENTINELS": "a:1"})


hosts = st.one_of(
    st.from_regex(r"[a-z][a-z0-9.-]{0,20}", fullmatch=True),
    st.ip_addresses(v=4).map(str),
)
targets = st.builds(
    SentinelTarget,
    sentinels=st.lists(st.tuples(hosts, st.integers(1, 65535)), min_size=1, max_size=4).map(tuple),
    master=st.from_regex(r"[A-Za-z0-9_.-]{1,20}", fullmatch=True),
    db=st.integers(0, 15),
)


@given(targets)
def test_a_target_survives_its_url(target: SentinelTarget) -> None:
    assert parse_sentinel_url(target.url) == target


@given(st.text(max_size=60))
def test_any_sentinel_url_parses_or_is_refused_clearly(tail: str) -> None:
    try:
        target = parse_sentinel_url("redis+sentinel://" + tail)
    except ImproperlyConfigured:
        return
    assert target.sentinels and target.master and 0 <= target.db <= 15
