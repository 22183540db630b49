"""Choosing what to record: the transcript page's form offers the people's lines newest
first with a short excerpt and no default (kind or line), shows a hazard's severity and
category as a hazard's, and the live dialog can list the chat's cases."""

import html
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from chatserver.casework.models import Case
from chatserver.console.case_lines import EXCERPT_LENGTH, excerpt
from tests import factories
from tests.mfa import sign_in

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
MOULD = "there is black mould in the bathroom and it is spreading up the wall"


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def a_closed_chat(agent: User):
    made = factories.conversation(handled_by=agent)
    factories.add_lines(made, "Tess joined the chat", sender="system")
    factories.add_lines(made, MOULD)
    factories.add_lines(made, "I am sorry to hear that", sender="agent")
    return made


def the_form(page: str) -> str:
    return page.split('id="transcript-record-case"')[1].split("</form>")[0]


def test_the_transcripts_form_offers_the_peoples_lines_newest_first_and_chooses_none() -> None:
    casey = factories.agent("casey")
    closed = a_closed_chat(casey)
    form = the_form(client_for(casey).get(f"/console/history/{closed.pk}/").content.decode())
    line_select = form.split('id="case-line"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]*)</option>', line_select)
    assert [value for value, _, _ in options] == ["", "3", "2"]
    assert not any(selected for _, selected, _ in options[1:])
    assert re.fullmatch(r"\d\d:\d\d agent: I am sorry to hear that", options[1][2])
    assert re.fullmatch(
        r"\d\d:\d\d visitor: there is black mould in the bathroom and it is spreading up…",
        html.unescape(options[2][2]),
    )
    assert "joined" not in line_select


def test_the_transcripts_form_starts_with_no_kind_and_keeps_hazard_fields_apart() -> None:
    casey = factories.agent("casey")
    closed = a_closed_chat(casey)
    form = the_form(client_for(casey).get(f"/console/history/{closed.pk}/").content.decode())
    kind = form.split('id="case-kind"')[1].split("</select>")[0]
    assert kind.index('<option value="">Choose…</option>') < kind.index("complaint")
    assert "Not a hazard" not in form
    hazard = form.split('id="case-hazard"')[1].split("</fieldset>")[0]
    assert 'id="case-severity"' in hazard and 'id="case-category"' in hazard
    assert (
        "console/transcript-case.js"
        in client_for(casey).get(f"/console/history/{closed.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    ("posted", "says"),
    [
        ({"kind": "", "seq": "2"}, "Choose what kind of case this is"),
        ({"kind": "complaint", "seq": ""}, "Choose the line that made us aware."),
        ({"kind": "complaint", "seq": "1"}, "the chat's own notice"),
    ],
)
def test_the_form_says_what_to_choose(posted: dict[str, str], says: str) -> None:
    casey = factories.agent("casey")
    closed = a_closed_chat(casey)
    client = client_for(casey)
    response = client.post("/console/cases/record/", {"conversation": str(closed.pk), **posted})
    assert response.status_code == 400 and says in html.unescape(response.content.decode())
    answer = client.post(
        "/console/cases/record/", {"conversation": str(closed.pk), **posted}, **JSON
    )
    assert says in answer.json()["error"]
    assert not Case.objects.exists()


def test_the_live_dialog_lists_the_chats_cases() -> None:
    casey = factories.agent("casey")
    live = factories.conversation(lines=[MOULD], status="active", assigned_agent=casey)
    first = actions.do_record_case(casey, live.pk, CaseRequest("complaint", 1))
    second = actions.do_record_case(casey, live.pk, CaseRequest("hazard", 1, "emergency", "fire"))
    actions.do_close_case(casey, first.reference, "withdrawn")
    answer = client_for(casey).get(f"/console/cases/of/{live.pk}/", **JSON)
    assert answer.status_code == 200
    assert answer.json() == {
        "cases": [
            {"reference": first.shown_reference, "kind": "complaint", "label": "Complaint"}
            | {"open": False, "seq": 1},
            {"reference": second.shown_reference, "kind": "hazard", "label": "Hazard"}
            | {"open": True, "seq": 1},
        ]
    }
    assert "mould" not in answer.content.decode()


def test_only_who_may_record_a_case_sees_the_chats_cases() -> None:
    live = factories.conversation(
        lines=[MOULD], status="active", assigned_agent=factories.agent("owner")
    )
    other = client_for(factories.agent("other"))
    assert other.get(f"/console/cases/of/{live.pk}/", **JSON).status_code == 403
    stranger = client_for(factories.account("stranger"))
    assert stranger.get(f"/console/cases/of/{live.pk}/", **JSON).status_code == 403
    casey = client_for(factories.agent("casey"))
    assert casey.get("/console/cases/of/not-a-uuid/", **JSON).status_code == 404


@given(st.text())
def test_an_excerpt_is_one_short_line(text: str) -> None:
    cut = excerpt(text)
    assert 0 < len(cut) <= EXCERPT_LENGTH
    assert not any(mark.isspace() and mark != " " for mark in cut)
    assert cut == " ".join(text.split()) or cut.endswith("…") or cut == "[no words]"
