"""The DPO's request screens: the deadline register with completed requests, a request
started for chosen conversations, the review before an access export is released, the
answer to a rectification, and the audit log's details in words."""

import io
import json
import os
import re
import zipfile
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chatserver.chat.models import LiveConversation
from chatserver.console import audit_words
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit, references, subject_requests
from transcripts.compliance.models import AuditEntry, SubjectRequest, Withholding
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db


def chat(*lines: str) -> Conversation:
    made = store.create_conversation(
        details={"email": "tess@example.org"}, session_id_hash=os.urandom(32).hex()
    )
    for text in lines:
        store.append_message(made.pk, sender="visitor", text=text)
    return made


@pytest.fixture
def dpo() -> Client:
    client = Client()
    sign_in(client, factories.supervisor("dora"))
    return client


def test_a_request_is_started_for_chosen_conversations_and_listed_as_due(dpo: Client) -> None:
    first, second = chat("one"), chat("two")
    answer = dpo.post(
        "/console/requests/start/",
        {"kind": "rectification", "conversation": [first.pk, second.pk], "received_on": ""},
    )
    made = SubjectRequest.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/console/requests/{made.id}/"
    assert made.in_scope.count() == 2 and made.kind == "rectification"
    late = subject_requests.start_request(
        "objection", [first.pk], received_on=timezone.localdate() - timedelta(days=40)
    )
    page = dpo.get("/console/dashboard/").content.decode()
    assert "Rectification" in page and "Objection" in page
    assert f"{made.deadline:%-d %b %Y}" in page and "<strong>Overdue</strong> by" in page
    assert 'class="overdue"' in page and str(late.id)[:8] in page
    refused = dpo.post("/console/requests/start/", {"kind": "access", "conversation": ["x"]})
    assert refused.status_code == 400


def test_an_access_request_is_reviewed_then_released_and_stays_listed(dpo: Client) -> None:
    made = chat("my boiler", "<b>my neighbour Jo</b> at number 4")
    dpo.post("/console/requests/new/", {"kind": "access", "email": "tess@example.org"})
    request = SubjectRequest.objects.get()
    review = dpo.get(f"/console/requests/{request.id}/").content.decode()
    assert "Review before release" in review and "&lt;b&gt;my neighbour Jo&lt;/b&gt;" in review
    assert "<b>my neighbour" not in review
    withheld = dpo.post(
        f"/console/requests/{request.id}/withhold/",
        {
            "conversation": made.pk,
            "part": "line",
            "seq": 2,
            "reason": "third_party",
            "note": "<i>neighbour</i>",
        },
    )
    assert withheld.status_code == 302 and Withholding.objects.count() == 1
    again = dpo.get(f"/console/requests/{request.id}/").content.decode()
    assert "&lt;i&gt;neighbour&lt;/i&gt;" in again and "Another person" in again
    reads = AuditEntry.objects.filter(action=audit.TRANSCRIPT_READ, request_id=request.id)
    assert reads.count() == 1  # two views, one read recorded
    released = dpo.post(f"/console/requests/{request.id}/release/")
    assert released["Content-Type"] == "application/zip"
    assert released["Cache-Control"] == "no-store, private"
    document = json.loads(zipfile.ZipFile(io.BytesIO(released.content)).read("export.json"))
    assert [m["text"] for m in document["conversations"][0]["messages"]] == ["my boiler"]
    assert dpo.post(f"/console/requests/{request.id}/release/").status_code == 404
    page = dpo.get("/console/dashboard/").content.decode()
    assert "No open requests." in page and "Export released" in page
    assert f"{timezone.localdate():%-d %b %Y}" in page


def test_rectification_is_answered_and_a_deadline_extended(dpo: Client) -> None:
    made = chat("hello")
    request = subject_requests.start_request("rectification", [made.pk])
    extended = dpo.post(f"/console/requests/{request.id}/extend/", {"reason": "complex"})
    request.refresh_from_db()
    assert extended.status_code == 302 and request.extension == "complex"
    assert request.deadline > request.received_on + timedelta(days=80)
    twice = dpo.post(f"/console/requests/{request.id}/extend/", {"reason": "complex"})
    assert twice.status_code == 400 and b"already been extended" in twice.content
    dpo.post(f"/console/requests/{request.id}/complete/", {"outcome": "done"})
    request.refresh_from_db()
    assert request.completed_at is not None and request.outcome == "done"


