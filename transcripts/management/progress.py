"""A progress line for long commands: a bar on a terminal, periodic lines otherwise."""

import time
from typing import Protocol


class Stream(Protocol):
    def write(self, text: str, /) -> object: ...

    def flush(self) -> None: ...


class Progress:
    def __init__(self, stream: Stream, label: str, every_seconds: float = 5.0) -> None:
        self.stream = stream
        self.label = label
        self.every = every_seconds
        self.started = time.monotonic()
        self.last_line = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.tty:
            width = 30
            filled = width * done // total if total else width
            self.stream.write(
                f"\r{self.label}: [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            )
            self.stream.flush()
        elif now - self.last_line >= self.every:
            self.stream.write(f"{self.label}: {done}/{total}\n")
            self.last_line = now

    def finish(self, done: int) -> None:
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        if self.tty:
            self.stream.write("\n")
        self.stream.write(f"{self.label}: {done} in {elapsed:.1f}s ({rate:.0f}/s)\n")
