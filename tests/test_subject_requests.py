"""The request register's actions: requests of every kind for some conversations, the
deadline and its extension, withholding lines and photos from an access export, the
released export as a letter, and completing a request answered by hand."""

import io
import json
import logging
import os
import zipfile
from datetime import UTC, date, datetime

import pytest

from tests.dumps import assert_absent, dump_test_database
from transcripts.compliance import audit, subject_requests, subject_rights
from transcripts.compliance.models import AuditEntry, SubjectRequest, Withholding
from transcripts.compliance.subject_requests import RequestRefused
from transcripts.record import store
from transcripts.record.errors import ConversationErased
from transcripts.record.models import Conversation

NOTE = "NOTE-MARKER neighbour Mrs Hughes at number 4"
SUMMER = datetime(2026, 7, 6, 17, 41, tzinfo=UTC)  # 18:41 in London


def chat(email: str | None = "tess@example.org", *lines: str) -> Conversation:
    made = store.create_conversation(
        details={"name": "Tess", "email": email} if email else {"name": "Tess"},
        session_id_hash=os.urandom(32).hex(),
    )
    for text in lines or ("my boiler is broken",):
        store.append_message(made.pk, sender="visitor", text=text)
    return made


def with_photo(made: Conversation) -> int:
    line = store.NewMessage(made.pk, "visitor", "", client_id=os.urandom(4).hex())
    stored = store.append_photo(line, store.NewPhoto(b"IMAGE-BYTES", b"thumb", "image/jpeg", 1, 1))
    return stored.message.seq


def opened(archive: bytes) -> tuple[dict, str, set[str]]:
    zipped = zipfile.ZipFile(io.BytesIO(archive))
    names = set(zipped.namelist())
    return json.loads(zipped.read("export.json")), zipped.read("export.html").decode(), names


@pytest.mark.django_db
def test_a_request_of_any_kind_starts_for_conversation_ids_due_in_a_month() -> None:
    first, second, other = chat(), chat(None), chat("someone@example.org")
    for kind in SubjectRequest.Kind.values:
        request = subject_requests.start_request(
            kind, [first.pk, str(second.pk)], received_on=date(2026, 1, 31), actor_id=None
        )
        assert (
            set(request.in_scope.all()) == {first, second} and other not in request.in_scope.all()
        )
        assert request.deadline == date(2026, 3, 2) and request.email_index == ""
    entry = AuditEntry.objects.filter(action=audit.SUBJECT_REQUEST_RECEIVED).first()
    assert entry is not None and entry.detail["conversations"] == 2
    with pytest.raises(RequestRefused):
        subject_requests.start_request("complaint", [first.pk])


@pytest.mark.django_db
def test_a_request_by_email_keeps_its_conversations_so_the_email_is_typed_once() -> None:
    tess = chat("Tess@Example.org", "hello")
    chat("other@example.org")
    request = subject_rights.register_request(SubjectRequest.Kind.ACCESS, "tess@example.org ")
    assert list(request.in_scope.all()) == [tess]
    document, _page, _names = opened(subject_rights.release_access(request))
    assert [c["id"] for c in document["conversations"]] == [str(tess.pk)]
    request.refresh_from_db()
    assert request.completed_at is not None and request.outcome == "released"


