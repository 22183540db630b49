"""Scores the redaction engine on the labelled development set, as its README says.

A span counts as masked only when every letter and digit of it lies inside a
detected entity. Words outside every labelled and neutral span should survive.

    python -m tests.pii_scoring [path/to/dev.jsonl]     prints per-label figures and misses
"""

import json
import os
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# Beside the project, or where PII_DEV_SET says (a worktree's parent has no shared/).
DEV_SET = Path(
    os.environ.get(
        "PII_DEV_SET",
        Path(__file__).resolve().parent.parent.parent / "shared" / "pii-dev" / "dev.jsonl",
    )
)
# The project's own labelled lines (written with ``tests.pii.markup``).
OWN_SETS = Path(__file__).resolve().parent / "pii"


@dataclass
class Score:
    found: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    words_kept: int = 0
    words_total: int = 0
    misses: list[str] = field(default_factory=list)
    over_masked: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.total.values()))

    def label_recall(self, label: str) -> float:
        return self.found[label] / max(1, self.total[label])

    @property
    def kept(self) -> float:
        return self.words_kept / max(1, self.words_total)


def load(path: Path = DEV_SET) -> list[dict]:
    if not path.exists():
        from tests.backends import skip_or_fail

        skip_or_fail(f"the PII development set is not at {path} (shared/ beside the project)")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def score(rows: list[dict], redactor) -> Score:
    result = Score()
    for row in rows:
        text = row["text"]
        [entities] = redactor.analyze_many([text], row.get("known"))
        masked = [False] * len(text)
        for entity in entities:
            for index in range(entity.start, entity.end):
                masked[index] = True
        for span in row["spans"]:
            label = span["label"]
            result.total[label] += 1
            if all(masked[i] for i in range(span["start"], span["end"]) if text[i].isalnum()):
                result.found[label] += 1
            else:
                result.misses.append(f"{label}: {text[span['start'] : span['end']]!r} in {text!r}")
        protected = [False] * len(text)
        for span in row["spans"] + row.get("neutral", []):
            for index in range(span["start"], span["end"]):
                protected[index] = True
        position = 0
        for word in text.split():
            start = text.index(word, position)
            position = start + len(word)
            indices = [i for i in range(start, position) if text[i].isalnum()]
            if not indices or any(protected[i] for i in indices):
                continue
            result.words_total += 1
            if any(masked[i] for i in indices):
                result.over_masked.append(f"{word!r} in {text!r}")
            else:
                result.words_kept += 1
    return result


def report(result: Score) -> str:
    lines = [f"span recall {result.recall:.3f}; non-PII words kept {result.kept:.3f}"]
    for label in sorted(result.total):
        found, total = result.found[label], result.total[label]
        lines.append(f"  {label:<15} {result.label_recall(label):.3f} ({found}/{total})")
    lines += ["misses:"] + [f"  {miss}" for miss in result.misses]
    lines += ["over-masked words:"] + [f"  {word}" for word in result.over_masked]
    return "\n".join(lines)


if __name__ == "__main__":
    from transcripts.redaction.pii import Redactor

    print(report(score(load(Path(sys.argv[1]) if len(sys.argv) > 1 else DEV_SET), Redactor())))
