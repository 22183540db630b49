"""Each server process's own background work, started with its first socket.

Housekeeping closes idle conversations and forgets vanished sockets (every
``CHAT_HOUSEKEEPING_SECONDS``); the key listener drops the data keys of erased and
aged conversations from this process's cache as soon as any process announces them.
"""

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings

from chatserver.chat import broadcast
from chatserver.chat.actions import conversations, email_codes
from chatserver.chat.ratelimit import forget_idle_windows
from transcripts.record import sealing

logger = logging.getLogger(__name__)

_tasks: dict[str, asyncio.Task[None]] = {}


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
}


def ensure_started() -> None:
    """Starts (or restarts, if one ended) this process's background tasks."""
    loop = asyncio.get_running_loop()
    for name, start in BACKGROUND.items():
        task = _tasks.get(name)
        if task is None or task.done():
            _tasks[name] = loop.create_task(start())
