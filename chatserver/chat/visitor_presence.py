"""Where the visitor is, as their agent sees it: the rule, with no database.

``connected``: a socket of the conversation is open and its page is shown; ``away``: every
open socket reports its page hidden (the widget sends ``visibility``); ``gone``: no socket,
and none came back within the reconnect grace (``CHAT_VISITOR_GONE_SECONDS``), or the chat
has ended. A widget that never reports visibility is connected while its socket is open.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta

CONNECTED = "connected"
AWAY = "away"
GONE = "gone"
CHOICES = [(CONNECTED, "connected"), (AWAY, "away"), (GONE, "gone")]


def derive(
    *,
    is_open: bool,
    hidden: Sequence[bool],
    left_at: datetime | None,
    last: str,
    now: datetime,
    grace: timedelta,
) -> str:
    """The presence from the open sockets' ``hidden`` flags, when the last socket left
    (``left_at``) and the presence shown before (``last``, kept through the grace)."""
    if not is_open:
        return GONE
    if hidden:
        return AWAY if all(hidden) else CONNECTED
    if left_at is not None and now - left_at <= grace:
        return last
    return GONE
