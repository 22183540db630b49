"""Which URLs an endpoint may have: https, a host, no credentials, no fragment.

A supervisor types the URL, so every refusal says what to change. Plain http is refused
except to this machine (127.0.0.1, ::1 or localhost) when ``CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP``
is on, for tests and a developer's own receiver.
"""

from urllib.parse import urlsplit

from django.conf import settings

MAX_LENGTH = 400
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class BadAddress(ValueError):
    """The URL cannot be an endpoint's; the message says why, in words for a supervisor."""


def checked_url(text: str) -> str:
    """The URL, stripped, when an endpoint may have it; raises ``BadAddress`` otherwise."""
    url = text.strip()
    if not url or len(url) > MAX_LENGTH:
        raise BadAddress(f"Give the endpoint's address, at most {MAX_LENGTH} characters.")
    if any(ord(character) < 33 or ord(character) == 127 for character in url):
        raise BadAddress("The address cannot hold spaces or control characters.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadAddress("That is not a web address.") from None
    host = parts.hostname or ""
    if parts.scheme == "http" and host in LOOPBACK_HOSTS:
        if not settings.CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP:
            raise BadAddress("The address must start with https://.")
    elif parts.scheme != "https":
        raise BadAddress("The address must start with https://.")
    if not host:
        raise BadAddress("The address must name a host.")
    if parts.username is not None or parts.password is not None:
        raise BadAddress("Put no user name or password in the address: the signature proves us.")
    if parts.fragment:
        raise BadAddress("The address cannot end with a #fragment.")
    if port == 0:
        raise BadAddress("The address's port cannot be 0.")
    return url
