"""Complaints and hazards in the reports: the casework app's timeliness figures on the
reports page and the transparency report, for the cases recorded from the seeded chats."""

import pytest
from django.test import Client

from chatserver.casework import actions
from chatserver.casework.actions import CaseRequest
from tests import factories
from tests.mfa import sign_in
from tests.reports_seed import period, seed
from transcripts.record.models import Message

pytestmark = pytest.mark.django_db
PAGES = ("/console/reports/", "/console/reports/transparency/")


@pytest.mark.parametrize("url", PAGES)
def test_the_reports_show_the_cases_recorded_in_the_period(url: str) -> None:
    seeded = seed()
    chat = seeded.chats["A"]
    # The visitor's line, the landlord's awareness, came in as the chat began.
    Message.objects.filter(conversation=chat, seq=1).update(created_at=chat.created_at)
    actions.do_record_case(seeded.alice, chat.pk, CaseRequest(kind="complaint", seq=1))
    case = actions.do_record_case(
        seeded.alice,
        chat.pk,
        CaseRequest(kind="hazard", seq=1, severity="significant", category="damp_and_mould"),
    )
    actions.do_mark_investigated(seeded.alice, case.reference)
    client = Client()
    sign_in(client, factories.supervisor("sue"))
    response = client.get(url, period())
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="casework-missing"' not in content
    figures = response.context["casework"]
    assert figures.of("complaint").opened == 1
    assert figures.of("hazard").opened == 1
    assert figures.of("hazard").investigated_in_time == 1
    assert '<td id="casework-complaint-opened">1</td>' in content
    assert '<td id="casework-hazard-investigated_in_time">1</td>' in content
    assert case.reference not in content
