"""The copy of a chat emailed to the visitor, built by the action (the sending, codes and
limits run end to end in tests/test_e2e_transcript_email.py)."""

import pytest
from django.core import mail

from chatserver.chat.actions.transcript_email import do_email_transcript
from tests import factories
from transcripts.record import store

pytestmark = pytest.mark.django_db


def test_the_copy_names_the_adviser_and_does_not_call_system_lines_notes() -> None:
    sam = factories.agent("sam", first_name="Sam")
    chat = factories.conversation(lines=["my boiler is broken"])
    store.append_message(chat.pk, sender="system", text="Sam joined the chat.")
    store.append_message(chat.pk, sender="agent", text="I can book a visit.", author_id=sam.pk)
    store.append_message(chat.pk, sender="note", text="Tenant sounds worried", author_id=sam.pk)

    do_email_transcript(chat, "tenant@example.org")

    body = mail.outbox[0].body
    lines = body.splitlines()[-3:]
    assert lines[0].endswith("] You: my boiler is broken")
    assert lines[1].endswith("] Sam joined the chat.")
    assert lines[2].endswith("] Sam (adviser): I can book a visit.")
    assert "Note" not in body and "worried" not in body


def test_a_welsh_chat_names_the_adviser_in_welsh() -> None:
    sam = factories.agent("sam", first_name="Sam")
    chat = factories.conversation(lines=["mae'r boeler wedi torri"], language="cy")
    store.append_message(chat.pk, sender="agent", text="Gallaf drefnu ymweliad.", author_id=sam.pk)

    do_email_transcript(chat, "tenant@example.org")

    assert (
        mail.outbox[0].body.splitlines()[-1].endswith("] Sam (cynghorydd): Gallaf drefnu ymweliad.")
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en-gb", "You: (A photo was sent. Photos are not included in this email.)"),
        ("cy", "Chi: (Anfonwyd llun. Nid yw lluniau wedi'u cynnwys yn yr e-bost hwn.)"),
    ],
)
def test_a_photo_is_told_in_words_not_as_a_code(language: str, words: str) -> None:
    chat = factories.conversation(lines=["here is the damp"], language=language)
    store.append_message(chat.pk, sender="visitor", text=store.PHOTO_TEXT)

    do_email_transcript(chat, "tenant@example.org")

    body = mail.outbox[0].body
    assert "[photo]" not in body
    assert body.splitlines()[-1].endswith(words)
