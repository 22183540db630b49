"""One mailbox, however its address is spelled, has one allowance of code emails
(re-audit of F-04: a quoted local part and an internationalised domain were counted apart)."""

import uuid

import pytest
from django.core import mail
from django.core.mail.message import sanitize_address
from hypothesis import example, given
from hypothesis import strategies as st

from chatserver.chat.actions import conversations, email_codes
from chatserver.chat.errors import ChatError, RateLimited
from chatserver.chat.mailbox_address import canonical_mailbox
from chatserver.chat.models import EmailCode
from transcripts.record import crypto
from transcripts.record.models import Conversation

SPELLINGS_OF_ONE_MAILBOX = [
    ("victim@example.net", '"victim"@example.net'),
    ("victim@strasse.net", "victim@straße.net"),
    ("victim@strasse.net", '"victim"@STRASSE.net'),
    ("victim@xn--bcher-kva.example", "victim@bücher.example"),
    ("victim@xn--bcher-kva.example", "victim@BÜCHER.example"),
]
LABEL_TOO_LONG = "victim@" + "ä" * 63 + ".net"


@pytest.mark.parametrize(("plain", "other"), SPELLINGS_OF_ONE_MAILBOX)
def test_spellings_of_one_mailbox_have_one_canonical_form(plain: str, other: str) -> None:
    assert canonical_mailbox(other) == canonical_mailbox(plain) == plain


@pytest.mark.parametrize("address", ['"vic tim"@example.net', '"a@b"@example.net'])
def test_a_local_part_that_needs_its_quotes_keeps_them(address: str) -> None:
    assert canonical_mailbox(address) == address


@pytest.mark.parametrize("address", [LABEL_TOO_LONG, "victim@a..b", "victim", "a@b@c", "@x.net"])
def test_an_address_whose_domain_cannot_be_sent_to_is_invalid(address: str) -> None:
    with pytest.raises(ChatError, match="not a valid address") as refused:
        canonical_mailbox(address)
    assert refused.value.code == "invalid"


def _sent_to(address: str) -> str:
    """The SMTP recipient Django's mail sends to (what decides which mailbox gets it)."""
    return sanitize_address(address, "utf-8")


PARTS = st.text(max_size=12) | st.from_regex(r"\A[a-zA-Z0-9.ßäÜ-]{1,12}\Z")
ADDRESSES = st.tuples(PARTS, st.sampled_from(["", '"']), PARTS).map(
    lambda parts: f"{parts[1]}{parts[0]}{parts[1]}@{parts[2]}"
)


@given(
    st.text(max_size=40)
    | ADDRESSES
    | st.sampled_from([pair[1] for pair in SPELLINGS_OF_ONE_MAILBOX])
)
@example(LABEL_TOO_LONG)
@example('"a\\"b"@x.net')
@example('"\x0c0"@0')  # control characters the parser folds or drops: found by this test
@example("\r0@0")
@example("0@\u00b4")  # IDNA 2003 maps the accent to a space: found by this test
@example("0@0\uff0c")  # and a full-width comma to a comma: found by this test
@example("0@[")  # an unclosed domain literal: the standard library's parser raises AttributeError
def test_the_canonical_form_never_crashes_and_is_idempotent(address: str) -> None:
    try:
        canonical = canonical_mailbox(address)
    except ChatError as error:
        assert error.code == "invalid"
        return
    assert canonical_mailbox(canonical) == canonical
    assert _sent_to(address).lower() == _sent_to(canonical).lower()
    assert not canonical.isascii() or _sent_to(canonical) == canonical


def _conversation() -> Conversation:
    return conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )


@pytest.mark.parametrize("mailbox", ["victim@example.net", "victim@strasse.net"])
def test_the_spellings_of_one_mailbox_share_its_daily_allowance(db, settings, mailbox) -> None:
    settings.CHAT_OPENING_HOURS = None
    settings.CHAT_TRANSCRIPT_EMAILS_PER_ADDRESS_PER_DAY = 3
    local, domain = mailbox.split("@")
    spellings = [mailbox, f'"{local}"@{domain}', f"{local}@{domain.replace('ss', 'ß')}"]
    spellings.append(f'"{local}"@{domain.upper()}')
    for spelling in spellings[:3]:
        email_codes.do_send_email_code(_conversation(), spelling)
    with pytest.raises(RateLimited):
        email_codes.do_send_email_code(_conversation(), spellings[3])
    assert len(mail.outbox) == 3
    index = crypto.email_blind_index(mailbox)[1]
    assert set(EmailCode.objects.values_list("recipient_index", flat=True)) == {index}


def test_a_code_asked_for_one_spelling_is_bound_to_the_mailbox(db, settings) -> None:
    settings.CHAT_OPENING_HOURS = None
    conversation = _conversation()
    email_codes.do_send_email_code(conversation, '"victim"@straße.net')
    (message,) = mail.outbox
    assert message.to == ["victim@strasse.net"]
    (code,) = [line.strip() for line in message.body.splitlines() if line.strip().isdigit()]
    email_codes.do_email_transcript_with_code(conversation, "victim@strasse.net", code)
    assert len(mail.outbox) == 2
