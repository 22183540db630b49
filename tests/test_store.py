"""The encrypted transcript store: sealing, binding, shredding, rotation, blind index."""

import logging

import pytest
from cryptography.exceptions import InvalidTag
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chatserver.chat.models import LiveConversation
from tests.keys import ring_text
from transcripts.checks import check_keys_in_ring
from transcripts.compliance import key_usage, subject_rights
from transcripts.compliance.models import SubjectRequest
from transcripts.record import batch_sql, crypto, rotation, sealing, signals, store
from transcripts.record.errors import KeyDestroyedError
from transcripts.record.models import (
    Conversation,
    DataKey,
    Diagnostics,
    Message,
    VisitorDetails,
    VisitorSession,
)

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Priya Okafor", "email": "Priya.Okafor@Example.com", "address": "12 Elm Road"}


@pytest.fixture(autouse=True)
def _fresh_key_cache():
    sealing.key_cache().clear()
    yield
    sealing.key_cache().clear()


def _conversation(**details: str) -> Conversation:
    return store.create_conversation(
        details=details or None,
        diagnostics={
            "ip_address": "203.0.113.9",
            "browser": "Firefox 140",
            "operating_system": "Linux",
        },
        session_id_hash="a" * 64,
    )


def test_messages_get_seq_from_one_and_read_back_in_order() -> None:
    conversation = _conversation()
    for n in range(3):
        result = store.append_message(conversation.pk, sender="visitor", text=f"line {n}")
        assert result.created
        assert result.message.seq == n + 1
    assert [m.text for m in store.read_messages(conversation.pk)] == ["line 0", "line 1", "line 2"]
    assert [m.seq for m in store.read_messages(conversation.pk, after_seq=1)] == [2, 3]


def test_a_batch_stores_each_line_or_says_why_not() -> None:
    """The group commit: one transaction, a result per line, refusals kept apart."""
    first, second = _conversation(), _conversation()
    store.append_message(first.pk, sender="visitor", text="earlier", client_id="c0")
    first.refresh_from_db()
    closed = _conversation()
    Conversation.objects.filter(pk=closed.pk).update(closed_at=timezone.now())

    def admit(conversation: Conversation, line: store.NewMessage) -> Exception | None:
        closed_now = conversation.closed_at is not None
        return ValueError("closed") if closed_now else None

    line = store.NewMessage
    results = store.append_messages(
        [
            line(first.pk, "visitor", "one", "c1"),
            line(second.pk, "agent", "two", "c2", None),
            line(first.pk, "visitor", "earlier", "c0"),  # a retry of a stored line
            line(first.pk, "visitor", "changed", "c0"),  # the same client_id, other text
            line(first.pk, "visitor", "three", "c3"),
            line(first.pk, "visitor", "three", "c3"),  # a retry within the batch
            line(closed.pk, "visitor", "refused", "c4"),
            line(first.pk, "visitor", "bad \ud800", "c5"),
            line(Conversation().pk, "visitor", "nowhere", "c6"),
        ],
        admit=admit,
    )
    stored = [result for result in results if isinstance(result, store.AppendResult)]
    assert [(r.message.text, r.message.seq, r.created) for r in stored] == [
        ("one", 2, True),
        ("two", 1, True),
        ("earlier", 1, False),
        ("three", 3, True),
        ("three", 3, False),
    ]
    assert isinstance(results[3], store.ClientIdReused)
    assert str(results[6]) == "closed"
    assert isinstance(results[7], store.InvalidText)
    assert isinstance(results[8], store.UnknownConversation)
    assert [m.text for m in store.read_messages(first.pk)] == ["earlier", "one", "three"]
    assert [m.text for m in store.read_messages(second.pk)] == ["two"]
    assert store.read_messages(closed.pk) == []
    seals_before = first.key_seals
    first.refresh_from_db()
    assert (first.last_seq, first.key_seals - seals_before) == (3, 2)


def test_a_failed_batch_stores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import DatabaseError

    conversation = _conversation()

    def broken(*args: object) -> None:
        raise DatabaseError("disk full")

    monkeypatch.setattr(batch_sql, "update", broken)
    with pytest.raises(DatabaseError):
        store.append_messages([store.NewMessage(conversation.pk, "visitor", "lost", "c1")])
    assert store.read_messages(conversation.pk) == []
    conversation.refresh_from_db()
    assert conversation.last_seq == 0


