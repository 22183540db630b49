"""How well the complaint and hazard prompts read lines nobody tuned them on.

    python -m bench prompt_cues          (the held-out set)
    python -m bench.prompt_cues [PATH ...]

Each set is JSON lines of ``{"text", "lang", "dissatisfied": bool, "hazard": null |
"damp_mould" | "emergency" | "other_hazard"}``, labelled by someone who had not read the
prompt words (``bench/data/prompt_cues_heldout.md`` says how). For each language and in
all, the dissatisfaction prompt's and the hazard prompt's recall (the labelled lines that
prompted) and precision (the prompted lines that were labelled), and damp and mould
found as damp and mould; then the lines per second of the reading beside the emergency
check every line already pays.
"""

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import BENCH_KEYS, ROOT

DEFAULT_SET = ROOT / "bench" / "data" / "prompt_cues_heldout.jsonl"


def _rate(found: int, total: int) -> str:
    return f"{found / total:.3f} ({found}/{total})" if total else "-"


def _scores(rows: list[dict], read: Callable[[str], tuple[bool, str | None]]) -> dict[str, str]:
    told = [(row, *read(row["text"])) for row in rows]
    said_unhappy = [row["dissatisfied"] for row, unhappy, _ in told if unhappy]
    unhappy = [unhappy for row, unhappy, _ in told if row["dissatisfied"]]
    said_hazard = [row["hazard"] is not None for row, _, hazard in told if hazard]
    hazards = [hazard is not None for row, _, hazard in told if row["hazard"]]
    damp = [hazard == "damp_mould" for row, _, hazard in told if row["hazard"] == "damp_mould"]
    return {
        "dissatisfied recall": _rate(sum(unhappy), len(unhappy)),
        "dissatisfied precision": _rate(sum(said_unhappy), len(said_unhappy)),
        "hazard recall": _rate(sum(hazards), len(hazards)),
        "hazard precision": _rate(sum(said_hazard), len(said_hazard)),
        "damp and mould recall": _rate(sum(damp), len(damp)),
    }


def _speed(texts: list[str], function: Callable[[str], object]) -> float:
    best = 0.0
    for _ in range(5):
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatserver.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("TRANSCRIPT_KEYS", BENCH_KEYS)
    import django

    django.setup()
    from chatserver.casework import prompt_cues, prompt_words
    from chatserver.chat import emergencies

    def group(category: str) -> str:
        if prompt_cues.severity(category) == "emergency":
            return "emergency"
        return "damp_mould" if category == prompt_words.DAMP_MOULD else "other_hazard"

    def read(text: str) -> tuple[bool, str | None]:
        cues = prompt_cues.read(text, emergencies.detect(text))
        return cues.dissatisfied, cues.hazard and group(cues.hazard)

    paths = [Path(arg) for arg in (argv if argv is not None else [])] or [DEFAULT_SET]
    for path in paths:
        rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        print(f"{path.name}: {len(rows)} lines")
        for language in (*sorted({row["lang"] for row in rows}), "all"):
            chosen = [row for row in rows if language in ("all", row["lang"])]
            for name, figure in _scores(chosen, read).items():
                print(f"  {language:<4} {name:<24} {figure}")
        texts = [row["text"] for row in rows]
        cues_rate, emergency_rate = _speed(texts, read), _speed(texts, emergencies.detect)
        print(f"  lines/s: prompts and emergency {cues_rate:,.0f}; emergency {emergency_rate:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
