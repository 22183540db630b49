"""System checks that explain a misconfigured deployment by id.

Errors stop the server at start-up (see ``chatserver/startup.py``); warnings
are deployment checks and show in ``manage.py check --deploy``.
"""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from chatserver.chat import emergency_defaults, hours
from locality import holidays
from transcripts.compliance import controller

IN_MEMORY_LAYER = "channels.layers.InMemoryChannelLayer"
ORIGIN_SETTINGS = ("CHAT_ALLOWED_ORIGINS", "CHAT_SERVER_ORIGINS")


def _is_bare_origin(value: str) -> bool:
    parts = urlsplit(value)
    return (
        parts.scheme in {"http", "https"}
        and bool(parts.netloc)
        and parts.path in {"", "/"}
        and not parts.query
        and not parts.fragment
        and "@" not in parts.netloc
    )


@register("chat")
def check_origins(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    for name in ORIGIN_SETTINGS:
        for entry in getattr(settings, name):
            if "*" in entry:
                messages.append(
                    Error(
                        f"{name} contains a wildcard.",
                        hint="List each landlord site exactly, e.g. https://www.example.org.",
                        id="chat.E001",
                    )
                )
            elif not _is_bare_origin(entry):
                messages.append(
                    Error(
                        f"{name} has an entry that is not an origin (scheme://host[:port]).",
                        hint="Leave out paths, queries and credentials.",
                        id="chat.E002",
                    )
                )
    return messages


# The settings each app parses from text, the parser that raises on a bad value
# (its message names the variable), and the id the error is reported under.
PARSED_SETTINGS: tuple[tuple[str, Callable[[], object], str], ...] = (
    ("CHAT_OPENING_HOURS", hours.weekly_hours, "chat.E003"),
    ("CHAT_CLOSURES", hours.closures, "chat.E004"),
    ("CHAT_BANK_HOLIDAYS", holidays.configured_region, "chat.E005"),
    ("CHAT_EMERGENCY_PHRASES", emergency_defaults.configured_phrases, "chat.E006"),
    (
        "CHAT_LAWFUL_BASES",
        lambda: controller.parse_lawful_bases(settings.CHAT_LAWFUL_BASES),
        "chat.E007",
    ),
    ("CHAT_CONTROLLER_ADDRESS", controller.configured_address, "chat.E008"),
)


@register("chat")
def check_parsed_settings(**kwargs: Any) -> list[CheckMessage]:
    """Parses each setting the chat reads from text, so a bad one stops the start-up."""
    messages: list[CheckMessage] = []
    for name, parse, check_id in PARSED_SETTINGS:
        try:
            parse()
        except ImproperlyConfigured as error:
            messages.append(Error(str(error), hint=f"See {name} in README.md.", id=check_id))
    return messages


@register("chat", deploy=True)
def check_deployment(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.CHANNEL_LAYERS["default"]["BACKEND"] == IN_MEMORY_LAYER and not settings.DEBUG:
        messages.append(
            Warning(
                "The in-memory channel layer is in use with DJANGO_DEBUG off.",
                hint="Set REDIS_URL: the in-memory layer serves one process and slows "
                "sharply with many sockets.",
                id="chat.W001",
            )
        )
    if "*" in settings.ALLOWED_HOSTS:
        messages.append(
            Warning(
                "DJANGO_ALLOWED_HOSTS contains '*'.",
                hint="Name the chat server's host names.",
                id="chat.W002",
            )
        )
    for name in ORIGIN_SETTINGS:
        if any(not entry.startswith("https://") for entry in getattr(settings, name)):
            messages.append(
                Warning(
                    f"{name} has an entry that is not https://.",
                    hint="Widgets and consoles must only be served over TLS.",
                    id="chat.W003",
                )
            )
    if not settings.CHAT_ALLOWED_ORIGINS:
        messages.append(
            Warning(
                "CHAT_ALLOWED_ORIGINS is empty, so no landlord site can embed the widget.",
                hint="List the landlord sites, e.g. https://www.example.org.",
                id="chat.W004",
            )
        )
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        messages.append(
            Warning(
                "SQLite is in use with DJANGO_DEBUG off.",
                hint="Set DATABASE_URL to PostgreSQL to run more than one server process.",
                id="chat.W005",
            )
        )
    return messages
