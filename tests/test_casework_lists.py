"""Open cases stay listed until closed, each with the next step due; a case's steps in the
order its clock runs; extensions within the setting; closing with steps still waiting; the
transcript's case holds; refusals shown on the case page itself."""

import html
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import dateformat, timezone

from chatserver.casework import actions, queries
from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Case, CaseStep, Step
from chatserver.chat.errors import ChatError
from tests import factories
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db
DAMP = CaseRequest("hazard", 1, "significant", "damp_and_mould")
EMERGENCY = CaseRequest("hazard", 1, "emergency", "electrical")


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def chat():
    return factories.conversation(lines=["the ceiling is black with mould", "since May"])


def nothing_waiting(sue: User) -> list[Case]:
    """A damp and mould hazard investigated and summarised, and an emergency made safe:
    open, with no step waiting."""
    damp = actions.do_record_case(sue, chat().pk, DAMP)
    actions.do_mark_investigated(sue, damp.reference)
    actions.do_send_summary(sue, damp.reference)
    emergency = actions.do_record_case(sue, chat().pk, EMERGENCY)
    actions.do_mark_made_safe(sue, emergency.reference)
    return [damp, emergency]


def test_open_cases_with_nothing_waiting_stay_in_every_list() -> None:
    sue = factories.supervisor("sue")
    User.objects.filter(pk=sue.pk).update(email="sue@landlord.example")
    ready = nothing_waiting(sue)
    listed = queries.due_list(timezone.now())
    assert [item.reference for item in listed] == [case.shown_reference for case in ready]
    assert all(item.ready_to_close and not item.overdue for item in listed)
    client = client_for(sue)
    for page in ("/console/cases/", "/console/dashboard/"):
        shown = client.get(page).content.decode()
        assert all(case.shown_reference in shown for case in ready)
        assert "Ready to close" in shown
    out = StringIO()
    call_command("case_digest", "--dry-run", stdout=out)
    ready_part = out.getvalue().split("Ready to close (2)")[1]
    assert all(case.shown_reference in ready_part for case in ready)
    assert "mould" not in out.getvalue()


def test_a_closed_case_leaves_the_lists() -> None:
    sue = factories.supervisor("sue")
    damp, emergency = nothing_waiting(sue)
    actions.do_close_case(sue, damp.reference, "made_safe")
    assert [item.reference for item in queries.due_list(timezone.now())] == [
        emergency.shown_reference
    ]


def test_the_cases_list_names_the_next_step_due() -> None:
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, CaseRequest("complaint", 1))
    due_on = case.steps.get().due_on
    page = client_for(casey).get("/console/cases/").content.decode()
    assert f"Next: acknowledge by {dateformat.format(due_on, 'j M')}" in page
    assert "<td>Acknowledged</td>" not in page


def test_the_case_page_lists_steps_in_the_order_the_clock_runs() -> None:
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, DAMP)
    actions.do_mark_investigated(casey, case.reference)
    # Investigated early: the summary falls due before the investigation's own due date.
    assert (
        CaseStep.objects.get(step=Step.SUMMARY).due_by
        < CaseStep.objects.get(step=Step.INVESTIGATE).due_by
    )
    page = client_for(casey).get(f"/console/cases/{case.reference}/").content.decode()
    steps = page.split('id="case-steps"')[1]
    assert steps.index("Investigated") < steps.index("Written summary sent")


def test_extensions_stop_at_the_setting_at_each_stage(settings) -> None:
    settings.CHAT_CASE_TIMESCALES = "extension=10"
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, CaseRequest("complaint", 1))
    actions.do_acknowledge(casey, case.reference)
    client = client_for(casey)
    url = f"/console/cases/{case.reference}/step/"
    page = client.get(f"/console/cases/{case.reference}/").content.decode()
    assert 'max="10"' in page and 'max="365"' not in page
    refused = client.post(url, {"step": "extend", "days": "365", "reason": "complex"})
    assert refused.status_code == 400 and b"at most 10 working days" in refused.content
    actions.do_extend(casey, case.reference, 10, "complex")
    with pytest.raises(ChatError, match="at most 10 working days"):
        actions.do_extend(casey, case.reference, 1, "complex")
    actions.do_answer(casey, case.reference)
    actions.do_escalate_to_stage_2(casey, case.reference)
    actions.do_acknowledge(casey, case.reference)
    with pytest.raises(ChatError, match="at most 10 working days"):
        actions.do_extend(casey, case.reference, 11, "complex")
    assert actions.do_extend(casey, case.reference, 10, "complex").extended_days == 10


def test_closing_names_the_waiting_steps_and_they_no_longer_wait() -> None:
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, CaseRequest("complaint", 1))
    client = client_for(casey)
    page = client.get(f"/console/cases/{case.reference}/").content.decode()
    close_form = page.split('class="case-close"')[1]
    assert "Still waiting: acknowledge" in close_form
    actions.do_close_case(casey, case.reference, "withdrawn")
    closed = client.get(f"/console/cases/{case.reference}/").content.decode()
    steps = closed.split('id="case-steps"')[1]
    assert "Waiting" not in steps and "Not needed: closed with the case" in steps


def test_the_transcripts_legal_hold_section_names_the_case_holds() -> None:
    sue = factories.supervisor("sue")
    held = chat()
    case = actions.do_record_case(sue, held.pk, CaseRequest("complaint", 1))
    client, url, why = client_for(sue), f"/console/history/{held.pk}/", {"reason": "complaint"}
    page = client.post(url, why).content.decode()
    hold_section = page.split("<h2>Legal hold</h2>")[1]
    assert case.shown_reference in hold_section and "lifted when the case is closed" in hold_section
    actions.do_close_case(sue, case.reference, "withdrawn")
    after = client.post(url, why).content.decode()
    assert "lifted when the case is closed" not in after.split("<h2>Legal hold</h2>")[1]


@pytest.mark.parametrize(
    ("posted", "says"),
    [
        ({"step": "bogus"}, "That is not a step a case can take"),
        ({"step": "extend", "days": "2"}, "An extension needs its working days and a reason."),
        ({"step": "acknowledge"}, "This case has no step"),
    ],
)
def test_a_refused_step_is_shown_on_the_case_page(posted: dict[str, str], says: str) -> None:
    casey = factories.agent("casey")
    case = actions.do_record_case(casey, chat().pk, CaseRequest("complaint", 1))
    actions.do_acknowledge(casey, case.reference)
    response = client_for(casey).post(f"/console/cases/{case.reference}/step/", posted)
    page = response.content.decode()
    assert response.status_code in (400, 409)
    assert 'id="case-steps"' in page and 'role="alert"' in page and says in page
    assert "Select a valid choice" not in page
    if "days" in posted:
        assert 'value="2"' in page


@pytest.mark.parametrize(
    ("posted", "says"),
    [
        ({"kind": "hazard", "category": "fire"}, "Choose the hazard's severity"),
        ({"kind": "hazard", "severity": "emergency"}, "Choose the hazard's category"),
        ({"kind": "grumble"}, "Choose what kind of case"),
        ({"kind": "complaint", "severity": "emergency"}, "Only a hazard has a severity"),
    ],
)
def test_a_refused_case_is_explained_in_plain_words(posted: dict[str, str], says: str) -> None:
    casey = factories.agent("casey")
    closed = factories.conversation(lines=["the boiler smells of gas"], handled_by=casey)
    response = client_for(casey).post(
        "/console/cases/record/", {"conversation": str(closed.pk), "seq": "1", **posted}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and says in page
    assert "must be one of" not in page and "Select a valid choice" not in page
    assert f'href="/console/history/{closed.pk}/"' in page
