"""Typed readers for environment variables.

Every configuration value is read here, once, when settings load, as a plain
value (a string, number, list or date). A bad value raises
``ImproperlyConfigured`` naming the variable and what it expects, so a
misconfigured server stops at start-up instead of failing deep in a request.
Values with an app's own grammar (opening hours, the key ring, emergency
phrases) are kept as text here and parsed by their app, which reports a bad one
through its system checks. Values are never echoed back in errors: some of
them are secrets.
"""

import json
import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return value


def env_optional_int(name: str, *, minimum: int = 0) -> int | None:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return None
    return env_int(name, 0, minimum=minimum)


def env_list(name: str, default: str = "") -> list[str]:
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of: {', '.join(choices)}.")
    return value


def env_regex_list(name: str, default: list[str]) -> list[str]:
    """A JSON list of regular expressions, each compiled to check it."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        patterns = json.loads(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a JSON list of regular expressions.") from None
    if not isinstance(patterns, list) or not all(isinstance(p, str) and p for p in patterns):
        raise ImproperlyConfigured(f"{name} must be a JSON list of regular expressions.")
    for position, pattern in enumerate(patterns, start=1):
        try:
            re.compile(pattern)
        except re.error as error:
            raise ImproperlyConfigured(
                f"{name}: pattern {position} is invalid ({error})."
            ) from None
    return patterns


def env_date_list(name: str) -> list[date]:
    """Comma-separated ISO dates (YYYY-MM-DD)."""
    dates = []
    for item in env_list(name):
        try:
            dates.append(date.fromisoformat(item))
        except ValueError:
            raise ImproperlyConfigured(f"{name} must hold dates as YYYY-MM-DD.") from None
    return dates


def env_url(name: str, default: str) -> str:
    """An absolute http(s) URL."""
    value = env_str(name, default)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"{name} must be an absolute http:// or https:// URL.")
    return value


def env_time_zone(name: str, default: str) -> str:
    """An IANA time zone name. Read here, not by an app: Django's own ``TIME_ZONE``
    takes it, and Django refuses an unknown zone with a bare ``ValueError``."""
    value = env_str(name, default)
    try:
        ZoneInfo(value)
    except (ValueError, KeyError):
        raise ImproperlyConfigured(f"{name}: {value!r} is not a time zone name.") from None
    return value


def redis_layer_prefix(redis_url: str) -> str:
    """The channel layer's name prefix for a Redis database.

    Pub/sub channels are shared by every database of a Redis server, so two
    deployments (or test runs) on databases 1 and 2 would hear each other's
    events, revocations included; the prefix keeps them apart. Database 0 keeps
    channels-redis's own prefix.
    """
    parts = urlsplit(redis_url)
    if parts.scheme == "unix":
        database = parse_qs(parts.query).get("db", ["0"])[0]
    else:
        database = parts.path.strip("/") or "0"
    return "asgi" if database == "0" else f"asgi-db{database}"


DEPLOYMENT_VARIABLES = ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "TRANSCRIPT_KEYS")


def development_checkout(environ: Mapping[str, str], var_dir: Path) -> bool:
    """Whether ``manage.py`` runs in a checkout `make run` set up for development: its
    development key ring is in ``var_dir`` and none of the variables a deployment must
    set (or that choose the mode) has a value. Then commands default to ``DJANGO_DEBUG=1``, as
    `make run` serves; a deployment, which sets its secret key and key ring, never does."""
    if any(environ.get(name, "").strip() for name in DEPLOYMENT_VARIABLES):
        return False
    return (var_dir / "dev-transcript-keys").is_file()
