"""Data subject rights: access exports, erasure, deadlines, the register, "forget me"."""

import dataclasses
import io
import json
import os
import uuid
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from tests import factories
from tests.dumps import assert_absent, dump_test_database
from tests.mfa import sign_in
from transcripts.compliance import audit, deadlines, holds, subject_rights
from transcripts.compliance.models import AuditEntry, SubjectRequest
from transcripts.record import crypto, sealing, store
from transcripts.record.errors import CryptoError
from transcripts.record.models import (
    Conversation,
    DataKey,
    Diagnostics,
    Message,
    VisitorDetails,
    VisitorSession,
)

ALICE = "Alice@Example.com "


def conversation_for(email: str | None, text: str, *, name: str = "Visitor") -> Conversation:
    conversation = store.create_conversation(
        details={"name": name, "email": email} if email else {"name": name},
        diagnostics={"ip_address": "203.0.113.77", "browser": "Firefox 140"},
        session_id_hash=os.urandom(32).hex(),
    )
    store.append_message(conversation.pk, sender="visitor", text=text)
    return conversation


@pytest.mark.parametrize(
    ("received", "deadline"),
    [
        (date(2024, 1, 31), date(2024, 2, 29)),  # leap year: last day of February
        (date(2025, 1, 31), date(2025, 2, 28)),  # Friday
        (date(2026, 1, 31), date(2026, 3, 2)),  # 28 Feb 2026 is a Saturday
        (date(2024, 2, 29), date(2024, 4, 2)),  # 29 Mar 2024 is Good Friday, then Easter Monday
        (date(2025, 3, 31), date(2025, 4, 30)),  # no 31 April
        (date(2025, 12, 31), date(2026, 2, 2)),  # 31 Jan 2026 is a Saturday
        (date(2024, 11, 25), date(2024, 12, 27)),  # Christmas and Boxing Day
        (date(2026, 4, 3), date(2026, 5, 5)),  # 4 May 2026 is the early May bank holiday
    ],
)
def test_statutory_deadline(received: date, deadline: date) -> None:
    assert deadlines.statutory_deadline(received) == deadline


@pytest.mark.parametrize(
    ("received", "extended"),
    [
        (date(2025, 11, 30), date(2026, 3, 2)),  # no 30 February; the 28th is a Saturday
        (date(2025, 10, 31), date(2026, 2, 2)),  # 31 Jan 2026 is a Saturday
        (date(2026, 1, 6), date(2026, 4, 7)),  # 6 April 2026 is Easter Monday
    ],
)
def test_an_extended_deadline_is_three_calendar_months(received: date, extended: date) -> None:
    assert deadlines.extended_deadline(received) == extended


def test_extra_bank_holidays_are_honoured(settings) -> None:
    settings.CHAT_EXTRA_BANK_HOLIDAYS = [date(2023, 5, 8)]  # the coronation
    assert deadlines.statutory_deadline(date(2023, 4, 8)) == date(2023, 5, 9)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "alice@example.com",
        "ALICE@EXAMPLE.COM",
        "  alice@example.com\t",
        "ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    ],
)
def test_email_normalisation_finds_the_subject(query: str) -> None:
    mine = conversation_for(ALICE, "hello")
    conversation_for("alice+rent@example.com", "tagged is someone else")
    assert store.find_conversation_ids_by_email(query) == [mine.pk]


@pytest.mark.django_db
def test_export_among_1000_others_decrypts_only_candidates(monkeypatch) -> None:
    """Subject access finds and exports only the subject."""
    agent = User.objects.create_user("alice-agent")
    alices = [conversation_for(ALICE, f"Alice's line {n}", name="Alice Subject") for n in range(2)]
    for n in range(1000):
        other = conversation_for(f"visitor{n}@example.org", f"OTHER-MARKER-{n}", name=f"Other {n}")
        if n < 3:
            other.live.handled_by.add(agent)
    for conversation in alices:
        conversation.live.handled_by.add(agent)
    audit.record(
        "transcript_read", actor_id=agent.pk, conversation_id=alices[0].pk, reason="complaint"
    )

    decrypted, unwrapped = [], []
    real_open, real_unwrap = sealing.StoredKeys.open, crypto.unwrap_data_key

    def counting_open(keys, *args, **kwargs):
        decrypted.append(args[0])
        return real_open(keys, *args, **kwargs)

    def counting_unwrap(*args, **kwargs):
        unwrapped.append(args[0])
        return real_unwrap(*args, **kwargs)

    monkeypatch.setattr(sealing.StoredKeys, "open", counting_open)
    monkeypatch.setattr(crypto, "unwrap_data_key", counting_unwrap)
    sealing.key_cache().clear()
    found = store.find_conversation_ids_by_email("alice@example.com")
    candidates = VisitorDetails.objects.filter(
        email_index__in=crypto.email_blind_index_candidates("alice@example.com")
    ).count()
    assert sorted(found) == sorted(c.pk for c in alices)
    assert candidates == 2
    assert len(decrypted) <= candidates and len(unwrapped) <= candidates
    assert set(decrypted) == {c.pk for c in alices}

    request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "alice@example.com")
    archive = zipfile.ZipFile(
        io.BytesIO(subject_rights.export_subject("alice@example.com", request))
    )
    assert sorted(archive.namelist()) == ["export.html", "export.json"]
    document = json.loads(archive.read("export.json"))
    assert document["request_id"] == str(request.id)
    assert len(document["conversations"]) == 2
    first = next(c for c in document["conversations"] if c["id"] == str(alices[0].pk))
    assert first["details"]["email"] == ALICE.strip()
    assert first["diagnostics"]["ip_address"] == "203.0.113.77"
    assert first["messages"][0]["text"] == "Alice's line 0"
    assert first["read_by"][0]["who"] == "alice-agent"
    whole = archive.read("export.json") + archive.read("export.html")
    assert b"OTHER-MARKER" not in whole and b"Other 1" not in whole
    assert b"Alice&#x27;s line 1" in archive.read("export.html")
    request.refresh_from_db()
    assert request.completed_at is not None and request.conversations == 2
    entry = AuditEntry.objects.get(action="subject_access_export")
    assert entry.request_id == request.id and "alice" not in json.dumps(entry.detail).lower()


