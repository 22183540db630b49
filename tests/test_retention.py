"""The retention job: masking, shredding, holds, crash safety, boundaries, audit, health."""

import fcntl
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils.timezone import now as timezone_now

from chatserver.chat.models import LiveConversation, Rating
from tests import pii_scoring
from tests.dumps import assert_absent, dump_test_database
from transcripts.compliance import retention
from transcripts.compliance.models import AuditEntry
from transcripts.record import sealing, store
from transcripts.record.models import (
    Conversation,
    DataKey,
    Diagnostics,
    Message,
    RatingComment,
    VisitorDetails,
    VisitorSession,
)

DETAILS = {
    "name": "Zelda Retainer",
    "email": "zelda.retainer@example.org",
    "address": "8 Keep Lane",
}
LINES = [
    "Hi my name is Zelda Retainer, I live at 8 Keep Lane",
    "my phone is 07700 900461 and my NI is QQ 12 34 56 C? no sorry AB 12 34 56 C",
    "zelda here again, the boiler broke on Tuesday",
]


def make_conversation(
    lines=LINES, details=DETAILS, *, status="closed", days_ago: float = 100, notes=()
) -> Conversation:
    conversation = store.create_conversation(
        details=details,
        diagnostics={"ip_address": "198.51.100.23", "browser": "Firefox 140"},
        session_id_hash=f"{len(lines)}" + "0" * 63 if details else None,
    )
    for n, text in enumerate(lines):
        store.append_message(conversation.pk, sender="visitor", text=text, client_id=f"c{n}")
    for text in notes:
        store.append_message(conversation.pk, sender="note", text=text)
    moment = timezone_now() - timedelta(days=days_ago)
    LiveConversation.objects.filter(pk=conversation.pk).update(status=status)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_activity_at=moment, closed_at=moment if status == "closed" else None
    )
    conversation.refresh_from_db()
    return conversation


