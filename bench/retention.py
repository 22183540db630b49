"""Conversations aged per second: 20-message transcripts, SQLite and PostgreSQL.

The job batches redaction across conversations; the figure includes decrypting,
masking, writing the masked copy and destroying the keys.

    python -m bench retention
"""

import time

from bench.common import measured_on, postgres_admin_url, run_with_measure_half
from bench.redaction import messages

CONVERSATIONS = 200
MESSAGES_PER_CONVERSATION = 20


def measure() -> dict[str, float]:
    """Inside a subprocess whose settings point at a scratch database."""
    from datetime import timedelta

    import django

    django.setup()
    from django.utils.timezone import now

    from transcripts.compliance import retention
    from transcripts.record import store
    from transcripts.record.models import Conversation
    from transcripts.redaction.pii import default_redactor

    texts = messages(CONVERSATIONS * MESSAGES_PER_CONVERSATION, seed=3)
    for n in range(CONVERSATIONS):
        conversation = store.create_conversation(
            details={"name": f"Visitor {n}", "email": f"v{n}@example.org"}
        )
        for m in range(MESSAGES_PER_CONVERSATION):
            store.append_message(
                conversation.pk,
                sender="visitor",
                text=texts[n * MESSAGES_PER_CONVERSATION + m],
            )
    Conversation.objects.update(last_activity_at=now() - timedelta(days=100))
    default_redactor().warm()
    started = time.perf_counter()
    report = retention.run(batch_size=50)
    elapsed = time.perf_counter() - started
    assert report.aged == CONVERSATIONS and report.failed == 0
    return {"per_second": CONVERSATIONS / elapsed, "elapsed": elapsed}


def main() -> int:
    backends = ["sqlite"] + (["postgres"] if postgres_admin_url() else [])
    print(
        f"Retention benchmark: {CONVERSATIONS} closed conversations of "
        f"{MESSAGES_PER_CONVERSATION} messages, batches of 50"
    )
    for kind in backends:
        figures = measured_on(kind, "bench.retention")
        print(
            f"{kind:<10} {figures['per_second']:.1f} conversations/s "
            f"({figures['per_second'] * MESSAGES_PER_CONVERSATION:.0f} messages/s), "
            f"{figures['elapsed']:.1f}s"
        )
    if len(backends) == 1:
        print("postgres   skipped: PostgreSQL not reachable (set TEST_POSTGRES_URL)")
    return 0


if __name__ == "__main__":
    run_with_measure_half(main, measure)