@pytest.mark.django_db
def test_the_deadline_is_extended_by_two_months_once_within_the_first_month() -> None:
    request = subject_requests.start_request("access", [], received_on=date(2026, 1, 31))
    with pytest.raises(RequestRefused, match="before it has passed"):
        subject_requests.extend(request.id, "complex", today=date(2026, 3, 3))
    with pytest.raises(RequestRefused):
        subject_requests.extend(request.id, "because", today=date(2026, 2, 1))
    extended = subject_requests.extend(request.id, "complex", today=date(2026, 3, 2))
    assert extended.deadline == date(2026, 4, 30) and extended.extension == "complex"
    with pytest.raises(RequestRefused, match="already been extended"):
        subject_requests.extend(request.id, "several", today=date(2026, 2, 1))
    assert AuditEntry.objects.filter(action=audit.SUBJECT_REQUEST_EXTENDED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_withheld_lines_and_photos_are_left_out_and_the_letter_says_why(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    made = chat("tess@example.org", "my boiler is broken", "THIRD-PARTY my neighbour Jo")
    seq = with_photo(made)
    request = subject_rights.register_request("access", "tess@example.org")
    subject_requests.withhold(
        request.id,
        conversation_id=str(made.pk),
        part="line",
        seq=2,
        reason="third_party",
        note=NOTE,
    )
    subject_requests.withhold(
        request.id, conversation_id=str(made.pk), part="photo", seq=seq, reason="crime", note=""
    )
    withheld = Withholding.objects.get(part="line")
    assert subject_requests.read_note(withheld) == NOTE
    dump = dump_test_database()
    assert_absent(dump, [NOTE])
    document, page, names = opened(subject_rights.release_access(request))
    lines = [line["text"] for line in document["conversations"][0]["messages"]]
    assert "THIRD-PARTY my neighbour Jo" not in json.dumps(document) and "THIRD-PARTY" not in page
    assert "my boiler is broken" in lines and not any(name.startswith("photos/") for name in names)
    assert document["withheld"] == {"items": 2, "reasons": ["crime", "third_party"]}
    assert "messages or photos: 2 in all" in page and "about another person" in page
    assert "prevention or detection of crime" in page
    assert NOTE not in page and NOTE not in json.dumps(document) and NOTE not in caplog.text
    for entry in AuditEntry.objects.all():
        assert "NOTE-MARKER" not in json.dumps(entry.detail)
    assert AuditEntry.objects.get(action=audit.SUBJECT_ACCESS_EXPORT).detail["withheld"] == 2


@pytest.mark.django_db
def test_a_withholding_is_refused_outside_the_request_and_can_be_put_back() -> None:
    mine, other = chat(), chat("other@example.org")
    request = subject_requests.start_request("access", [mine.pk])
    with pytest.raises(RequestRefused, match="not part of this request"):
        subject_requests.withhold(
            request.id, conversation_id=str(other.pk), part="line", seq=1, reason="other", note=""
        )
    with pytest.raises(RequestRefused, match="no such line"):
        subject_requests.withhold(
            request.id, conversation_id=str(mine.pk), part="photo", seq=1, reason="other", note=""
        )
    kept = subject_requests.withhold(
        request.id, conversation_id=str(mine.pk), part="line", seq=1, reason="other", note="x"
    )
    subject_requests.restore(request.id, str(kept.pk), actor_id=None)
    assert not Withholding.objects.exists()
    document, _page, _names = opened(subject_rights.release_access(request))
    assert len(document["conversations"][0]["messages"]) == 1
    with pytest.raises(RequestRefused, match="already completed"):
        subject_requests.withhold(
            request.id, conversation_id=str(mine.pk), part="line", seq=1, reason="other", note=""
        )
    erasure = subject_requests.start_request("erasure", [mine.pk])
    with pytest.raises(RequestRefused, match="Only an access request"):
        subject_requests.withhold(
            erasure.id, conversation_id=str(mine.pk), part="line", seq=1, reason="other", note=""
        )
    store.shred_conversation(mine.pk)
    again = subject_requests.start_request("access", [mine.pk])
    with pytest.raises(ConversationErased):
        subject_requests.withhold(
            again.id, conversation_id=str(mine.pk), part="line", seq=1, reason="other", note=""
        )


@pytest.mark.django_db
def test_rectification_restriction_and_objection_are_completed_with_an_outcome() -> None:
    made = chat()
    for kind in ("rectification", "restriction", "objection"):
        request = subject_requests.start_request(kind, [made.pk])
        with pytest.raises(RequestRefused):
            subject_requests.complete(request.id, "released")
        subject_requests.complete(request.id, "done")
        request.refresh_from_db()
        assert request.completed_at is not None and request.outcome == "done"
        assert request.conversations == 1
    access = subject_requests.start_request("access", [made.pk])
    with pytest.raises(RequestRefused, match="its own step"):
        subject_requests.complete(access.id, "done")


@pytest.mark.django_db
def test_the_letter_has_the_article_15_information_in_local_time(settings) -> None:
    settings.CHAT_RETENTION_DAYS = 90
    made = chat()
    Conversation.objects.filter(pk=made.pk).update(created_at=SUMMER)
    request = subject_requests.start_request("access", [made.pk], received_on=date(2026, 7, 7))
    _document, page, _names = opened(subject_rights.release_access(request))
    assert "6 July 2026, 18:41" in page and "T17:41" not in page and "+00:00" not in page
    assert "On 7 July 2026 you asked us" in page and f"Our reference: {request.reference}" in page
    assert str(request.id) not in page
    for words in (
        settings.CHAT_CONTROLLER_ADDRESS,
        "Why we hold it and on what basis",
        "article 6(1)(b)",  # the demo's tenancy agreement
        "Who sees it",
        "After 90 days",
        "Where it came from",
        "restrict how we use it",
        "ico.org.uk",
        "<style>",
    ):
        assert words in page, words


@pytest.mark.django_db
def test_hostile_settings_and_details_are_escaped_in_the_letter(settings) -> None:
    settings.CHAT_ORGANISATION_NAME = "<b>Homes</b>"
    settings.CHAT_CONTROLLER_ADDRESS = "<script>alert(1)</script> Street"
    settings.CHAT_PRIVACY_CONTACT = '"><img src=x onerror=alert(2)>'
    made = chat("tess@example.org", "<iframe src=javascript:alert(3)>")
    request = subject_requests.start_request("access", [made.pk])
    _document, page, _names = opened(subject_rights.release_access(request))
    for raw in ("<b>Homes", "<script>", "<img", "<iframe"):
        assert raw not in page, raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Street" in page
    assert "&lt;iframe src=javascript:alert(3)&gt;" in page


@pytest.mark.django_db
def test_the_letter_is_in_welsh_for_a_welsh_conversation() -> None:
    made = chat()
    Conversation.objects.filter(pk=made.pk).update(created_at=SUMMER)
    request = subject_requests.start_request("access", [made.pk], received_on=date(2026, 7, 7))
    _document, page, _names = opened(subject_rights.release_access(request, language="cy"))
    assert "<html lang='cy'>" in page
    assert "Gorffenaf" in page and "Eich hawliau" in page and "<p>Helo Tess,</p>" in page


@pytest.mark.django_db
def test_the_letter_numbers_its_lines_and_photos_name_their_line_and_time() -> None:
    made = chat("tess@example.org", "my boiler is broken", "here is a photo")
    seq = with_photo(made)
    Conversation.objects.filter(pk=made.pk).update(created_at=SUMMER)
    request = subject_requests.start_request("access", [made.pk])
    _document, page, _names = opened(subject_rights.release_access(request))
    for number in (1, 2, seq):
        assert f"<small>Line {number} · " in page
    assert f">Photo sent with line {seq}, " in page and "photo of line" not in page
    assert "State:" not in page and "as written" not in page


@pytest.mark.django_db
def test_the_letter_says_what_masked_and_erased_mean() -> None:
    masked, erased = chat(), chat()
    Conversation.objects.filter(pk=masked.pk).update(aged_at=SUMMER)
    store.shred_conversation(erased.pk)
    request = subject_requests.start_request("access", [masked.pk, erased.pk])
    _document, page, _names = opened(subject_rights.release_access(request))
    assert "we masked the personal information in this conversation" in page
    assert "This conversation has been erased" in page and "State:" not in page


@pytest.mark.django_db
def test_the_letter_lists_the_staff_in_the_chat_and_those_who_opened_it_after() -> None:
    from django.contrib.auth.models import User

    sam = User.objects.create_user("sam", first_name="Sam", last_name="Jones")
    rita = User.objects.create_user("rita", first_name="Rita", last_name="Reader")
    made = chat()
    made.live.handled_by.add(sam)
    store.append_message(made.pk, sender="agent", text="I can book a visit", author_id=sam.pk)
    audit.record(audit.TRANSCRIPT_READ, actor_id=rita.pk, conversation_id=made.pk)
    request = subject_requests.start_request("access", [made.pk])
    document, page, _names = opened(subject_rights.release_access(request))
    assert document["conversations"][0]["handled_by"] == ["Sam Jones"]
    assert "Who read this conversation" not in page
    took_part = page[page.index("<h3>Staff who took part in the chat</h3>") :]
    assert took_part.index("Sam Jones") < took_part.index("<h3>Staff who opened")
    opened_after = page[page.index("<h3>Staff who opened the transcript after the chat</h3>") :]
    assert "Rita Reader, " in opened_after and "Sam Jones" not in opened_after


@pytest.mark.django_db
def test_the_letter_counts_conversations_in_a_sentence() -> None:
    one = subject_requests.start_request("access", [chat().pk])
    assert "We found one conversation with you." in opened(subject_rights.release_access(one))[1]
    two = subject_requests.start_request("access", [chat().pk, chat().pk])
    assert "We found 2 conversations with you." in opened(subject_rights.release_access(two))[1]
    none = subject_requests.start_request("access", [])
    page = opened(subject_rights.release_access(none))[1]
    assert "We found no conversations with you." in page and "Conversations we found" not in page


@pytest.mark.django_db
def test_the_letter_greets_the_tenant_by_the_one_name_they_gave() -> None:
    named = subject_requests.start_request("access", [chat().pk, chat().pk])
    assert "<p>Hello Tess,</p>" in opened(subject_rights.release_access(named))[1]
    other = store.create_conversation(details={"name": "Teresa Smith"})
    two_names = subject_requests.start_request("access", [chat().pk, other.pk])
    assert "<p>Hello,</p>" in opened(subject_rights.release_access(two_names))[1]
    nameless = store.create_conversation(details={"email": "t@example.org"})
    unnamed = subject_requests.start_request("access", [nameless.pk])
    assert "<p>Hello,</p>" in opened(subject_rights.release_access(unnamed))[1]
    hostile = store.create_conversation(details={"name": "<b>Tess</b>"})
    escaped = subject_requests.start_request("access", [hostile.pk])
    assert (
        "<p>Hello &lt;b&gt;Tess&lt;/b&gt;,</p>" in opened(subject_rights.release_access(escaped))[1]
    )
