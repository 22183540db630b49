"""The one-time codes of the emailed copy: the field's parser and what is stored."""

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils.timezone import now as timezone_now
from hypothesis import given
from hypothesis import strategies as st

from chatserver.chat import inbound, protocol
from chatserver.chat.actions import conversations, email_codes
from chatserver.chat.errors import ChatError
from chatserver.chat.models import EmailCode
from tests.mailbox import CODE_LINE
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import crypto

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@given(value=json_values)
def test_a_code_field_is_six_ascii_digits_or_refused_as_invalid(value: Any) -> None:
    try:
        code = inbound.email_code({"code": value})
    except ChatError as error:
        assert error.code == protocol.INVALID
        return
    if value is None:
        assert code is None
    else:
        assert isinstance(code, str) and len(code) == 6
        assert code.isascii() and code.isdigit() and code == value.strip()


@given(code=st.from_regex(r"\A[0-9]{6}\Z"), padding=st.sampled_from(["", " ", "\t", " \n"]))
def test_six_digits_with_spaces_around_are_read(code: str, padding: str) -> None:
    assert inbound.email_code({"code": padding + code + padding}) == code


@pytest.mark.parametrize("bad", ["12345", "1234567", "12 345", "١٢٣٤٥٦", "12345a", 123456])
def test_other_codes_are_refused(bad: object) -> None:
    with pytest.raises(ChatError):
        inbound.email_code({"code": bad})


def test_neither_the_code_nor_the_address_is_stored(db, settings) -> None:
    settings.CHAT_OPENING_HOURS = None
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    email_codes.do_send_email_code(conversation, "Tenant@Example.org")
    (message,) = mail.outbox
    (code,) = CODE_LINE.findall(message.body)
    (row,) = EmailCode.objects.values()
    stored = " ".join(str(value) for value in row.values())
    assert code not in stored and "example.org" not in stored.lower()
    assert row["recipient_index"] == crypto.email_blind_index("tenant@example.org")[1]


def test_codes_are_forgotten_a_day_after_they_were_made(db) -> None:
    now = timezone_now()
    for age in (timedelta(hours=23), timedelta(hours=25)):
        EmailCode.objects.create(
            conversation_id=uuid.uuid4(),
            recipient_index="0" * 64,
            recipient_index_key_id="k",
            code_hash="0" * 64,
            created_at=now - age,
            expires_at=now - age + timedelta(minutes=15),
        )
    assert email_codes.forget_old_codes() == 1
    assert EmailCode.objects.count() == 1


def test_the_audit_log_records_each_email_by_the_addresss_blind_index(db, settings) -> None:
    settings.CHAT_OPENING_HOURS = None
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    email_codes.do_send_email_code(conversation, "tenant@example.org")
    (code,) = CODE_LINE.findall(mail.outbox[0].body)
    email_codes.do_email_transcript_with_code(conversation, "tenant@example.org", code)
    index = crypto.email_blind_index("tenant@example.org")[1]
    entries = AuditEntry.objects.filter(conversation_id=conversation.pk).order_by("at", "pk")
    assert [(entry.action, entry.detail) for entry in entries] == [
        (audit.EMAIL_CODE_SENT, {"recipient_index": index}),
        (audit.TRANSCRIPT_EMAILED, {"recipient_index": index}),
    ]
    assert [message.to for message in mail.outbox] == [["tenant@example.org"]] * 2
