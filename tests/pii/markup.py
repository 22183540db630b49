"""Labelled chat lines written by hand: ``[LABEL|text]`` marks a span that must be
masked, ``{text}`` one that may be masked or kept (a town, a staff member's name).

    python -m tests.pii.markup tests/pii/heldout.txt > tests/pii/heldout.jsonl
"""

import json
import re
import sys
from pathlib import Path

_OPEN = re.compile(r"\[([A-Z_]+)\||\{")


def _close(line: str, start: int, opener: str) -> int:
    """The index of the bracket that closes the span opened just before ``start``; a span
    may hold brackets of its own ("name [at] domain [dot] com")."""
    closer, depth = {"[": "]", "{": "}"}[opener], 1
    for index in range(start, len(line)):
        if line[index] == opener:
            depth += 1
        elif line[index] == closer:
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unclosed span in {line!r}")


def parse(line: str, row_id: str) -> dict[str, object]:
    """One marked-up line as a row of the development set's format."""
    text, spans, neutral, position = "", [], [], 0
    known: dict[str, str] = {}
    if " ## known " in line:
        line, known_text = line.split(" ## known ", 1)
        known = json.loads(known_text)
    while (match := _OPEN.search(line, position)) is not None:
        text += line[position : match.start()]
        label = match.group(1)
        end = _close(line, match.end(), "[" if label else "{")
        value = line[match.end() : end]
        span = {"start": len(text), "end": len(text) + len(value)}
        if label:
            spans.append({**span, "label": label})
        else:
            neutral.append(span)
        text += value
        position = end + 1
    text += line[position:]
    row: dict[str, object] = {"id": row_id, "text": text, "spans": spans, "neutral": neutral}
    if known:
        row["known"] = known
    return row


def rows(path: Path) -> list[dict[str, object]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        parse(line, f"{path.stem}-{number:04d}")
        for number, line in enumerate(lines)
        if not line.startswith("#")
    ]


if __name__ == "__main__":
    for row in rows(Path(sys.argv[1])):
        print(json.dumps(row, ensure_ascii=False))