@pytest.mark.django_db
def test_markup_in_stored_details_stays_escaped_in_the_export_page() -> None:
    hostile = "<script>alert('name')</script>"
    conversation_for(ALICE, "<img src=x onerror=alert(1)>", name=hostile)
    request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, ALICE)
    archive = zipfile.ZipFile(io.BytesIO(subject_rights.export_subject(ALICE, request)))
    page = archive.read("export.html").decode()
    assert "<script" not in page and "<img" not in page
    assert "&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.startswith("<!doctype html><html lang=")


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_nothing_readable_and_spares_others() -> None:
    """Erasure is crypto-shredding."""
    held_expired = conversation_for(ALICE, "ERASE-MARKER one", name="Zoe Erasable")
    second = conversation_for(ALICE, "ERASE-MARKER two", name="Zoe Erasable")
    holds.set_legal_hold(
        held_expired.pk,
        hold=True,
        reason="complaint",
        actor_id=None,
        until=timezone.localdate() - timedelta(days=1),
    )
    other = conversation_for("bob@example.org", "bob keeps this", name="Bob Other")
    targets = [held_expired.pk, second.pk]
    request = subject_rights.register_request(SubjectRequest.Kind.ERASURE, "alice@example.com")
    receipt = subject_rights.erase_subject("alice@example.com", request)

    assert receipt.conversations == 2 and "alice" not in receipt.text().lower()
    assert not DataKey.objects.filter(conversation_id__in=targets).exists()
    assert not VisitorDetails.objects.filter(conversation_id__in=targets).exists()
    assert not Diagnostics.objects.filter(conversation_id__in=targets).exists()
    assert not VisitorSession.objects.filter(conversation_id__in=targets).exists()
    sealing.key_cache().clear()
    for message in Message.objects.filter(conversation_id__in=targets):
        with pytest.raises(CryptoError):
            store.open_message_envelope(message.conversation_id, message.seq, bytes(message.body))
    assert store.read_messages(other.pk)[0].text == "bob keeps this"
    assert store.read_details(other.pk).name == "Bob Other"
    entry = AuditEntry.objects.get(action="subject_erasure")
    assert entry.request_id == request.id
    assert "alice" not in json.dumps(entry.detail).lower()
    assert store.find_conversation_ids_by_email("alice@example.com") == []

    again = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "alice@example.com")
    archive = zipfile.ZipFile(io.BytesIO(subject_rights.export_subject("alice@example.com", again)))
    assert json.loads(archive.read("export.json"))["conversations"] == []
    assert_absent(dump_test_database(), ["ERASE-MARKER", "Zoe Erasable", "Alice@Example.com"])
    if os.environ.get("REDIS_URL"):
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in client.scan_iter():
            assert b"ERASE-MARKER" not in (client.dump(key) or b"")


@pytest.mark.django_db
def test_active_holds_are_refused_with_a_list_unless_overridden() -> None:
    held = conversation_for(ALICE, "held line")
    holds.set_legal_hold(held.pk, hold=True, reason="ombudsman", actor_id=None)
    with pytest.raises(CommandError) as refused:
        call_command("subject_erase", "--email", "alice@example.com", "--yes")
    assert str(held.pk) in str(refused.value) and "ombudsman" in str(refused.value)
    assert DataKey.objects.filter(conversation=held).exists()
    with pytest.raises(CommandError):
        call_command("subject_erase", "--email", "alice@example.com", "--yes", "--override-hold")
    out = io.StringIO()
    call_command(
        "subject_erase",
        "--email",
        "alice@example.com",
        "--yes",
        "--override-hold",
        "--reason",
        "ombudsman case closed",
        stdout=out,
    )
    assert "Receipt: Erasure request" in out.getvalue() and "alice" not in out.getvalue().lower()
    assert not DataKey.objects.filter(conversation=held).exists()


