"""Ageing transcripts out: mask personal data, keep the masked copy, shred the original.

Design. A conversation is due when it is finished (closed, offline, or abandoned
while waiting or active) and its last activity is at least
``CHAT_RETENTION_DAYS`` before "now", and it is not on legal hold. For each due
conversation the job decrypts the messages and the visitor's details, masks the
messages with the redaction engine (the details as known values), and then, in
one database transaction per conversation, writes the masked text, deletes the
details, diagnostics, sessions and blind index, and destroys the data keys. A
crash at any point leaves each conversation untouched or fully aged: the masked
copy and the destruction commit together.

Redaction is the expensive step, so conversations are claimed in batches and
their messages masked in one pass through the NLP pipeline; writes stay one
transaction per conversation.

Two copies must never age the same conversation twice. On PostgreSQL a batch is
claimed with ``SELECT ... FOR UPDATE SKIP LOCKED`` and stamped with the run's
id, so another worker passes over it; a claim left by a crashed worker expires.
On SQLite, where there is no row locking, a lock file lets one copy run and
makes a second exit with a clear message.

A second horizon, ``CHAT_PURGE_DAYS``, deletes masked transcripts entirely.

Logs and audit entries carry ids and counts only.
"""

import fcntl
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.timezone import now as timezone_now

from transcripts.compliance import audit, holds
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Conversation

if TYPE_CHECKING:
    from transcripts.redaction.pii import Redactor

logger = logging.getLogger(__name__)

CLAIM_EXPIRY = timedelta(minutes=15)


class RetentionLocked(Exception):
    """Another copy of the job is running on this SQLite database."""


@dataclass
class RunReport:
    now: datetime
    dry_run: bool
    due: int = 0
    aged: int = 0
    held: int = 0
    failed: int = 0
    purged: int = 0
    skipped: int = 0
    failed_ids: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return self.aged / self.elapsed if self.elapsed > 0 else 0.0

    def counts(self) -> dict[str, int]:
        return {
            "due": self.due,
            "aged": self.aged,
            "held": self.held,
            "failed": self.failed,
            "purged": self.purged,
            "skipped": self.skipped,
        }


def retention_horizon(now: datetime) -> datetime:
    return now - timedelta(days=settings.CHAT_RETENTION_DAYS)


def _finished(now: datetime) -> QuerySet[Conversation]:
    """Conversations past the horizon that have not been aged or erased.

    Whatever their live status: waiting or active conversations this old were abandoned.
    """
    return Conversation.objects.filter(
        last_activity_at__lte=retention_horizon(now), aged_at=None, erased_at=None
    )


def _held(now: datetime) -> Q:
    return holds.active_hold(timezone.localdate(now))


def due_conversations(now: datetime) -> QuerySet[Conversation]:
    return _finished(now).exclude(_held(now))


def held_conversations(now: datetime) -> QuerySet[Conversation]:
    return _finished(now).filter(_held(now))


def purgeable_conversations(now: datetime) -> QuerySet[Conversation]:
    if settings.CHAT_PURGE_DAYS is None:
        return Conversation.objects.none()
    horizon = now - timedelta(days=settings.CHAT_PURGE_DAYS)
    return Conversation.objects.filter(aged_at__lte=horizon).exclude(_held(now))


@contextmanager
def single_runner() -> Iterator[None]:
    """On SQLite, one copy at a time (a lock file beside the database)."""
    if connection.vendor != "sqlite":
        yield
        return
    path = settings.VAR_DIR / "retention.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RetentionLocked(
                "Another age_transcripts is already running on this database; "
                "this copy is exiting without doing anything."
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def claim_batch(now: datetime, run_id: uuid.UUID, size: int) -> list[uuid.UUID]:
    """Claims up to ``size`` due conversations for this run; other workers skip them."""
    # Claims are stamped with the real time, whatever --now says.
    stale = timezone_now() - CLAIM_EXPIRY
    with transaction.atomic():
        candidates = due_conversations(now).filter(
            Q(retention_claim=None) | Q(retention_claimed_at__lt=stale)
        )
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.order_by("last_activity_at").values_list("pk", flat=True)[:size])
        Conversation.objects.filter(pk__in=ids).update(
            retention_claim=run_id, retention_claimed_at=timezone_now()
        )
    return ids


def release_claim(conversation_id: uuid.UUID, run_id: uuid.UUID) -> None:
    Conversation.objects.filter(pk=conversation_id, retention_claim=run_id).update(
        retention_claim=None, retention_claimed_at=None
    )


@dataclass
class Decrypted:
    conversation_id: uuid.UUID
    last_seq: int
    seqs: list[int]
    texts: list[str]
    known: dict[str, str | None]


def _decrypt(conversation_id: uuid.UUID) -> Decrypted:
    conversation = Conversation.objects.get(pk=conversation_id)
    messages = store.read_messages(conversation_id)
    details = store.read_details(conversation_id)
    return Decrypted(
        conversation_id=conversation_id,
        last_seq=conversation.last_seq,
        seqs=[message.seq for message in messages],
        texts=[message.text or "" for message in messages],
        known=dict(details.as_dict()),
    )