def test_repeated_client_id_stores_once_and_returns_the_same_seq() -> None:
    """Sends are idempotent."""
    conversation = _conversation()
    first = store.append_message(conversation.pk, sender="visitor", text="hi", client_id="c1")
    again = store.append_message(conversation.pk, sender="visitor", text="hi", client_id="c1")
    assert (first.created, again.created) == (True, False)
    assert again.message.seq == first.message.seq
    assert Message.objects.filter(conversation=conversation).count() == 1
    with pytest.raises(store.ClientIdReused):
        store.append_message(conversation.pk, sender="visitor", text="changed", client_id="c1")
    assert Message.objects.filter(conversation=conversation).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "analyzed_at", [0, 1, 2000], ids=["analyzed empty", "analyzed small", "analyzed"]
)
def test_the_repeat_check_reads_the_index_not_the_whole_conversations(analyzed_at: int) -> None:
    """The group commit looks up each line's client_id through the unique index, so its
    cost does not grow with the length of the conversations in the batch, also while
    the table has grown since its statistics were taken (a new server, or the hours
    before autovacuum's next ANALYZE): with ``IN`` lists, PostgreSQL then read every
    row of the conversations and SQLite the whole table. (Committed rows: ANALYZE does
    not count the rows of a transaction in progress.)"""
    conversations = [_conversation() for _ in range(10)]
    Message.objects.bulk_create(_numbered_messages(conversations, analyzed_at))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    Message.objects.bulk_create(_numbered_messages(conversations, 2000, first=analyzed_at + 1))
    wanted = {(conversation.pk, f"new{n}") for conversation in conversations for n in range(4)}
    wanted.add((conversations[0].pk, "c7"))
    with CaptureQueriesContext(connection) as queries:
        found = store.stored_with_client_ids(wanted)
    assert [(message.conversation_id, message.client_id) for message in found] == [
        (conversations[0].pk, "c7")
    ]
    (query,) = queries.captured_queries
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "USING INDEX" in plan, plan
            assert "(client_id=?" in plan, plan
        else:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            assert _rows_read(cursor.fetchone()[0][0]["Plan"]) <= len(wanted)


def _numbered_messages(
    conversations: list[Conversation], last: int, *, first: int = 1
) -> list[Message]:
    return [
        Message(conversation=conversation, seq=seq, sender="visitor", client_id=f"c{seq}")
        for conversation in conversations
        for seq in range(first, last + 1)
    ]


def _rows_read(node: dict) -> int:
    """Rows a PostgreSQL plan's scans returned or read and threw away."""
    read = sum(
        node.get(key, 0) for key in ("Rows Removed by Filter", "Rows Removed by Index Recheck")
    )
    if "Scan" in node["Node Type"]:
        read += node["Actual Rows"]
    return read + sum(_rows_read(child) for child in node.get("Plans", []))


def test_notes_are_left_out_for_visitors() -> None:
    conversation = _conversation()
    store.append_message(conversation.pk, sender="agent", text="hello")
    store.append_message(conversation.pk, sender="note", text="internal")
    visible = store.read_messages(conversation.pk, include_notes=False)
    assert [m.sender for m in visible] == ["agent"]


def test_details_and_diagnostics_round_trip_and_can_be_cleared() -> None:
    conversation = _conversation(**DETAILS)
    assert store.read_details(conversation.pk) == store.DetailsView(**DETAILS)
    assert store.read_diagnostics(conversation.pk).ip_address == "203.0.113.9"
    store.set_details(conversation.pk, {"address": "", "name": "P. Okafor"})
    details = store.read_details(conversation.pk)
    assert (details.name, details.address, details.email) == ("P. Okafor", None, DETAILS["email"])
    store.set_details(conversation.pk, {"name": None, "email": None})
    conversation.refresh_from_db()
    assert conversation.has_details is False
    assert VisitorDetails.objects.get(conversation=conversation).email_index is None


def test_ciphertext_moved_to_another_conversation_fails_to_open() -> None:
    """Ciphertexts are bound to their place."""
    a, b = _conversation(), _conversation()
    store.append_message(a.pk, sender="visitor", text="from A")
    store.append_message(b.pk, sender="visitor", text="from B")
    a_body = Message.objects.get(conversation=a, seq=1).body
    Message.objects.filter(conversation=b, seq=1).update(body=a_body)
    with pytest.raises(InvalidTag):
        store.read_messages(b.pk)


def test_ciphertext_moved_to_another_row_fails_to_open() -> None:
    conversation = _conversation()
    store.append_message(conversation.pk, sender="visitor", text="first")
    store.append_message(conversation.pk, sender="visitor", text="second")
    first = Message.objects.get(conversation=conversation, seq=1).body
    Message.objects.filter(conversation=conversation, seq=2).update(body=first)
    with pytest.raises(InvalidTag):
        store.read_messages(conversation.pk, after_seq=1)


