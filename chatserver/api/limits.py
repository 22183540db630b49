"""Each token's requests a minute (``API_REQUESTS_PER_MINUTE``), counted in this process by
the chat's sliding window (``chatserver.chat.ratelimit``): a deployment of N server
processes lets a token make up to N times as many, which the docs say."""

from django.conf import settings

from chatserver.api.models import ApiToken
from chatserver.chat.ratelimit import shared_window

WINDOW_SECONDS = 60.0


def wait_before_next(token: ApiToken) -> float:
    """Counts a request of ``token``: 0 when allowed, else the seconds until one is."""
    window = shared_window("api", settings.API_REQUESTS_PER_MINUTE, WINDOW_SECONDS)
    # By its prefix (unique, random), which no other token ever had: a row id can come back
    # after a rolled-back insert, with the counts of a token that is gone.
    return window.hit(token.prefix)
