"""The cost of checking every visitor line for an emergency, beside sealing the line.

Both run in this process on the same lines (the PII development set's texts): the
phrase match (``chatserver.chat.emergencies.detect``) and AES-256-GCM sealing with a
fresh nonce, which every stored line already pays.

    python -m bench emergencies
"""

import json
import os
import time

from bench.common import BENCH_KEYS, ROOT, ratio

ROUNDS = 5


def lines() -> list[str]:
    path = ROOT.parent / "shared" / "pii-dev" / "dev.jsonl"
    texts = [json.loads(row)["text"] for row in path.read_text().splitlines() if row.strip()]
    return texts + ["I can smell gas in the hallway", "water pouring through the ceiling"]


def best_rate(function, texts: list[str]) -> float:
    best = 0.0
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for text in texts:
            function(text)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chatserver.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("TRANSCRIPT_KEYS", BENCH_KEYS)
    import django

    django.setup()
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from chatserver.chat.emergencies import detect
    from transcripts.record import crypto

    texts = lines()
    cipher = AESGCM(AESGCM.generate_key(256))
    flagged = sum(detect(text) is not None for text in texts)
    matching = best_rate(detect, texts)
    sealing = best_rate(lambda text: crypto.seal(cipher, "1", text.encode(), b"aad"), texts)
    mean = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} lines (mean {mean:.0f} characters), {flagged} flagged")
    print(f"emergency check: {matching:,.0f} lines/s ({1e6 / matching:.1f} µs a line)")
    print(f"sealing (AES-256-GCM): {sealing:,.0f} lines/s ({1e6 / sealing:.1f} µs a line)")
    print(f"ratio: check time / sealing time {ratio(sealing, matching)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