def test_ciphertext_moved_to_another_field_fails_to_open() -> None:
    conversation = _conversation(**DETAILS)
    row = VisitorDetails.objects.get(conversation=conversation)
    VisitorDetails.objects.filter(pk=row.pk).update(email=row.name)
    with pytest.raises(InvalidTag):
        store.read_details(conversation.pk)


def test_flipped_byte_is_detected_and_logged_without_content(caplog) -> None:
    conversation = _conversation()
    store.append_message(conversation.pk, sender="visitor", text="my secret text")
    body = bytearray(Message.objects.get(conversation=conversation).body)
    body[-3] ^= 0xFF
    Message.objects.filter(conversation=conversation).update(body=bytes(body))
    with caplog.at_level(logging.ERROR), pytest.raises(crypto.TamperedError):
        store.read_messages(conversation.pk)
    assert str(conversation.pk) in caplog.text
    assert "secret" not in caplog.text


def test_every_ciphertext_is_a_versioned_envelope() -> None:
    """Nothing is in plaintext at rest: key id and a 12-byte nonce lead every ciphertext."""
    conversation = _conversation(**DETAILS)
    store.append_message(conversation.pk, sender="visitor", text="hello")
    sealed = [bytes(Message.objects.get(conversation=conversation).body)]
    details = VisitorDetails.objects.get(conversation=conversation)
    sealed += [bytes(details.name), bytes(details.email), bytes(details.address)]
    diagnostics = Diagnostics.objects.get(conversation=conversation)
    sealed += [bytes(diagnostics.ip_address), bytes(diagnostics.browser)]
    sealed += [bytes(key.wrapped) for key in DataKey.objects.filter(conversation=conversation)]
    for envelope in sealed:
        key_id, nonce, body = crypto._split(envelope)
        assert envelope[0] == 1
        assert key_id
        assert len(nonce) == 12
        assert len(body) >= 16


def test_shredding_erases_content_but_not_other_conversations() -> None:
    """Erasure is crypto-shredding (store part)."""
    victim, other = _conversation(**DETAILS), _conversation(name="Someone Else")
    store.append_message(victim.pk, sender="visitor", text="erase me")
    store.append_message(other.pk, sender="visitor", text="keep me")
    store.read_messages(victim.pk)  # the key is now cached too
    store.shred_conversation(victim.pk)

    assert not DataKey.objects.filter(conversation=victim).exists()
    assert not VisitorSession.objects.filter(conversation=victim).exists()
    assert not VisitorDetails.objects.filter(conversation=victim).exists()
    [message] = store.read_messages(victim.pk)
    assert (message.state, message.text) == (store.ERASED, None)
    assert store.read_details(victim.pk).erased is True
    assert store.read_diagnostics(victim.pk).erased is True
    with pytest.raises(KeyDestroyedError):
        store.open_message_envelope(
            victim.pk, 1, bytes(Message.objects.get(conversation=victim).body)
        )
    with pytest.raises(store.ConversationErased):
        store.append_message(victim.pk, sender="visitor", text="more")
    assert store.read_messages(other.pk)[0].text == "keep me"
    assert store.read_details(other.pk).name == "Someone Else"


def test_a_worn_data_key_is_replaced_before_its_cap(settings) -> None:
    """Nonces and data keys are never worn out: a usage counter forces a new data key."""
    settings.TRANSCRIPT_DATA_KEY_MAX_SEALS = 5
    conversation = _conversation()
    for n in range(12):
        store.append_message(conversation.pk, sender="visitor", text=f"m{n}")
    assert DataKey.objects.filter(conversation=conversation).count() == 3
    generations = {
        crypto.envelope_key_id(bytes(m.body))
        for m in Message.objects.filter(conversation=conversation)
    }
    assert generations == {"1", "2", "3"}
    sealing.key_cache().clear()
    assert [m.text for m in store.read_messages(conversation.pk)] == [f"m{n}" for n in range(12)]