@pytest.mark.django_db
def test_erase_command_asks_for_confirmation(monkeypatch) -> None:
    conversation = conversation_for(ALICE, "keep unless confirmed")
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was erased"):
        call_command("subject_erase", "--email", "alice@example.com")
    assert DataKey.objects.filter(conversation=conversation).exists()
    monkeypatch.setattr("builtins.input", lambda prompt: "erase")
    call_command("subject_erase", "--email", "alice@example.com", stdout=io.StringIO())
    assert not DataKey.objects.filter(conversation=conversation).exists()


@pytest.mark.django_db
def test_export_command_writes_a_zip(tmp_path) -> None:
    conversation_for(ALICE, "export me")
    out = io.StringIO()
    target = tmp_path / "alice.zip"
    call_command("subject_export", "--email", "alice@example.com", "--out", str(target), stdout=out)
    assert "1 conversations exported" in out.getvalue()
    assert json.loads(zipfile.ZipFile(target).read("export.json"))["conversations"][0]["messages"]
    with pytest.raises(CommandError, match="valid email"):
        call_command("subject_export", "--email", "not an email")


@pytest.mark.django_db
def test_register_on_the_dashboard_with_actions() -> None:
    supervisor = factories.supervisor("carol")
    client = Client()
    sign_in(client, supervisor)
    conversation_for(ALICE, "dashboard export")
    client.post(
        "/console/requests/new/",
        {"kind": "access", "email": "alice@example.com", "received_on": "2026-01-31"},
    )
    request = SubjectRequest.objects.get()
    assert request.deadline == date(2026, 3, 2) and request.email_index
    page = client.get("/console/dashboard/")
    assert b"Subject requests" in page.content and b"2 Mar 2026" in page.content
    export = client.post(f"/console/requests/{request.id}/release/")
    assert export["Content-Type"] == "application/zip"
    assert export["Cache-Control"] == "no-store, private"  # the audit's I-01

    client.post("/console/requests/new/", {"kind": "erasure", "email": "alice@example.com"})
    erasure = SubjectRequest.objects.get(kind="erasure")
    wrong = client.post(
        f"/console/requests/{erasure.id}/erase/", {"email": "bob@example.org", "confirm": "yes"}
    )
    assert wrong.status_code == 400 and b"not the one this request was made for" in wrong.content
    unconfirmed = client.post(f"/console/requests/{erasure.id}/erase/", {})
    assert b"Tick the box" in unconfirmed.content
    done = client.post(f"/console/requests/{erasure.id}/erase/", {"confirm": "yes"})
    assert b"Done." in done.content
    assert store.find_conversation_ids_by_email("alice@example.com") == []
    assert not AuditEntry.objects.filter(detail__icontains="alice").exists()


@pytest.mark.django_db
def test_the_export_names_the_staff_member_of_each_staff_line() -> None:
    sam = User.objects.create_user("sam", first_name="Sam", last_name="Jones")
    made = store.create_conversation(details={"email": "tess@example.org"})
    store.append_message(made.pk, sender="visitor", text="my boiler is broken")
    store.append_message(made.pk, sender="agent", text="I can book a visit", author_id=sam.pk)
    store.append_message(made.pk, sender="note", text="Boiler is 12 years old", author_id=sam.pk)
    request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "tess@example.org")
    archive = zipfile.ZipFile(
        io.BytesIO(subject_rights.export_subject("tess@example.org", request))
    )
    lines = json.loads(archive.read("export.json"))["conversations"][0]["messages"]
    assert [line.get("by") for line in lines] == [None, "Sam Jones", "Sam Jones"]
    assert "adviser (Sam Jones)" in archive.read("export.html").decode()


def test_a_receipt_reads_as_a_sentence_in_local_time() -> None:
    one = subject_rights.Receipt(
        request_id=uuid.UUID(int=7),
        kind="erasure",
        conversations=1,
        at=datetime(2026, 7, 6, 17, 41, 19, tzinfo=UTC),
    )
    assert one.text() == (
        "Erasure request 00000000-0000-0000-0000-000000000007: "
        "1 conversation, completed on 6 July 2026 at 18:41."
    )
    none = dataclasses.replace(one, conversations=0, at=datetime(2026, 12, 1, 9, 5, tzinfo=UTC))
    assert none.text().endswith(": no conversations, completed on 1 December 2026 at 09:05.")