def test_an_erasure_needs_no_email_typed_again(dpo: Client) -> None:
    made = chat("erase me")
    dpo.post("/console/requests/new/", {"kind": "erasure", "email": "tess@example.org"})
    request = SubjectRequest.objects.get()
    form = dpo.get(f"/console/requests/{request.id}/erase/").content.decode()
    assert 'name="email"' not in form and "Started" in form
    done = dpo.post(f"/console/requests/{request.id}/erase/", {"confirm": "yes"})
    assert b"1 conversation, completed on" in done.content
    assert Conversation.objects.get(pk=made.pk).erased_at is not None


def test_audit_details_read_as_words() -> None:
    assert audit_words.describe(
        {"recipient_index": "ab" * 32, "reason": "subject_request", "live": True}
    ) == ("Reason: Subject access or erasure request; while the chat was open")
    assert audit_words.describe({"photo": "0f" * 16, "part": "thumbnail"}) == (
        "The thumbnail of a photo"
    )
    assert audit_words.describe(
        {"kind": "access", "deadline": "2026-03-02", "conversations": 1}
    ) == ("Kind: access; due 2 March 2026; 1 conversation")
    assert audit_words.describe({"part": "line", "seq": 3, "reason": "third_party"}) == (
        "Line 3; reason: Another person's information (DPA 2018 Sch. 2 para. 16)"
    )


def test_the_dashboard_shows_no_key_value_details(dpo: Client) -> None:
    audit.record(audit.TRANSCRIPT_EMAILED, recipient_index="ab" * 32)
    page = dpo.get("/console/dashboard/").content.decode()
    assert "recipient_index=" not in page and "ab" * 32 not in page


def test_a_thumbnail_shown_again_is_not_another_audited_view() -> None:
    made = chat()
    user = factories.supervisor("vera")
    photo = "0" * 31 + "1"
    for _render in range(3):
        audit.record_photo_view(
            actor_id=user.pk, conversation_id=made.pk, photo_id=photo, part="thumbnail"
        )
    audit.record_photo_view(actor_id=user.pk, conversation_id=made.pk, photo_id=photo, part="image")
    audit.record_photo_view(actor_id=user.pk, conversation_id=made.pk, photo_id=photo, part="image")
    parts = [e.detail["part"] for e in AuditEntry.objects.filter(action=audit.PHOTO_VIEWED)]
    assert sorted(parts) == ["image", "image", "thumbnail"]


def test_the_register_marks_a_late_completion(dpo: Client) -> None:
    request = subject_requests.start_request("objection", [], received_on=date(2025, 1, 6))
    subject_requests.complete(request.id, "refused")
    page = dpo.get("/console/dashboard/").content.decode()
    assert "(late)" in page and "Refused, the tenant told why" in page


