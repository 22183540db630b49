"""How many conversations a visitor may start (audit F-05: queue flooding).

Each bound is counted where it holds across processes: per socket in the socket
itself, per session token and per client address in the database, through each
conversation's ``ConversationOrigin`` (the session's hash and a keyed hash of the
address's rate-limit key, never the address). A start is counted (``admit``) and
inserted in one transaction, serialised per address and per session, so starts that
arrive at once, in any process, cannot all pass the last free place.

Synchronous (call it through ``database_sync_to_async``). Only housekeeping's
``forget_old_addresses`` writes: it blanks address hashes no bound needs any more.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Min, QuerySet
from django.utils.timezone import now as timezone_now

from chatserver.chat import locks, state
from chatserver.chat.clients import rate_limit_key
from chatserver.chat.errors import RateLimited
from chatserver.chat.ratelimit import SlidingWindow
from chatserver.chat.visitor_auth import session_hash
from transcripts.record import blind_index
from transcripts.record.models import Conversation, ConversationOrigin

HOUR = 3600.0
# What a visitor refused for holding too many chats in the queue is told to wait: the
# queue moves when an adviser takes one, which has no set time.
QUEUE_RETRY_SECONDS = 60


@dataclass(frozen=True)
class Origin:
    """Who is starting a conversation, as stored: hashes only."""

    session_hash: str
    address_index: str


def origin_of(session_id: str, address: str) -> Origin:
    """The origin of a start from ``address`` (an IPv6 address counts as its /64)."""
    return Origin(session_hash(session_id), blind_index.address_index(rate_limit_key(address)))


def socket_window() -> SlidingWindow:
    """One socket's starts; the socket keeps its own (it lives in one process)."""
    return SlidingWindow(settings.CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR, HOUR)


def check_socket(window: SlidingWindow) -> None:
    """Counts a start on the socket, or refuses it."""
    wait = window.hit("starts")
    if wait:
        raise RateLimited(
            "too many chats started on this connection; please try again later",
            retry_after=round(wait),
            limit=window.limit,
        )


def _hourly(recent: QuerySet[ConversationOrigin], limit: int, whose: str) -> None:
    if recent.count() < limit:
        return
    oldest = recent.aggregate(oldest=Min("created_at"))["oldest"]
    wait = (oldest + timedelta(seconds=HOUR) - timezone_now()).total_seconds()
    raise RateLimited(
        f"too many chats started from {whose} in the last hour; please try again later",
        retry_after=max(1, round(wait)),
        limit=limit,
    )


def _queued(queued: QuerySet[Conversation], limit: int, whose: str) -> None:
    if queued.count() >= limit:
        raise RateLimited(
            f"{whose} already has {limit} chats waiting for an adviser; "
            "please wait until one is answered",
            retry_after=QUEUE_RETRY_SECONDS,
            limit=limit,
        )


def check_start(origin: Origin) -> None:
    """Refuses a new conversation beyond the session's and the address's bounds."""
    recent = ConversationOrigin.objects.filter(
        created_at__gte=timezone_now() - timedelta(seconds=HOUR)
    )
    queue = Conversation.objects.filter(state.TAKEABLE)
    _hourly(
        recent.filter(session_hash=origin.session_hash),
        settings.CHAT_CONVERSATIONS_PER_SESSION_PER_HOUR,
        "this chat session",
    )
    _hourly(
        recent.filter(address_index=origin.address_index),
        settings.CHAT_CONVERSATIONS_PER_IP_PER_HOUR,
        "your connection",
    )
    _queued(
        queue.filter(origin__session_hash=origin.session_hash),
        settings.CHAT_QUEUED_CONVERSATIONS_PER_SESSION,
        "this chat session",
    )
    _queued(
        queue.filter(origin__address_index=origin.address_index),
        settings.CHAT_QUEUED_CONVERSATIONS_PER_IP,
        "your connection",
    )


def admit(origin: Origin) -> None:
    """Refuses a start beyond the bounds, else holds them until the transaction ends:
    call it inside the ``transaction.atomic()`` that inserts the conversation."""
    if not connection.in_atomic_block:
        raise RuntimeError("admission must run in the transaction that starts the chat")
    locks.serialise_on(origin.address_index, origin.session_hash)
    check_start(origin)


def forget_old_addresses() -> int:
    """Blanks the address hash of conversations started over an hour ago that have left
    the queue: no bound counts them any more, so the hash is not kept to link them."""
    queued = Conversation.objects.filter(state.TAKEABLE).values("pk")
    return (
        ConversationOrigin.objects.filter(created_at__lt=timezone_now() - timedelta(seconds=HOUR))
        .exclude(address_index="")
        .exclude(conversation__in=queued)
        .update(address_index="")
    )
