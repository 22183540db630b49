"""Messages stored and read back per second, AES-256-GCM against a null cipher.

Both runs take the same code path (``transcripts.record.store``): the null cipher only
swaps the AEAD primitive for one that copies bytes, so the difference is the
cost of encryption. Runs alternate and the best of each is kept.

    python -m bench store
"""

import json
import subprocess
import sys
import time

from bench.common import ROOT, ScratchDatabase, bench_env, postgres_admin_url

CONVERSATIONS = 20
MESSAGES_PER_CONVERSATION = 100
ROUNDS = 3
TEXT = "My kitchen tap has been leaking since Tuesday and the cupboard below is soaked."


class NullAEAD:
    """Same interface as AESGCM; copies instead of encrypting (benchmark only)."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @staticmethod
    def generate_key(bit_length: int) -> bytes:
        return b"\x00" * (bit_length // 8)

    def encrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        return data + b"\x00" * 16

    def decrypt(self, nonce: bytes, data: bytes, associated_data: bytes | None) -> bytes:
        return data[:-16]


def measure(cipher: str) -> dict[str, float]:
    """Runs inside a subprocess whose settings point at the scratch database."""
    import django

    django.setup()
    from transcripts.record import crypto, sealing, store

    if cipher == "null":
        crypto.AESGCM = NullAEAD  # type: ignore[misc,assignment]
        store.AESGCM = NullAEAD  # type: ignore[misc,assignment]
    sealing.key_cache().clear()
    conversations = [store.create_conversation().pk for _ in range(CONVERSATIONS)]
    started = time.perf_counter()
    for n in range(MESSAGES_PER_CONVERSATION):
        for conversation_id in conversations:
            store.append_message(conversation_id, sender="visitor", text=TEXT, client_id=f"c{n}")
    stored = time.perf_counter() - started
    started = time.perf_counter()
    read = sum(len(store.read_messages(conversation_id)) for conversation_id in conversations)
    reading = time.perf_counter() - started
    total = CONVERSATIONS * MESSAGES_PER_CONVERSATION
    assert read == total
    return {"store_per_s": total / stored, "read_per_s": total / reading}


def run_backend(kind: str) -> dict[str, dict[str, float]]:
    database = ScratchDatabase(kind)
    best: dict[str, dict[str, float]] = {}
    try:
        for _ in range(ROUNDS):
            for cipher in ("aesgcm", "null"):
                output = subprocess.run(
                    [sys.executable, "-m", "bench.store", "--measure", cipher],
                    cwd=ROOT,
                    env=bench_env(database.url),
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                figures = json.loads(output.strip().splitlines()[-1])
                previous = best.setdefault(cipher, figures)
                for key, value in figures.items():
                    previous[key] = max(previous[key], value)
    finally:
        database.drop()
    return best


def main() -> int:
    backends = ["sqlite"] + (["postgres"] if postgres_admin_url() else [])
    total = CONVERSATIONS * MESSAGES_PER_CONVERSATION
    print(f"Store benchmark: {total} messages of {len(TEXT)} chars, best of {ROUNDS} rounds")
    print(f"{'backend':<10} {'cipher':<8} {'stored/s':>10} {'read/s':>10}")
    failed = False
    for kind in backends:
        results = run_backend(kind)
        for cipher in ("aesgcm", "null"):
            figures = results[cipher]
            stored, read = figures["store_per_s"], figures["read_per_s"]
            print(f"{kind:<10} {cipher:<8} {stored:>10.0f} {read:>10.0f}")
        store_cost = results["null"]["store_per_s"] / results["aesgcm"]["store_per_s"] - 1
        read_cost = results["null"]["read_per_s"] / results["aesgcm"]["read_per_s"] - 1
        verdict = "ok" if store_cost < 0.10 else "OVER TARGET"
        failed |= store_cost >= 0.10
        print(
            f"{kind:<10} encryption adds {store_cost:+.1%} to storing ({verdict}, target < 10%), "
            f"{read_cost:+.1%} to reading"
        )
    if len(backends) == 1:
        print("postgres   skipped: PostgreSQL not reachable (set TEST_POSTGRES_URL)")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
    else:
        sys.exit(main())
