"""Where Redis is, for the channel layer and the cache: one server, or a primary that
Redis Sentinel names (so a failover needs no configuration change).

``chatserver.settings`` imports ``redis_settings`` with one line. The variables (README's
settings table, docs/deployment.md):

``REDIS_URL``
    ``redis://host:port/db``, ``rediss://...`` or ``unix:///path?db=n``: one server; or
    ``redis+sentinel://[:password@]host:port[,host:port...]/master-name[/db]``: the
    sentinels to ask, the name they monitor, and the database (0 when left out).
``REDIS_SENTINELS`` and ``REDIS_SENTINEL_MASTER``
    the same as a ``redis+sentinel://`` URL, as a comma-separated ``host:port`` list and a
    name (with ``REDIS_SENTINEL_DB``, 0 by default); only when ``REDIS_URL`` is unset.

A password in the URL is the primary's (and its replicas'); sentinels are asked without one.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import redis
from django.core.exceptions import ImproperlyConfigured

from chatserver.env import redis_layer_prefix

SENTINEL_SCHEME = "redis+sentinel"
DEFAULT_SENTINEL_PORT = 26379
SENTINEL_DB_MAX = 15
# Asking a sentinel where the primary is must not hang a request.
SENTINEL_ASK_SECONDS = 1.0
CONNECT_SECONDS = 2.0


@dataclass(frozen=True)
class SentinelTarget:
    """The sentinels to ask, the name of the primary they watch, and what to use on it."""

    sentinels: tuple[tuple[str, int], ...]
    master: str
    db: int = 0
    password: str | None = None

    @property
    def url(self) -> str:
        hosts = ",".join(f"[{h}]:{p}" if ":" in h else f"{h}:{p}" for h, p in self.sentinels)
        return f"{SENTINEL_SCHEME}://{hosts}/{self.master}/{self.db}"


def _host_port(item: str) -> tuple[str, int]:
    item = item.strip()
    if item.startswith("["):
        host, _, rest = item[1:].partition("]")
        port_text = rest.removeprefix(":")
    else:
        host, _, port_text = item.rpartition(":") if ":" in item else (item, "", "")
    if not host or any(c in host for c in "/@[] ,"):
        raise ImproperlyConfigured(f"{item!r} is not a sentinel's host:port.")
    if not port_text:
        return host, DEFAULT_SENTINEL_PORT
    if not port_text.isascii() or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ImproperlyConfigured(f"{item!r} is not a sentinel's host:port.")
    return host, int(port_text)


def parse_sentinels(value: str) -> tuple[tuple[str, int], ...]:
    """``host:port,host:port`` (port 26379 when left out; IPv6 hosts in brackets)."""
    items = [item for item in value.split(",") if item.strip()]
    if not items:
        raise ImproperlyConfigured("No sentinel is given: list them as host:port,host:port.")
    return tuple(_host_port(item) for item in items)


def _sentinel_db(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > SENTINEL_DB_MAX:
        raise ImproperlyConfigured(f"{text!r} is not a Redis database number (0 to 15).")
    return int(text)


def _master_name(name: str) -> str:
    if not name or not name.isascii() or not all(c.isalnum() or c in "-_." for c in name):
        raise ImproperlyConfigured(
            f"{name!r} is not a Sentinel master name (letters, digits, '-', '_', '.')."
        )
    return name


def parse_sentinel_url(url: str) -> SentinelTarget:
    """``redis+sentinel://[:password@]host:port[,host:port...]/master-name[/db]``."""
    rest = url.removeprefix(f"{SENTINEL_SCHEME}://")
    netloc, _, path = rest.partition("/")
    credentials, _, hosts = netloc.rpartition("@")
    password = unquote(credentials.partition(":")[2]) if credentials else None
    name, _, db_text = path.partition("/")
    if "/" in db_text or "?" in path or "#" in path:
        raise ImproperlyConfigured(
            "A redis+sentinel:// URL is redis+sentinel://host:port,host:port/master-name/db."
        )
    return SentinelTarget(
        sentinels=parse_sentinels(hosts),
        master=_master_name(name),
        db=_sentinel_db(db_text) if db_text else 0,
        password=password or None,
    )


