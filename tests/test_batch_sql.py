"""The group commit's hand-written statements: what they write is what the ORM reads back."""

import uuid
from datetime import timedelta

import pytest
from django.utils.timezone import now as timezone_now

from transcripts.record import batch_sql
from transcripts.record.models import Conversation, Message

pytestmark = pytest.mark.django_db


def _conversations(count: int) -> list[Conversation]:
    return [Conversation.objects.create() for _ in range(count)]


def test_insert_writes_every_column_including_nulls_bytes_and_full_length_text() -> None:
    first, second = _conversations(2)
    at = timezone_now()
    rows = [
        Message(conversation=first, seq=1, sender="visitor", client_id="x" * 64, body=b"\x00\xff"),
        Message(conversation=second, seq=1, sender="system", body=None, masked_text="[NAME] ✓"),
        Message(conversation=first, seq=2, sender="agent", client_id="c2", body=b"", created_at=at),
    ]
    batch_sql.insert(Message, rows)
    stored = {(m.conversation_id, m.seq): m for m in Message.objects.all()}
    assert len(stored) == 3
    assert stored[(first.pk, 1)].client_id == "x" * 64
    assert bytes(stored[(first.pk, 1)].body) == b"\x00\xff"
    assert stored[(second.pk, 1)].client_id is None and stored[(second.pk, 1)].body is None
    assert stored[(second.pk, 1)].masked_text == "[NAME] ✓"
    assert bytes(stored[(first.pk, 2)].body) == b"" and stored[(first.pk, 2)].created_at == at


def test_update_saves_the_named_fields_of_each_row_and_nothing_else() -> None:
    first, second, untouched = _conversations(3)
    later = timezone_now() + timedelta(minutes=5)
    first.last_seq, first.key_seals, first.last_activity_at = 7, 3, later
    second.last_seq, second.key_generation = 2, 4
    first.special_category = True  # not among the fields saved
    batch_sql.update(Conversation, [first, second], ("last_seq", "key_generation", "key_seals"))
    first.refresh_from_db()
    second.refresh_from_db()
    untouched.refresh_from_db()
    assert (first.last_seq, first.key_seals, first.special_category) == (7, 3, False)
    assert first.last_activity_at != later
    assert (second.last_seq, second.key_generation) == (2, 4)
    assert untouched.last_seq == 0


def test_locked_rows_finds_rows_by_key_and_leaves_out_unknown_keys() -> None:
    first, second = _conversations(2)
    keys = [first.pk, second.pk, uuid.uuid4()]
    found = list(batch_sql.locked_rows(Conversation, keys))
    assert sorted(conversation.pk for conversation in found) == sorted([first.pk, second.pk])


def test_select_rows_finds_exactly_the_pairs_asked_for() -> None:
    first, second = _conversations(2)
    batch_sql.insert(
        Message,
        [
            Message(conversation=first, seq=1, sender="visitor", client_id="a"),
            Message(conversation=second, seq=1, sender="visitor", client_id="b"),
            Message(conversation=second, seq=2, sender="visitor", client_id="a"),
        ],
    )
    wanted = [("a", first.pk), ("b", second.pk), ("b", first.pk), ("a", first.pk)]
    found = batch_sql.select_rows(Message, ("client_id", "conversation"), wanted)
    assert sorted((message.client_id, message.seq) for message in found) == [("a", 1), ("b", 1)]
    assert {message.conversation_id for message in found} == {first.pk, second.pk}
    assert batch_sql.select_rows(Message, ("client_id", "conversation"), []) == []


def test_rows_by_key_reads_a_row_beside_the_record_as_the_orm_would() -> None:
    """The group commit's admission reads the chat's live rows in one statement."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chatserver.chat.models import LiveConversation

    waiting, plain = _conversations(2)
    since = timezone_now() - timedelta(minutes=3)
    LiveConversation.objects.filter(pk=waiting.pk).update(
        status="waiting", waiting_since=since, language="cy", emergency_categories=["gas"]
    )
    keys = [waiting.pk, plain.pk, uuid.uuid4()]
    with CaptureQueriesContext(connection) as queries:
        found = {row.pk: row for row in batch_sql.rows_by_key(LiveConversation, keys)}
    assert len(queries) == 1
    assert sorted(found) == sorted([waiting.pk, plain.pk])
    live = found[waiting.pk]
    assert (live.status, live.waiting_since, live.language) == ("waiting", since, "cy")
    assert live.emergency_categories == ["gas"]
    assert found[plain.pk].status == "closed"
