"""Each server process's own background work, started with its first socket.

Housekeeping closes idle conversations and forgets vanished sockets (every
``CHAT_HOUSEKEEPING_SECONDS``); the key listener drops the data keys of erased and
aged conversations from this process's cache as soon as any process announces them;
the canary (``layer_canary``) watches the channel layer.
"""

import asyncio
import logging
import uuid
from collections.abc import Callable, Coroutine
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from chatserver.chat import broadcast, layer_canary
from chatserver.chat.actions import conversations, email_codes, visitor_presence
from chatserver.chat.ratelimit import forget_idle_windows
from transcripts.record import sealing

logger = logging.getLogger(__name__)

_tasks: dict[str, asyncio.Task[None]] = {}
# The visitors' reconnect graces running in this process (held so they are not collected).
_graces: set[asyncio.Task[None]] = set()


async def _housekeeping_loop() -> None:
    while True:
        await asyncio.sleep(settings.CHAT_HOUSEKEEPING_SECONDS)
        try:
            await database_sync_to_async(conversations.do_housekeeping)()
            await database_sync_to_async(email_codes.forget_old_codes)()
            forget_idle_windows()
        except Exception as error:  # noqa: BLE001  (keep the loop alive; next round retries)
            logger.warning("Housekeeping failed: %s", type(error).__name__)


async def _key_listener() -> None:
    await broadcast.listen_for_destroyed_keys(sealing.forget_keys)


BACKGROUND: dict[str, Callable[[], Coroutine[Any, Any, None]]] = {
    "housekeeping": _housekeeping_loop,
    "destroyed-keys": _key_listener,
    "layer-canary": layer_canary.run,
}


def ensure_started() -> None:
    """Starts (or restarts, if one ended) this process's background tasks."""
    loop = asyncio.get_running_loop()
    for name, start in BACKGROUND.items():
        task = _tasks.get(name)
        if task is None or task.done():
            _tasks[name] = loop.create_task(start())


def expire_presence_later(conversation_id: uuid.UUID) -> None:
    """Once the reconnect grace has run (``CHAT_VISITOR_GONE_SECONDS``), marks the visitor
    of the conversation gone unless a socket of theirs came back; housekeeping is the
    backstop when this process stops first."""
    task = asyncio.get_running_loop().create_task(_expire_after_grace(conversation_id))
    _graces.add(task)
    task.add_done_callback(_graces.discard)


async def _expire_after_grace(conversation_id: uuid.UUID) -> None:
    await asyncio.sleep(settings.CHAT_VISITOR_GONE_SECONDS + 0.5)
    try:
        await database_sync_to_async(visitor_presence.do_expire_visitor_presence)([conversation_id])
    except Exception as error:  # noqa: BLE001  (housekeeping retries)
        logger.warning("Expiring a visitor's presence failed: %s", type(error).__name__)
