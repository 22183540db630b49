"""Per-socket frame limits and per-IP connection limits (per process)."""

import time
from collections import defaultdict, deque
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """``rate`` tokens a second up to ``burst``; each frame takes one."""

    rate: float
    burst: float
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.updated = time.monotonic()

    def take(self) -> float:
        """Takes a token; returns 0 when allowed, else seconds until one is free."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class SlidingWindow:
    """At most ``limit`` events per ``window`` seconds for each key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = defaultdict(deque)

    def hit(self, key: str) -> float:
        """Records an event; returns 0 when allowed, else seconds until allowed."""
        now = time.monotonic()
        events = self._events[key]
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return events[0] + self.window - now
        events.append(now)
        return 0.0

    def forget_idle(self) -> None:
        cutoff = time.monotonic() - self.window
        for key in [
            key for key, events in self._events.items() if not events or events[-1] <= cutoff
        ]:
            del self._events[key]


_windows: dict[tuple[str, int, float], SlidingWindow] = {}


def shared_window(name: str, limit: int, window: float) -> SlidingWindow:
    """The process's window of that name; a changed limit starts a fresh one."""
    key = (name, limit, window)
    if key not in _windows:
        _windows[key] = SlidingWindow(limit, window)
    return _windows[key]


def forget_idle_windows() -> None:
    for window in _windows.values():
        window.forget_idle()


class ConnectionTracker:
    """Open sockets and recent connects per client address, in this process."""

    def __init__(self) -> None:
        self.open: dict[str, int] = defaultdict(int)
        self.connects: SlidingWindow | None = None

    def admit(self, address: str, max_open: int, per_minute: int) -> bool:
        if self.connects is None or self.connects.limit != per_minute:
            self.connects = SlidingWindow(per_minute, 60.0)
        if self.open[address] >= max_open:
            return False
        if self.connects.hit(address):
            return False
        self.open[address] += 1
        return True

    def release(self, address: str) -> None:
        self.open[address] -= 1
        if self.open[address] <= 0:
            del self.open[address]


connections = ConnectionTracker()