def test_a_request_without_an_email_shows_the_form_again_with_the_error(dpo: Client) -> None:
    refused = dpo.post(
        "/console/requests/new/", {"kind": "erasure", "email": "", "received_on": "2025-03-04"}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Email: This field" not in page and 'id="record-request"' in page
    assert 'id="request-email-error"' in page and "This field is required." in page
    assert 'aria-describedby="request-email-error"' in page
    assert '<option value="erasure" selected>' in page and 'value="2025-03-04"' in page
    assert not SubjectRequest.objects.exists()


def test_a_mistyped_email_is_kept_beside_its_error(dpo: Client) -> None:
    refused = dpo.post("/console/requests/new/", {"kind": "access", "email": "tess@"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'value="tess@"' in page and "Enter a valid email address." in page


def test_a_conversation_still_open_is_not_erased_until_it_is_closed(dpo: Client) -> None:
    live = factories.conversation(status="active", details={"email": "tess@example.org"})
    closed = factories.conversation(details={"email": "tess@example.org"})
    request = subject_requests.start_request(SubjectRequest.Kind.ERASURE, [live.pk, closed.pk])
    page = dpo.get(f"/console/requests/{request.id}/erase/").content.decode()
    assert 'id="still-open"' in page and "still open" in page
    refused = dpo.post(f"/console/requests/{request.id}/erase/", {"confirm": "yes"})
    assert refused.status_code == 400
    assert "wait until it is closed" in refused.content.decode().lower()
    assert not Conversation.objects.exclude(erased_at=None).exists()
    assert SubjectRequest.objects.get(pk=request.id).completed_at is None
    LiveConversation.objects.filter(pk=live.pk).update(status=LiveConversation.Status.CLOSED)
    page = dpo.get(f"/console/requests/{request.id}/erase/").content.decode()
    assert 'id="still-open"' not in page
    done = dpo.post(f"/console/requests/{request.id}/erase/", {"confirm": "yes"})
    assert done.status_code == 200
    assert Conversation.objects.filter(erased_at=None).count() == 0


def _text_outside_urls(page: str) -> str:
    """The page without its links' and forms' addresses (which may carry ids)."""
    return re.sub(r'(href|action|src)="[^"]*"', "", page)


def test_a_request_is_titled_by_kind_short_reference_and_date_never_its_uuid(
    dpo: Client,
) -> None:
    made = chat("my boiler")
    request = subject_requests.start_request("access", [made.pk], received_on=date(2026, 12, 7))
    reference = request.reference
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)
    title = f"Access request {reference}, received 7 December 2026"
    assert request.title == title
    page = dpo.get(f"/console/requests/{request.id}/").content.decode()
    assert f"<title>{title}</title>" in page and f"<h1>{title}</h1>" in page
    assert str(request.id) not in _text_outside_urls(page)
    dashboard = dpo.get("/console/dashboard/").content.decode()
    assert f"<td>{reference}</td>" in dashboard
    assert str(request.id)[:8] not in _text_outside_urls(dashboard)
    assert references.find_requests(reference.lower().replace("-", " ")) == [request]
    subject_requests.mark_completed(request, SubjectRequest.Outcome.RELEASED, 1)
    dashboard = dpo.get("/console/dashboard/").content.decode()
    assert f">{reference}</a></td>" in dashboard
    assert str(request.id)[:8] not in _text_outside_urls(dashboard)


def test_a_forget_request_is_titled_by_its_receipts_reference(dpo: Client) -> None:
    made = chat("forget me")
    request = subject_requests.start_request("erasure", [made.pk], source="widget")
    given = references.link_conversations(request, [made.pk], with_reference=True)
    request = SubjectRequest.objects.get(pk=request.pk)
    assert request.reference == given and given in request.title
    erase = dpo.get(f"/console/requests/{request.id}/erase/").content.decode()
    assert f"<h1>{request.title}</h1>" in erase
    assert str(request.id) not in _text_outside_urls(erase)


def _review_rows(page: str) -> list[str]:
    table = page[page.index('<table class="table review"') :]
    return table[: table.index("</table>")].split("<tr")[2:]  # after the header row


def test_review_rows_are_numbered_and_a_withheld_line_offers_its_undo_not_withhold(
    dpo: Client,
) -> None:
    made = chat("my boiler", "my neighbour Jo at number 4", "thanks")
    request = subject_requests.start_request("access", [made.pk])
    subject_requests.withhold(
        request.id, conversation_id=str(made.pk), part="line", seq=2, reason="third_party", note=""
    )
    page = dpo.get(f"/console/requests/{request.id}/").content.decode()
    assert '<th scope="col">Line</th>' in page
    rows = _review_rows(page)
    assert len(rows) == 3
    for number, row in enumerate(rows, start=1):
        assert f'<th scope="row">Line {number}</th>' in row
    assert "<td>Line 2</td>" in page[page.index('id="withheld"') :]  # the same number
    first, withheld, _last = rows
    assert ">Withhold</button>" in first and "Put back" not in first
    assert ">Withhold</button>" not in withheld and 'value="line"' not in withheld
    assert "Withheld" in withheld and ">Put back</button>" in withheld
    restore = Withholding.objects.get().pk
    assert f"/console/requests/{request.id}/withheld/{restore}/restore/" in withheld


def test_an_open_conversation_is_erased_when_ending_it_is_confirmed_too(dpo: Client) -> None:
    live = factories.conversation(status="active", details={"email": "tess@example.org"})
    request = subject_requests.start_request(SubjectRequest.Kind.ERASURE, [live.pk])
    page = dpo.get(f"/console/requests/{request.id}/erase/").content.decode()
    assert 'name="end_open"' in page and "End the open chat and erase it now" in page
    done = dpo.post(f"/console/requests/{request.id}/erase/", {"confirm": "yes", "end_open": "yes"})
    assert done.status_code == 200
    assert Conversation.objects.get(pk=live.pk).erased_at is not None
