"""Labelled chat lines written by hand: ``[LABEL|text]`` marks a span that must be
masked, ``{text}`` one that may be masked or kept (a town, a staff member's name).

    python -m tests.pii.markup tests/pii/heldout.txt > tests/pii/heldout.jsonl
"""

import json
import re
import sys
from pathlib import Path

_MARK = re.compile(r"\[([A-Z_]+)\|([^\]]+)\]|\{([^}]+)\}")


def parse(line: str, row_id: str) -> dict[str, object]:
    """One marked-up line as a row of the development set's format."""
    text, spans, neutral, position = "", [], [], 0
    known: dict[str, str] = {}
    if " ## known " in line:
        line, known_text = line.split(" ## known ", 1)
        known = json.loads(known_text)
    for match in _MARK.finditer(line):
        text += line[position : match.start()]
        value = match.group(2) if match.group(1) else match.group(3)
        span = {"start": len(text), "end": len(text) + len(value)}
        if match.group(1):
            spans.append({**span, "label": match.group(1)})
        else:
            neutral.append(span)
        text += value
        position = match.end()
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
