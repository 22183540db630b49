"""Coalescing of updates that only need to carry the latest state.

A burst of changes (fifty visitors starting chats within a second) would
otherwise send the whole queue to every agent once per change.
"""

import asyncio
import contextvars
import logging
import weakref
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async

logger = logging.getLogger(__name__)


class _LoopState:
    def __init__(self) -> None:
        self.last_run = float("-inf")
        self.trailing_scheduled = False


class Coalesced:
    """Runs a synchronous function at most once per ``interval`` on each event loop.

    Called from synchronous code (the database thread, after a commit), it
    runs the function at once if it has not run within ``interval``; otherwise
    one more run is scheduled for the end of the interval, reading the state
    of then, and any further calls until that run are absorbed by it.
    """

    def __init__(self, function: Callable[[], None], interval: float) -> None:
        self.function = function
        self.interval = interval
        self._states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = (
            weakref.WeakKeyDictionary()
        )

    def __call__(self) -> None:
        if async_to_sync(self._claim)():
            self.function()

    async def _claim(self) -> bool:
        """True when the caller runs the function now; else a later run is arranged."""
        loop = asyncio.get_running_loop()
        state = self._states.setdefault(loop, _LoopState())
        if state.trailing_scheduled:
            return False
        now = loop.time()
        if now - state.last_run >= self.interval:
            state.last_run = now
            return True
        state.trailing_scheduled = True
        # A fresh context: this one belongs to the caller's async_to_sync, whose
        # executor will have gone by the time the later run needs a database thread.
        loop.call_at(
            state.last_run + self.interval,
            lambda: loop.create_task(self._trail(state)),
            context=contextvars.Context(),
        )
        return False

    async def _trail(self, state: _LoopState) -> None:
        state.trailing_scheduled = False
        state.last_run = asyncio.get_running_loop().time()
        try:
            await database_sync_to_async(self.function)()
        except Exception as error:  # noqa: BLE001  (the next change sends a fresh update)
            logger.warning("A coalesced update failed: %s", type(error).__name__)
