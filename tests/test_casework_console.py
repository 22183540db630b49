"""Casework in the console: recording a case (the live chat's dialog as JSON, a transcript's
form as a page), the cases page, a case's steps, the supervisors' dashboard and digest, the
visitor's frame and the emailed copy."""

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Case, CaseStep
from chatserver.chat.actions.transcript_email import do_email_transcript
from chatserver.teams.models import Team
from tests import factories
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def chat(**fields: object):
    return factories.conversation(lines=["the ceiling is black with mould", "since May"], **fields)


def test_the_live_chats_dialog_records_a_case_and_gets_its_reference() -> None:
    casey = factories.agent("casey")
    live = chat(status="active", assigned_agent=casey)
    posted = {"conversation": str(live.pk), "kind": "hazard", "severity": "significant"}
    response = client_for(casey).post(
        "/console/cases/record/", {**posted, "category": "damp_and_mould", "seq": "2"}, **JSON
    )
    assert response.status_code == 201
    case = Case.objects.get()
    assert response.json() == {
        "reference": case.shown_reference,
        "kind": "hazard",
        "url": f"/console/cases/{case.reference}/",
    }
    assert case.aware_seq == 2 and case.conversation_id == live.pk


SIGNIFICANT_FIRE = {"kind": "hazard", "seq": "1", "severity": "significant", "category": "fire"}


@pytest.mark.parametrize(
    ("posted", "status", "says"),
    [
        ({"kind": "complaint", "seq": "0"}, 400, "Line"),
        ({"kind": "grumble", "seq": "1"}, 400, "Kind"),
        (SIGNIFICANT_FIRE, 400, "mould"),
        ({"kind": "complaint", "seq": "7"}, 400, "no line"),
    ],
)
def test_a_refused_case_says_why(posted: dict[str, str], status: int, says: str) -> None:
    casey = factories.agent("casey")
    live = chat(status="active", assigned_agent=casey)
    response = client_for(casey).post(
        "/console/cases/record/", {"conversation": str(live.pk), **posted}, **JSON
    )
    assert response.status_code == status and says in response.json()["error"]
    assert not Case.objects.exists()


def test_someone_elses_live_chat_and_strangers_are_refused() -> None:
    live = chat(status="active", assigned_agent=factories.agent("owner"))
    posted = {"conversation": str(live.pk), "kind": "complaint", "seq": "1"}
    other = client_for(factories.agent("other"))
    assert other.post("/console/cases/record/", posted, **JSON).status_code == 403
    assert other.post("/console/cases/record/", posted).status_code == 403
    stranger = client_for(factories.account("stranger"))
    assert stranger.post("/console/cases/record/", posted).status_code == 403
    assert stranger.get("/console/cases/").status_code == 403
    assert not Case.objects.exists()


def test_a_transcripts_form_records_a_case_and_shows_its_page() -> None:
    casey = factories.agent("casey")
    closed = chat(handled_by=casey)
    client = client_for(casey)
    page = client.get(f"/console/history/{closed.pk}/").content.decode()
    assert 'id="transcript-record-case"' in page and " visitor: since May</option>" in page
    posted = {"conversation": str(closed.pk), "kind": "complaint", "seq": "1"}
    response = client.post("/console/cases/record/", posted)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/console/cases/{case.reference}/"
    shown = client.get(response.url).content.decode()
    assert case.shown_reference in shown and "Acknowledged" in shown
    assert "mould" not in shown
    again = client.get(f"/console/history/{closed.pk}/").content.decode()
    assert case.shown_reference in again and "Kept while a case is open" in again
    assert "Kept while a case is open" not in page


def test_the_case_page_takes_each_step_and_says_why_one_is_refused() -> None:
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, CaseRequest(kind="complaint", seq=1))
    client = client_for(casey)
    url = f"/console/cases/{case.reference}/step/"
    assert client.post(url, {"step": "acknowledge"}).status_code == 302
    refused = client.post(url, {"step": "extend", "days": "11", "reason": "complex"})
    assert refused.status_code == 400 and b"at most 10 working days" in refused.content
    assert client.post(url, {"step": "extend"}).status_code == 400
    assert client.post(url, {"step": "extend", "days": "2", "reason": "complex"}).status_code == 302
    assert client.post(url, {"step": "answer"}).status_code == 302
    assert client.post(url, {"step": "close"}).status_code == 400
    assert client.post(url, {"step": "close", "outcome": "upheld"}).status_code == 302
    case.refresh_from_db()
    assert case.outcome == "upheld" and not case.is_open
    assert CaseStep.objects.get(step="respond").extended_days == 2
    assert client.get("/console/cases/nonsense/").status_code == 404


def test_a_restricted_teams_cases_are_not_found_by_others() -> None:
    safeguarding = Team.objects.create(name="Safeguarding", restricted=True)
    case = actions.do_record_case(
        factories.supervisor("sue"), chat(team=safeguarding).pk, CaseRequest("complaint", 1)
    )
    outsider = client_for(factories.agent("outsider"))
    assert outsider.get(f"/console/cases/{case.reference}/").status_code == 404
    assert case.shown_reference not in outsider.get("/console/cases/").content.decode()


def test_the_dashboard_and_the_digest_list_due_and_overdue_references_only() -> None:
    sue = factories.supervisor("sue")
    User.objects.filter(pk=sue.pk).update(email="sue@landlord.example")
    factories.supervisor("nomail")
    due = actions.do_record_case(sue, chat().pk, CaseRequest("complaint", 1))
    late = actions.do_record_case(sue, chat().pk, CaseRequest("service_request", 2))
    CaseStep.objects.filter(case=late).update(due_by=timezone.now() - timedelta(days=1))
    dashboard = client_for(sue).get("/console/dashboard/").content.decode()
    assert due.shown_reference in dashboard and late.shown_reference in dashboard
    assert "1 overdue" in dashboard
    out = StringIO()
    call_command("case_digest", stdout=out)
    assert "1 overdue, 1 due; sent to 1 supervisor." in out.getvalue()
    (email,) = mail.outbox
    assert email.to == ["sue@landlord.example"]
    overdue_part, due_part = email.body.split("Due (1):")
    assert late.shown_reference in overdue_part and due.shown_reference in due_part
    assert "mould" not in email.body and "May" not in email.subject


def test_the_emailed_copy_lists_the_references_in_english_and_welsh() -> None:
    casey = factories.agent("casey")
    english, welsh = chat(), chat(language="cy")
    for made in (english, welsh):
        actions.do_record_case(casey, made.pk, CaseRequest("complaint", 1))
        actions.do_record_case(casey, made.pk, CaseRequest("hazard", 2, "emergency", "electrical"))
    do_email_transcript(english, "tenant@example.org")
    do_email_transcript(welsh, "tenant@example.org")
    first, second = (Case.objects.filter(conversation=made) for made in (english, welsh))
    assert "Recorded from this chat" in mail.outbox[0].body
    for case in first:
        assert f"{case.get_kind_display()}: reference {case.shown_reference}" in mail.outbox[0].body
    assert "Cwyn: cyfeirnod " in mail.outbox[1].body and "Perygl: cyfeirnod " in mail.outbox[1].body
    assert all(case.shown_reference in mail.outbox[1].body for case in second)


def test_a_digest_no_supervisor_can_receive_is_an_error_saying_what_to_do() -> None:
    factories.supervisor("nomail")
    with pytest.raises(CommandError, match="no active supervisor has an email address"):
        call_command("case_digest", stdout=StringIO())
    assert mail.outbox == []