def test_master_key_rotation_and_retirement(settings, capsys) -> None:
    """Master keys rotate."""
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    before = _conversation(**DETAILS)
    store.append_message(before.pk, sender="visitor", text="written under old")

    settings.TRANSCRIPT_KEYS = ring_text(("old", 1), ("new", 2))  # new deployed, not primary
    sealing.key_cache().clear()
    assert store.read_messages(before.pk)[0].text == "written under old"

    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))  # promoted
    after = _conversation(name="New Visitor")
    assert set(
        DataKey.objects.filter(conversation=after).values_list("master_key_id", flat=True)
    ) == {"new"}
    call_command("rotate_keys", "--batch", "1")
    assert "Everything is wrapped under new" in capsys.readouterr().out
    assert not DataKey.objects.filter(master_key_id="old").exists()
    assert not VisitorDetails.objects.filter(email_index_key_id="old").exists()

    settings.TRANSCRIPT_KEYS = ring_text(("new", 2))  # old retired
    settings.SECRET_KEY = "a-completely-different-secret-key"
    sealing.key_cache().clear()
    assert store.read_messages(before.pk)[0].text == "written under old"
    assert store.read_details(before.pk).email == DETAILS["email"]
    assert store.find_conversation_ids_by_email("priya.okafor@example.com") == [before.pk]


def test_rotation_resumes_after_an_interruption(settings) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    for _ in range(5):
        _conversation()
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))
    steps = rotation.rewrap_data_keys(batch_size=2)
    assert next(steps) == (2, 5)
    steps.close()  # stopped after the first batch
    assert DataKey.objects.filter(master_key_id="old").count() == 3
    assert list(rotation.rewrap_data_keys(batch_size=2))[-1] == (3, 3)
    assert not DataKey.objects.filter(master_key_id="old").exists()


def test_email_lookup_confirms_candidates_and_ignores_others() -> None:
    mine = _conversation(email="Alice@Example.com ")
    _conversation(email="alice+rent@example.com")
    _conversation(email="bob@example.com")
    assert store.find_conversation_ids_by_email("ａｌｉｃｅ@example.com") == [mine.pk]


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=4000))
def test_any_unicode_round_trips(text: str) -> None:
    conversation = Conversation.objects.first() or _conversation()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(store.InvalidText):
            store.append_message(conversation.pk, sender="visitor", text=text)
        return
    result = store.append_message(conversation.pk, sender="visitor", text=text)
    [stored] = store.read_messages(conversation.pk, after_seq=result.message.seq - 1)
    assert stored.text == text


@pytest.mark.parametrize(
    "text", ["🏠🔧💧" * 1000, "x" * 4000, "\ud800 lone surrogate", "a\udfffb", "\x00 nul"]
)
def test_edge_texts(text: str) -> None:
    conversation = _conversation()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(store.InvalidText):
            store.append_message(conversation.pk, sender="visitor", text=text)
        assert not Message.objects.filter(conversation=conversation).exists()
        return
    store.append_message(conversation.pk, sender="visitor", text=text)
    assert store.read_messages(conversation.pk)[0].text == text


def _destroy_keys_elsewhere(conversation: Conversation) -> None:
    """What another process's erasure leaves in the database, without touching the
    cache of this one."""
    DataKey.objects.filter(conversation=conversation).delete()
    VisitorDetails.objects.filter(conversation=conversation).delete()
    Conversation.objects.filter(pk=conversation.pk).update(erased_at=timezone.now())


def test_a_key_destroyed_by_another_process_serves_nothing_from_a_warm_cache() -> None:
    victim = _conversation(**DETAILS)
    store.append_message(victim.pk, sender="visitor", text="erase me everywhere")
    envelope = bytes(Message.objects.get(conversation=victim).body)
    assert store.read_messages(victim.pk)[0].text == "erase me everywhere"
    assert sealing.key_cache().get((str(victim.pk), 1)) is not None

    _destroy_keys_elsewhere(victim)

    [message] = store.read_messages(victim.pk)
    assert (message.state, message.text) == (store.ERASED, None)
    assert store.read_diagnostics(victim.pk).erased is True
    assert store.find_conversation_ids_by_email(DETAILS["email"]) == []
    with pytest.raises(KeyDestroyedError):
        store.open_message_envelope(victim.pk, 1, envelope)
    assert sealing.key_cache().get((str(victim.pk), 1)) is None  # a read found it gone
    with pytest.raises(store.ConversationErased):
        store.append_message(victim.pk, sender="visitor", text="erase me everywhere")


def test_reads_check_the_keys_once_per_conversation_not_per_line() -> None:
    conversation = _conversation()
    for n in range(20):
        store.append_message(conversation.pk, sender="visitor", text=f"line {n}")
    with CaptureQueriesContext(connection) as queries:
        assert len(store.read_messages(conversation.pk)) == 20
    assert len(queries) == 2  # the messages, and the keys that still exist


