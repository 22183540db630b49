"""Redaction speed: our batched pipeline against Presidio's defaults, side by side.

(1) Presidio's ``AnalyzerEngine.analyze`` called once per message with default
recognizers and settings (on the same PyPI spaCy model); (2) Presidio's
``BatchAnalyzerEngine`` over the same defaults; (3) our engine's batched
``analyze_many``; (4) our full masking (``redact_lines``). Then, in a fresh
process: engine start-up time and resident memory over a 10,000-message run,
which must not keep growing (spaCy's memory zone).

    python -m bench redaction
"""

import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ROOT, bench_env

# The development set beside the project, or where PII_DEV_SET says (a worktree's parent
# has no shared/).
DEV_SET = Path(os.environ.get("PII_DEV_SET", ROOT.parent / "shared" / "pii-dev" / "dev.jsonl"))
MESSAGES = 2000
MEMORY_RUN = 10_000
# Issue #28: our masking (rules and the housing NER) at least 2.5 times Presidio's
# per-message analyze() on the same lines.
SPEED_TARGET = 2.5


def messages(count: int, seed: int = 7) -> list[str]:
    """Dev-set lines with their digits changed, so no two runs see the same strings."""
    if not DEV_SET.exists():
        raise SystemExit(
            f"the PII development set is not at {DEV_SET} (shared/ beside the project)"
        )
    base = [json.loads(line)["text"] for line in DEV_SET.read_text().splitlines() if line]
    generator = random.Random(seed)
    return [
        re.sub(r"\d", lambda _m: str(generator.randrange(10)), base[n % len(base)])
        for n in range(count)
    ]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else 0.0


def measure_speed() -> dict[str, float]:
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    from transcripts.redaction.pii import DEFAULT_MODEL, Redactor

    texts = messages(MESSAGES)
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": DEFAULT_MODEL}],
        }
    )
    default = AnalyzerEngine(nlp_engine=provider.create_engine())
    default.analyze("warm up", language="en")
    sample = texts[:500]
    started = time.perf_counter()
    for text in sample:
        default.analyze(text, language="en")
    per_message = rate(len(sample), time.perf_counter() - started)

    batch = BatchAnalyzerEngine(analyzer_engine=default)
    started = time.perf_counter()
    list(batch.analyze_iterator(texts, language="en", batch_size=128))
    presidio_batch = rate(len(texts), time.perf_counter() - started)

    ours = Redactor()
    ours.warm()
    started = time.perf_counter()
    for offset in range(0, len(texts), 256):
        ours.analyze_many(texts[offset : offset + 256])
    analysed = rate(len(texts), time.perf_counter() - started)
    started = time.perf_counter()
    for offset in range(0, len(texts), 256):
        ours.redact_lines([(text, None) for text in texts[offset : offset + 256]])
    masked = rate(len(texts), time.perf_counter() - started)
    return {
        "presidio_per_message": per_message,
        "presidio_batch": presidio_batch,
        "ours_analyze": analysed,
        "ours_redact": masked,
    }


def measure_memory() -> dict[str, float]:
    started = time.perf_counter()
    from transcripts.redaction.pii import Redactor

    redactor = Redactor()
    redactor.warm()
    startup = time.perf_counter() - started
    after_start = rss_mib()
    texts = messages(MEMORY_RUN, seed=11)
    checkpoints = {}
    for offset in range(0, len(texts), 250):
        redactor.redact_lines([(text, None) for text in texts[offset : offset + 250]])
        done = offset + 250
        if done in (2000, MEMORY_RUN):
            checkpoints[done] = rss_mib()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "startup_s": startup,
        "rss_after_start_mib": after_start,
        "rss_after_2000_mib": checkpoints[2000],
        "rss_after_10000_mib": checkpoints[MEMORY_RUN],
        "peak_rss_mib": peak,
    }


def _in_subprocess(mode: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.redaction", "--measure", mode],
        cwd=ROOT,
        env=bench_env("sqlite:////tmp/unused.sqlite3"),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    speed = _in_subprocess("speed")
    memory = _in_subprocess("memory")
    base = speed["presidio_per_message"]
    print(
        f"Redaction benchmark: {MESSAGES} chat lines (dev-set shapes, digits varied), one process"
    )
    print(f"{'pipeline':<44} {'msgs/s':>9} {'x per-message':>14}")
    for label, key in (
        ("Presidio analyze() per message, defaults", "presidio_per_message"),
        ("Presidio BatchAnalyzerEngine, defaults", "presidio_batch"),
        ("ours: batched analyze_many", "ours_analyze"),
        ("ours: batched analysis + masking", "ours_redact"),
    ):
        print(f"{label:<44} {speed[key]:>9.0f} {speed[key] / base:>14.2f}")
    ratio = speed["ours_redact"] / base
    verdict = "ok" if ratio >= SPEED_TARGET else "NOT MET"
    print(f"speed target (>= {SPEED_TARGET}x per-message): {verdict} ({ratio:.2f}x)")
    growth = memory["rss_after_10000_mib"] - memory["rss_after_2000_mib"]
    print(
        f"engine start-up {memory['startup_s']:.1f}s; RSS after start "
        f"{memory['rss_after_start_mib']:.0f} MiB, after 2,000 lines "
        f"{memory['rss_after_2000_mib']:.0f} MiB, after {MEMORY_RUN:,} lines "
        f"{memory['rss_after_10000_mib']:.0f} MiB (growth {growth:+.0f} MiB); "
        f"peak {memory['peak_rss_mib']:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        result = measure_speed() if sys.argv[2] == "speed" else measure_memory()
        print(json.dumps(result))
    else:
        sys.exit(main())
