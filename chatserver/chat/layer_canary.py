"""A canary in every process: proof that the channel layer still carries events.

The layer only signals and may drop what it is given (a Redis restart, a failover, a
network cut, a pub/sub connection that silently stopped), and channels-redis tells
nobody. So every ``CHAT_LAYER_CANARY_SECONDS`` the process sends a numbered canary to
a channel of its own through the layer. While canaries stop arriving the layer counts
as down (``/healthz`` says so) and the process resubscribes its channels and groups on
new connections, again every few seconds until one gets through. When a canary
arrives after trouble (one was late, lost or refused), every socket of the process is
told to read what it missed from the database, from its last sequence number
(``ChatConsumer.layer_resync``): the replay a reconnecting client asks for, without
the client having to reconnect.

Started with the process's first socket, like housekeeping (``housekeeping``).
"""

import asyncio
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings

from chatserver.chat import broadcast, protocol

logger = logging.getLogger(__name__)

# A canary this many intervals overdue means the layer is down.
LATE_INTERVALS = 2.5


@dataclass
class CanaryState:
    running: bool = False
    # The event loop the canary runs on: its word is about that loop's layer only.
    loop: asyncio.AbstractEventLoop | None = None
    sent: int = 0
    arrived: int = 0
    last_arrival: float = field(default_factory=time.monotonic)
    # Whether something may have been lost since the last canary arrived.
    trouble: bool = False
    down_since: float | None = None
    last_resubscribe: float = float("-inf")


state = CanaryState()


def late_after() -> float:
    return settings.CHAT_LAYER_CANARY_SECONDS * LATE_INTERVALS


def _overdue(now: float) -> bool:
    """No canary for ``LATE_INTERVALS`` and at least two sent since: a busy event loop,
    which delays the sending as much as the arriving, is not taken for an outage."""
    return now - state.last_arrival > late_after() and state.sent - state.arrived >= 2


def layer_is_late() -> bool:
    """Whether this process's canary is overdue (False before it has started, and on
    another event loop than the canary's, as a test's that has ended)."""
    if not state.running or state.loop is not asyncio.get_running_loop():
        return False
    return _overdue(time.monotonic())


def arrived(number: int) -> None:
    """A canary came back: the layer carries events again. After trouble, or when one
    in between was lost, the sockets catch up."""
    lost = number != state.arrived + 1
    state.arrived = number
    state.last_arrival = time.monotonic()
    if state.trouble or lost:
        if state.down_since is not None:
            logger.warning(
                "Channel layer back after %.1f s: sockets catch up",
                state.last_arrival - state.down_since,
            )
        told = broadcast.tell_sockets_to_catch_up()
        logger.info("Told %s sockets to catch up", told)
    state.trouble = False
    state.down_since = None


async def _resubscribe_when_late(now: float) -> None:
    if not _overdue(now):
        return
    state.trouble = True
    if state.down_since is None:
        state.down_since = now
        logger.warning("Channel layer canary is late: resubscribing")
    if now - state.last_resubscribe < late_after():
        return
    state.last_resubscribe = now
    try:
        count = await asyncio.wait_for(broadcast.resubscribe(), late_after())
    except Exception as error:  # noqa: BLE001  (the layer is down; try again later)
        logger.warning("Resubscribing failed: %s", type(error).__name__)
    else:
        logger.info("Resubscribed %s channels and groups", count)


async def _send(channel: str, number: int) -> None:
    """Sends one canary. Not timed out: a publish that hangs (a silent network cut) is
    ended by the resubscription that the missing canaries bring about."""
    try:
        await broadcast.send_to_channel(channel, {"type": protocol.LAYER_CANARY, "number": number})
    except Exception as error:  # noqa: BLE001  (counted as trouble; the loop goes on)
        state.trouble = True
        logger.info("Canary not sent: %s", type(error).__name__)


async def _send_canaries(channel: str) -> None:
    sending: set[asyncio.Task[None]] = set()
    while True:
        state.sent += 1
        task = asyncio.get_running_loop().create_task(_send(channel, state.sent))
        sending.add(task)
        task.add_done_callback(sending.discard)
        await asyncio.sleep(settings.CHAT_LAYER_CANARY_SECONDS)
        await _resubscribe_when_late(time.monotonic())


async def run() -> None:
    """Sends and watches the canary for the life of the process."""
    while True:
        try:
            channel = await broadcast.new_process_channel("canary.")
            break
        except Exception as error:  # noqa: BLE001  (Redis may be down at start)
            logger.warning("Canary channel not created: %s", type(error).__name__)
            await asyncio.sleep(settings.CHAT_LAYER_CANARY_SECONDS)
    state.running, state.loop = True, asyncio.get_running_loop()
    state.last_arrival = time.monotonic()
    sender = asyncio.get_running_loop().create_task(_send_canaries(channel))
    try:
        while True:
            event = await broadcast.receive_on(channel)
            if event.get("type") == protocol.LAYER_CANARY:
                arrived(int(event.get("number", 0)))
    finally:
        state.running = False
        sender.cancel()
