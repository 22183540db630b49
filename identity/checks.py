"""Deployment checks of the session settings that agents' sign-in relies on.

``DJANGO_SESSION_SECONDS`` is a plain number read by the settings (a value that is not one
stops the server at once); whether it is a sound policy is for ``check --deploy`` to say.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Warning, register

# The engines whose sessions are rows that can be listed and deleted: "sign out
# everywhere" needs one.
ROW_ENGINES = frozenset(
    {"django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"}
)
# The longest session a deployment should give an agent without saying why.
LONGEST_SESSION_SECONDS = 12 * 3600


@register("identity", deploy=True)
def check_sessions(**kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.SESSION_COOKIE_AGE > LONGEST_SESSION_SECONDS:
        messages.append(
            Warning(
                f"DJANGO_SESSION_SECONDS is {settings.SESSION_COOKIE_AGE}: agents stay signed "
                "in for more than 12 hours.",
                hint="Leave it at 28800 (8 hours) unless the landlord's policy says otherwise.",
                id="identity.W001",
            )
        )
    if settings.SESSION_ENGINE not in ROW_ENGINES:
        messages.append(
            Warning(
                "SESSION_ENGINE does not keep sessions as database rows, so a supervisor's "
                "sign out everywhere cannot end them.",
                hint="Use django.contrib.sessions.backends.db (the default) or cached_db.",
                id="identity.W002",
            )
        )
    return messages