def test_erasure_closes_an_open_conversation_and_is_announced_after_the_commit(
    django_capture_on_commit_callbacks,
) -> None:
    announced: list[tuple[list[str], bool]] = []

    def record(sender, *, conversation_ids, erased, **kwargs):
        announced.append((conversation_ids, erased))

    signals.keys_destroyed.connect(record)
    try:
        conversation = _conversation(**DETAILS)
        with django_capture_on_commit_callbacks(execute=True):
            store.shred_conversation(conversation.pk)
            assert announced == []
        assert announced == [([str(conversation.pk)], True)]
    finally:
        signals.keys_destroyed.disconnect(record)
    conversation.refresh_from_db()
    assert conversation.closed_at is not None
    assert conversation.live.status == LiveConversation.Status.CLOSED
    assert conversation.live.waiting_since is None


def test_a_line_for_a_key_outside_the_ring_fails_alone(settings) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    stranded = _conversation()
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2))
    sealing.key_cache().clear()
    healthy = _conversation()
    results = store.append_messages(
        [
            store.NewMessage(stranded.pk, "visitor", "cannot be sealed", "s1"),
            store.NewMessage(healthy.pk, "visitor", "stored", "h1"),
        ]
    )
    assert isinstance(results[0], crypto.UnknownKeyError)
    assert isinstance(results[1], store.AppendResult)
    assert results[1].message.seq == 1
    assert not Message.objects.filter(conversation=stranded).exists()


def test_key_usage_names_what_rests_on_keys_outside_thering(settings) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    _conversation(**DETAILS)
    _conversation()
    subject_rights.register_request(SubjectRequest.Kind.ACCESS, "someone@example.org")
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))
    usage = key_usage.key_usage_outside(["new"])
    assert usage.data_keys == {"old": 2}
    assert usage.email_indexes == {"old": 1}
    assert usage.open_subject_requests == {"old": 1}
    assert usage.lines() == [
        "2 data keys wrapped under master key 'old'",
        "1 email blind indexes made under master key 'old'",
        "1 open subject requests registered under master key 'old'",
    ]
    assert key_usage.key_usage_outside(["new", "old"]).empty


def test_rotation_check_reports_what_rests_on_older_keys_until_it_is_rewrapped(
    settings, capsys
) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    _conversation(**DETAILS)
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))
    with pytest.raises(CommandError, match="run rotate_keys"):
        call_command("rotate_keys", "--check")
    assert "1 data keys wrapped under master key 'old'" in capsys.readouterr().out
    assert DataKey.objects.filter(master_key_id="old").exists()  # --check changes nothing

    call_command("rotate_keys")
    call_command("rotate_keys", "--check")
    assert "the other keys may leave the ring" in capsys.readouterr().out


def test_rotation_refuses_to_finish_while_a_process_still_wraps_under_the_old_key(
    settings, monkeypatch
) -> None:
    """A server still on the old primary starts chats while rotate_keys runs: each pass
    rewraps what the one before left, but the old key must stay in the ring."""
    old_ring, new_ring = ring_text(("old", 1)), ring_text(("new", 2), ("old", 1))
    reindex = rotation.reindex_emails

    def reindex_while_an_old_server_starts_a_chat(batch_size: int = 500):
        settings.TRANSCRIPT_KEYS = old_ring
        _conversation()
        settings.TRANSCRIPT_KEYS = new_ring
        yield from reindex(batch_size)

    monkeypatch.setattr(rotation, "reindex_emails", reindex_while_an_old_server_starts_a_chat)
    settings.TRANSCRIPT_KEYS = new_ring
    with pytest.raises(CommandError, match="Deploy TRANSCRIPT_KEYS with 'new' first"):
        call_command("rotate_keys")
    assert DataKey.objects.filter(master_key_id="old").count() == 1


def test_open_subject_requests_under_an_older_key_hold_the_rotation_back(settings) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    request = subject_rights.register_request(SubjectRequest.Kind.ERASURE, "jo@example.org")
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))
    with pytest.raises(CommandError, match="complete them before"):
        call_command("rotate_keys")
    assert subject_rights.matches_request(request, "jo@example.org") is True

    settings.TRANSCRIPT_KEYS = ring_text(("new", 2))
    with pytest.raises(subject_rights.RequestKeyRetired, match="register it again"):
        subject_rights.matches_request(request, "jo@example.org")


def test_the_database_check_names_keys_missing_from_the_ring(settings) -> None:
    settings.TRANSCRIPT_KEYS = ring_text(("old", 1))
    _conversation(**DETAILS)
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2))
    [warning] = check_keys_in_ring(databases=["default"])
    assert warning.id == "transcripts.W002"
    assert "1 data keys wrapped under master key 'old'" in warning.msg
    assert check_keys_in_ring() == []  # only with the database
    settings.TRANSCRIPT_KEYS = ring_text(("new", 2), ("old", 1))
    assert check_keys_in_ring(databases=["default"]) == []
