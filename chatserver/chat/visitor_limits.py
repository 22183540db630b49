"""The visitor socket's rate windows (``chat.ratelimit``), each per process."""

from django.conf import settings

from chatserver.chat.ratelimit import SlidingWindow, shared_window


def visitor_message_window() -> SlidingWindow:
    return shared_window("visitor-messages", settings.CHAT_MESSAGES_PER_MINUTE, 60.0)


def email_code_socket_window() -> SlidingWindow:
    """Code emails asked for on one socket (keyed by its channel) in an hour."""
    return shared_window("email-codes-socket", settings.CHAT_TRANSCRIPT_EMAILS_PER_HOUR, 3600.0)


def email_code_address_window() -> SlidingWindow:
    """Code emails asked for from one client address (an IPv6 one's /64) in an hour, in
    this process."""
    return shared_window("email-codes-ip", settings.CHAT_EMAIL_CODES_PER_IP_PER_HOUR, 3600.0)


def visibility_window() -> SlidingWindow:
    """Visibility changes one socket may report in a minute: a flapping tab cannot flood
    its agent with presence frames."""
    return shared_window("visibility", settings.CHAT_VISIBILITY_CHANGES_PER_MINUTE, 60.0)
