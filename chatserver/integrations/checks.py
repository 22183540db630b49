"""Deployment checks of the webhooks: plain http to this machine is for tests only."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register("integrations", deploy=True)
def check_loopback_http(**kwargs: Any) -> list[CheckMessage]:
    if settings.CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP and not settings.DEBUG:
        return [
            Warning(
                "CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP is on with DJANGO_DEBUG off.",
                hint="Turn it off: webhook endpoints must be https (it is for tests and a "
                "developer's own receiver).",
                id="integrations.W001",
            )
        ]
    return []
