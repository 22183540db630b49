"""Refuse to serve with a configuration that the system checks call an error.

Daphne does not run Django's system checks, so the ASGI module calls this.
"""

from django.core import checks
from django.core.management.base import SystemCheckError


def refuse_misconfiguration() -> None:
    errors = [
        message
        for message in checks.run_checks(tags=["chat", "transcripts"])
        if message.level >= checks.ERROR and not message.is_silenced()
    ]
    if errors:
        lines = "\n".join(f"{message.id}: {message.msg} {message.hint or ''}" for message in errors)
        raise SystemCheckError(f"The chat server cannot start:\n{lines}")