@pytest.fixture(autouse=True)
def _isolated_var_dir(settings, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.mark.django_db(transaction=True)
def test_due_conversation_is_masked_and_its_originals_destroyed() -> None:
    """Retention masks and destroys: PII fields nulled, text masked, the key destroyed."""
    conversation = make_conversation(notes=["Zelda Retainer called twice"])
    report = retention.run()
    assert (report.due, report.aged, report.failed) == (1, 1, 0)

    conversation.refresh_from_db()
    assert conversation.aged_at is not None
    assert not DataKey.objects.filter(conversation=conversation).exists()
    assert not VisitorDetails.objects.filter(conversation=conversation).exists()
    assert not Diagnostics.objects.filter(conversation=conversation).exists()
    assert not VisitorSession.objects.filter(conversation=conversation).exists()
    assert store.read_details(conversation.pk) == store.DetailsView()
    messages = store.read_messages(conversation.pk)
    assert {m.state for m in messages} == {store.MASKED}
    assert messages[0].text == "Hi my name is <PERSON_1>, I live at <ADDRESS_1>"
    assert "<PHONE_1>" in messages[1].text and "<NINO_1>" in messages[1].text
    assert messages[2].text == "<PERSON_2> here again, the boiler broke on Tuesday"
    assert messages[3].text == "<PERSON_1> called twice"
    assert all(m.body is None for m in Message.objects.filter(conversation=conversation))

    assert_absent(
        dump_test_database(),
        ("Zelda", "zelda", "Retainer", "Keep Lane", "07700 900461", "AB 12 34 56 C"),
    )


@pytest.mark.django_db
def test_legal_hold_is_respected_and_counted() -> None:
    held = make_conversation()
    Conversation.objects.filter(pk=held.pk).update(legal_hold=True, legal_hold_reason="complaint")
    report = retention.run()
    assert (report.aged, report.held) == (0, 1)
    assert store.read_messages(held.pk)[0].text == LINES[0]


@pytest.mark.django_db
def test_boundary_is_exact_to_the_second(settings) -> None:
    conversation = make_conversation(days_ago=0)
    last = conversation.last_activity_at
    horizon = timedelta(days=settings.CHAT_RETENTION_DAYS)
    assert retention.run(now=last + horizon - timedelta(seconds=1)).aged == 0
    assert retention.run(now=last + horizon).aged == 1


@pytest.mark.django_db
def test_open_and_recent_conversations_are_left_alone() -> None:
    recent = make_conversation(days_ago=10)
    abandoned = make_conversation(status="waiting", days_ago=100)
    report = retention.run()
    assert report.aged == 1
    assert Conversation.objects.get(pk=abandoned.pk).aged_at is not None
    assert Conversation.objects.get(pk=recent.pk).aged_at is None


@pytest.mark.django_db
def test_a_crash_before_commit_leaves_the_conversation_untouched(monkeypatch) -> None:
    conversation = make_conversation()
    real = store.replace_with_masked

    def write_then_crash(*args, **kwargs):
        real(*args, **kwargs)
        raise RuntimeError("injected after masking, before commit")

    monkeypatch.setattr(retention.store, "replace_with_masked", write_then_crash)
    report = retention.run()
    assert (report.aged, report.failed, report.failed_ids) == (0, 1, [str(conversation.pk)])
    assert DataKey.objects.filter(conversation=conversation).exists()
    assert store.read_messages(conversation.pk)[0].text == LINES[0]
    assert store.read_details(conversation.pk).email == DETAILS["email"]
    assert Conversation.objects.get(pk=conversation.pk).retention_claim is None

    monkeypatch.setattr(retention.store, "replace_with_masked", real)
    assert retention.run().aged == 1
    assert store.read_messages(conversation.pk)[0].state == store.MASKED


@pytest.mark.django_db
def test_command_summary_exit_status_and_audit(capsys) -> None:
    call_command("age_transcripts")
    assert "Nothing to do" in capsys.readouterr().out

    make_conversation()
    call_command("age_transcripts", "--dry-run")
    assert "Dry run: 1 due" in capsys.readouterr().out
    assert Conversation.objects.filter(aged_at=None).count() == 1

    call_command("age_transcripts", "--batch", "1")
    out = capsys.readouterr().out
    assert "aged 1, held 0, failed 0" in out and "conversations/s" in out
    entry = AuditEntry.objects.filter(action="retention_run", detail__dry_run=False).first()
    assert entry.detail["aged"] == 1 and entry.detail["retention_days"] == 90
    assert "Zelda" not in json.dumps(entry.detail)


@pytest.mark.django_db
def test_command_exits_non_zero_when_a_conversation_fails(monkeypatch, capsys) -> None:
    conversation = make_conversation()
    DataKey.objects.filter(conversation=conversation).update(wrapped=b"\x01\x04junk" + b"0" * 40)
    sealing.key_cache().clear()
    with pytest.raises(SystemExit) as exit_info:
        call_command("age_transcripts")
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "failed 1" in captured.out and str(conversation.pk) in captured.err


@pytest.mark.django_db
def test_now_option_and_limit(capsys) -> None:
    for _ in range(3):
        make_conversation(days_ago=0)
    later = (timezone_now() + timedelta(days=91)).isoformat()
    call_command("age_transcripts", "--now", later, "--limit", "2")
    assert "aged 2" in capsys.readouterr().out
    assert Conversation.objects.filter(aged_at=None).count() == 1


@pytest.mark.django_db
def test_purge_horizon_deletes_masked_transcripts(settings) -> None:
    settings.CHAT_PURGE_DAYS = 365
    conversation = make_conversation(days_ago=100)
    retention.run()
    assert retention.run(now=timezone_now() + timedelta(days=364)).purged == 0
    assert retention.run(now=timezone_now() + timedelta(days=366)).purged == 1
    assert not Conversation.objects.filter(pk=conversation.pk).exists()


@pytest.mark.django_db
def test_second_copy_on_sqlite_exits_with_a_clear_message(settings) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the lock file is the SQLite mechanism")
    with open(settings.VAR_DIR / "retention.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(CommandError) as error:
            call_command("age_transcripts")
    assert "Another age_transcripts is already running" in str(error.value)
    assert error.value.returncode == 3


@pytest.mark.django_db
def test_overdue_job_shows_on_healthz(settings) -> None:
    make_conversation(days_ago=3)
    Conversation.objects.update(created_at=timezone_now() - timedelta(days=3))
    body = json.loads(Client().get("/healthz").content)
    assert body["status"] == "ok" and body["warnings"] == ["retention has never run"]
    retention.run()
    assert json.loads(Client().get("/healthz").content)["warnings"] == []
    AuditEntry.objects.filter(action="retention_run").update(
        at=timezone_now() - timedelta(hours=49)
    )
    assert "retention last ran" in json.loads(Client().get("/healthz").content)["warnings"][0]


@pytest.mark.django_db
def test_uk_pii_fixtures_are_masked_by_the_job() -> None:
    """Retention masks and destroys: recall on the UK PII fixture set, every miss reported."""
    rows = pii_scoring.load()
    by_known: dict[str, list[dict]] = {}
    for row in rows:
        by_known.setdefault(json.dumps(row.get("known") or {}, sort_keys=True), []).append(row)
    placed = []
    for key, group in by_known.items():
        known = json.loads(key) or None
        for offset in range(0, len(group), 20):
            chunk = group[offset : offset + 20]
            conversation = make_conversation([r["text"] for r in chunk], known)
            placed += [(conversation.pk, seq, row) for seq, row in enumerate(chunk, start=1)]
    assert retention.run(batch_size=10).aged == Conversation.objects.count()
    masked = {
        (m.conversation_id, m.seq): m.masked_text
        for m in Message.objects.all().only("conversation_id", "seq", "masked_text")
    }
    misses, total = [], 0
    for conversation_id, seq, row in placed:
        text = masked[(conversation_id, seq)]
        for span in row["spans"]:
            total += 1
            value = row["text"][span["start"] : span["end"]]
            if value in text:
                misses.append(f"{span['label']}: {value!r} survives in {text!r}")
    recall = 1 - len(misses) / total
    assert recall >= 0.97, "\n".join(misses)
    print(f"job recall on the fixture set: {recall:.3f}; misses: {misses}")


@pytest.mark.django_db
def test_ageing_destroys_a_rating_comment_and_keeps_the_score() -> None:
    conversation = make_conversation()
    store.rate_conversation(conversation.pk, comment="Zelda says thanks")
    Rating.objects.create(conversation=conversation, score=5)
    retention.run()
    assert not RatingComment.objects.filter(conversation=conversation).exists()
    assert Rating.objects.get(conversation=conversation).score == 5
