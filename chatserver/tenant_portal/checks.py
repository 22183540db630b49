"""The portal's key and claims are parsed at start-up, so a bad set-up stops the server."""

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from chatserver.tenant_portal import config


@register("tenant_portal")
def check_portal_key(**kwargs: Any) -> list[CheckMessage]:
    try:
        config.configured()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="See the TENANT_PORTAL_* settings in docs/integrations.md.",
                id="tenant_portal.E001",
            )
        ]
    return []
