"""The command line shared by the generators of committed files (``frames.js``,
``launcher.min.js``): write the file, or with ``--check`` say whether it is stale."""

import sys
from pathlib import Path


def write_or_check(target: Path, text: str, command: str, arguments: list[str]) -> int:
    """Writes ``text`` to ``target``; with ``--check``, exits 1 when they differ."""
    if "--check" in arguments:
        if not target.exists() or target.read_text() != text:
            print(f"{target} is out of date: run {command}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text)
    return 0