def age_conversation(
    item: Decrypted, masked: list[str], special_category: bool, now: datetime, run_id: uuid.UUID
) -> bool:
    """Commits one conversation's ageing; False when it changed or left the job meanwhile."""
    with transaction.atomic():
        conversation = (
            due_conversations(now)
            .select_for_update()
            .filter(pk=item.conversation_id, retention_claim=run_id)
            .first()
        )
        if conversation is None or conversation.last_seq != item.last_seq:
            return False
        store.replace_with_masked(
            conversation,
            dict(zip(item.seqs, masked, strict=True)),
            special_category=special_category,
        )
    return True


def run(
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = 50,
    limit: int | None = None,
    redactor: "Redactor | None" = None,
    progress: Callable[[RunReport], None] | None = None,
) -> RunReport:
    """Ages everything due, then purges what is past the purge horizon."""
    now = now or timezone_now()
    report = RunReport(now=now, dry_run=dry_run)
    with single_runner():
        report.due = due_conversations(now).count()
        report.held = held_conversations(now).count()
        if dry_run:
            report.purged = purgeable_conversations(now).count()
            _record(report)
            return report
        run_id = uuid.uuid4()
        if redactor is None:
            # Imported here: web processes read this module for /healthz and must
            # not load the NLP pipeline.
            from transcripts.redaction.pii import default_redactor

            redactor = default_redactor()
        remaining = report.due if limit is None else min(limit, report.due)
        while remaining > 0:
            ids = claim_batch(now, run_id, min(batch_size, remaining))
            if not ids:
                break
            remaining -= len(ids)
            _age_batch(ids, now, run_id, redactor, report)
            if progress is not None:
                progress(report)
        report.purged = _purge(now)
        _record(report)
    return report


def _age_batch(
    ids: list[uuid.UUID],
    now: datetime,
    run_id: uuid.UUID,
    redactor: "Redactor",
    report: RunReport,
) -> None:
    decrypted: list[Decrypted] = []
    for conversation_id in ids:
        try:
            decrypted.append(_decrypt(conversation_id))
        except Exception as error:  # noqa: BLE001  (one bad conversation must not stop the run)
            _fail(conversation_id, run_id, error, report)
    try:
        redactions = redactor.redact_transcripts([(item.texts, item.known) for item in decrypted])
    except Exception as error:  # noqa: BLE001
        for item in decrypted:
            _fail(item.conversation_id, run_id, error, report)
        return
    for item, lines in zip(decrypted, redactions, strict=True):
        try:
            aged = age_conversation(
                item,
                [line.text for line in lines],
                any(line.special_category for line in lines),
                now,
                run_id,
            )
        except Exception as error:  # noqa: BLE001
            _fail(item.conversation_id, run_id, error, report)
            continue
        if aged:
            report.aged += 1
        else:
            report.skipped += 1
            release_claim(item.conversation_id, run_id)


def _fail(
    conversation_id: uuid.UUID, run_id: uuid.UUID, error: Exception, report: RunReport
) -> None:
    logger.error(
        "Could not age conversation %s: %s (retried next run)",
        conversation_id,
        type(error).__name__,
    )
    report.failed += 1
    report.failed_ids.append(str(conversation_id))
    release_claim(conversation_id, run_id)


def _purge(now: datetime) -> int:
    purged = 0
    for conversation_id in list(purgeable_conversations(now).values_list("pk", flat=True)):
        with transaction.atomic():
            deleted, _ = Conversation.objects.filter(pk=conversation_id).delete()
            purged += 1 if deleted else 0
    return purged


def _record(report: RunReport) -> None:
    counts: dict[str, Any] = report.counts()
    audit.record(
        audit.RETENTION_RUN,
        **counts,
        dry_run=report.dry_run,
        acting_as_of=report.now.isoformat(),
        retention_days=settings.CHAT_RETENTION_DAYS,
        purge_days=settings.CHAT_PURGE_DAYS,
        elapsed_seconds=round(report.elapsed, 2),
    )
    logger.info(
        "Retention run: %s due, %s aged, %s held, %s failed, %s purged in %.1fs",
        report.due,
        report.aged,
        report.held,
        report.failed,
        report.purged,
        report.elapsed,
    )


def last_run() -> AuditEntry | None:
    return (
        AuditEntry.objects.filter(action=audit.RETENTION_RUN, detail__dry_run=False)
        .order_by("-at")
        .first()
    )


def overdue_warning(now: datetime | None = None) -> str | None:
    """A warning when the job has not run for twice its schedule (silent failures)."""
    now = now or timezone_now()
    limit = timedelta(hours=2 * settings.CHAT_RETENTION_SCHEDULE_HOURS)
    latest = last_run()
    if latest is not None:
        if now - latest.at > limit:
            return f"retention last ran {latest.at.isoformat()}, over {limit} ago"
        return None
    oldest = (
        Conversation.objects.order_by("created_at").values_list("created_at", flat=True).first()
    )
    if oldest is not None and now - oldest > limit:
        return "retention has never run"
    return None
