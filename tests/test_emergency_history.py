"""Emergencies where supervisors look back (usability review 20): History marks each
emergency chat with its category and filters by it, and the dashboard counts emergencies
per category per day."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chatserver.chat.emergency_defaults import FIRE, GAS
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db


def signed_in_supervisor() -> Client:
    client = Client()
    sign_in(client, factories.supervisor("carol"))
    return client


def test_history_marks_emergencies_and_filters_by_category() -> None:
    gas = factories.conversation(
        lines=["I can smell gas"], emergency=GAS, emergency_categories=[GAS]
    )
    both = factories.conversation(
        lines=["smoke and gas"], emergency=FIRE, emergency_categories=[FIRE, GAS]
    )
    calm = factories.conversation(lines=["my boiler is broken"])
    client = signed_in_supervisor()
    page = client.get("/console/history/").content.decode()
    assert "Gas leak" in page and "Fire, Gas leak" in page
    found = client.post("/console/history/", {"emergency": GAS}).context["page"]
    assert {conversation.pk for conversation in found} == {gas.pk, both.pk}
    found = client.post("/console/history/", {"emergency": "any"}).context["page"]
    assert calm.pk not in {conversation.pk for conversation in found} and len(found) == 2
    found = client.post("/console/history/", {"emergency": FIRE}).context["page"]
    assert [conversation.pk for conversation in found] == [both.pk]
    refused = client.post("/console/history/", {"emergency": "volcano"})
    assert refused.status_code == 400
    searched = AuditEntry.objects.filter(action="history_searched").first()
    assert searched is not None and searched.detail["filters"] == ["emergency"]


def test_the_dashboard_counts_emergencies_per_category_per_day() -> None:
    now = timezone.now()
    factories.conversation(emergency=GAS, emergency_categories=[GAS])
    factories.conversation(emergency=GAS, emergency_categories=[GAS, FIRE])
    earlier = factories.conversation(emergency=FIRE, emergency_categories=[FIRE])
    earlier.__class__.objects.filter(pk=earlier.pk).update(created_at=now - timedelta(days=2))
    response = signed_in_supervisor().get("/console/dashboard/")
    table = response.context["emergencies"]
    rows = {row.label: row for row in table.rows}
    assert rows["Gas leak"].per_day[-1] == 2 and rows["Gas leak"].total == 2
    assert rows["Fire"].per_day[-1] == 1 and rows["Fire"].per_day[-3] == 1
    assert rows["Fire"].total == 2 and len(table.days) == 7
    page = response.content.decode()
    assert "Emergencies by category" in page