def sentinel_target(environ: Mapping[str, str]) -> SentinelTarget | None:
    """The Sentinel configuration in ``environ``, or None for one plain Redis (or none)."""
    url = environ.get("REDIS_URL", "").strip()
    if url.startswith(f"{SENTINEL_SCHEME}://"):
        return parse_sentinel_url(url)
    sentinels = environ.get("REDIS_SENTINELS", "").strip()
    if url or not sentinels:
        return None
    return SentinelTarget(
        sentinels=parse_sentinels(sentinels),
        master=_master_name(environ.get("REDIS_SENTINEL_MASTER", "").strip()),
        db=_sentinel_db(environ.get("REDIS_SENTINEL_DB", "0").strip() or "0"),
    )


def layer_host(target: SentinelTarget) -> dict[str, Any]:
    """channels-redis's host entry for a primary found through Sentinel."""
    host: dict[str, Any] = {
        "master_name": target.master,
        "sentinels": [list(pair) for pair in target.sentinels],
        "sentinel_kwargs": {
            "socket_timeout": SENTINEL_ASK_SECONDS,
            "socket_connect_timeout": SENTINEL_ASK_SECONDS,
        },
        "db": target.db,
        "socket_connect_timeout": CONNECT_SECONDS,
    }
    if target.password:
        host["password"] = target.password
    return host


class SentinelPool:
    """The cache's connection pool (Django's ``RedisCache`` ``pool_class``): reads the
    ``redis+sentinel://`` location and connects to whichever server is the primary."""

    @classmethod
    def from_url(cls, url: str, **options: Any) -> redis.sentinel.SentinelConnectionPool:
        target = parse_sentinel_url(url)
        sentinel = redis.sentinel.Sentinel(  # type: ignore[no-untyped-call]
            list(target.sentinels),
            sentinel_kwargs={
                "socket_timeout": SENTINEL_ASK_SECONDS,
                "socket_connect_timeout": SENTINEL_ASK_SECONDS,
            },
        )
        options.setdefault("socket_connect_timeout", CONNECT_SECONDS)
        if target.password:
            options["password"] = target.password
        return redis.sentinel.SentinelConnectionPool(  # type: ignore[no-untyped-call]
            target.master, sentinel, db=target.db, **options
        )


def in_memory_layer() -> dict[str, Any]:
    # The default capacity (100 per channel) drops signals in bursts of queue updates.
    return {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 2000}}
    }


def redis_settings(
    environ: Mapping[str, str], cache_prefix: str
) -> tuple[str, dict[str, Any], dict[str, Any] | None]:
    """``REDIS_URL`` (a ``redis+sentinel://`` one when Sentinel is configured), the
    ``CHANNEL_LAYERS`` and the ``CACHES`` (None: Django's default, per process)."""
    target = sentinel_target(environ)
    url = target.url if target else environ.get("REDIS_URL", "").strip()
    if not url:
        return "", in_memory_layer(), None
    if target is None and not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            "REDIS_URL must start with redis://, rediss://, unix:// or redis+sentinel://."
        )
    # The pub/sub layer: unlike the list-based RedisChannelLayer it does not lose
    # messages silently past a capacity, and it leaves no group memberships behind.
    # Pub/sub ignores the database number, so the prefix carries it.
    layer_config = {
        "hosts": [layer_host(target) if target else url],
        "prefix": redis_layer_prefix(url if target is None else f"redis://sentinel/{target.db}"),
    }
    layers = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": layer_config,
        }
    }
    # Sign-in limits (counted in the cache) hold across the processes of one database.
    cache: dict[str, Any] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A list: Django splits a string location at commas, as between sentinels.
        "LOCATION": [url],
        "KEY_PREFIX": cache_prefix,
    }
    if target is not None:
        cache["OPTIONS"] = {"pool_class": f"{__name__}.SentinelPool"}
    return url, layers, {"default": cache}
