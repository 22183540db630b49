"""The supervisors' Webhooks page and an agent's "Send to the housing system": the secret
shown once, endpoints added and disabled through the actions, the delivery log without
bodies, and only those who may read a chat sending its summary."""

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from chatserver.integrations import kinds
from chatserver.integrations.models import Attempt, Endpoint, OutboxEvent
from tests import factories
from tests.mfa import sign_in
from tests.webhook_helpers import endpoint
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_a_supervisor_adds_an_endpoint_and_sees_its_secret_once() -> None:
    boss = client_for(factories.supervisor("boss"))
    assert boss.get("/console/webhooks/").status_code == 200
    answer = boss.post(
        "/console/webhooks/add/",
        {
            "description": "Housing system",
            "url": "https://housing.example/hooks",
            "event_types": [kinds.CASE_RECORDED, kinds.CONVERSATION_CLOSED],
            "allowed_fields": [kinds.NAME],
        },
    )
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-store, private"
    page = answer.content.decode()
    made = Endpoint.objects.get()
    secret = page.split('<code id="secret">')[1].split("</code>")[0]
    assert secret.startswith("whsec_")
    assert (made.event_types, made.allowed_fields) == (
        [kinds.CASE_RECORDED, kinds.CONVERSATION_CLOSED],
        [kinds.NAME],
    )
    assert secret not in boss.get("/console/webhooks/").content.decode()


def test_a_bad_address_is_refused_saying_why() -> None:
    boss = client_for(factories.supervisor("boss"))
    answer = boss.post(
        "/console/webhooks/add/",
        {"description": "CRM", "url": "http://crm.example/", "event_types": [kinds.CASE_RECORDED]},
    )
    assert answer.status_code == 400 and "https://" in answer.content.decode()
    assert not Endpoint.objects.exists()


def test_a_supervisor_disables_an_endpoint_and_an_agent_cannot() -> None:
    made, _ = endpoint()
    agent = client_for(factories.agent("alice"))
    assert agent.get("/console/webhooks/").status_code == 403
    assert agent.post(f"/console/webhooks/{made.pk}/disable/").status_code == 403
    boss = client_for(factories.supervisor("sue"))
    assert boss.post(f"/console/webhooks/{made.pk}/disable/").status_code == 302
    assert not Endpoint.objects.get().active
    assert AuditEntry.objects.filter(action="webhook_endpoint_disabled").count() == 1


def test_the_delivery_log_shows_each_attempt_without_a_body() -> None:
    made, _ = endpoint()
    Attempt.objects.create(
        attempted_at=timezone.now(),
        event_id="6b0d4a4e-8b7a-4d43-9a50-1f0e2d7e3f11",
        event_type=kinds.CASE_RECORDED,
        endpoint=made,
        outcome="timed_out",
        latency_ms=10004,
    )
    page = client_for(factories.supervisor("boss2")).get("/console/webhooks/").content.decode()
    log = page.split('id="delivery-log"')[1]
    assert "6b0d4a4e-8b7a-4d43-9a50-1f0e2d7e3f11" in log and "Timed out" in log
    assert "10004 ms" in log


def test_an_agent_sends_a_closed_chats_summary_with_the_fields_ticked() -> None:
    endpoint(housing_system=True, event_types=(), allowed_fields=(kinds.NAME,))
    agent = factories.agent("alice")
    chat = factories.conversation(
        details={"name": "Jane Tenant"}, lines=["boiler"], handled_by=agent
    )
    alice = client_for(agent)
    form = alice.get(f"/console/history/{chat.pk}/send-to-housing/").content.decode()
    assert 'id="send-to-housing"' in form and "visitor&#x27;s name" in form
    answer = alice.post(f"/console/history/{chat.pk}/send-to-housing/", {"include": [kinds.NAME]})
    assert answer.status_code == 200 and 'id="sent"' in answer.content.decode()
    sent = OutboxEvent.objects.get(type=kinds.HOUSING_SUMMARY)
    assert sent.payload["ticked_fields"] == [kinds.NAME]
    transcript = alice.get(f"/console/history/{chat.pk}/").content.decode()
    assert "send-to-housing-link" in transcript


def test_a_live_chat_not_ones_own_cannot_be_sent() -> None:
    endpoint(housing_system=True, event_types=())
    chat = factories.conversation(status="active", lines=["boiler"])
    alice = client_for(factories.agent("alice"))
    assert alice.get(f"/console/history/{chat.pk}/send-to-housing/").status_code == 403
    assert alice.post(f"/console/history/{chat.pk}/send-to-housing/", {}).status_code == 403
    assert not OutboxEvent.objects.filter(type=kinds.HOUSING_SUMMARY).exists()


def test_without_a_housing_endpoint_the_page_says_whom_to_ask() -> None:
    chat = factories.conversation(lines=["boiler"])
    alice = client_for(factories.agent("alice"))
    page = alice.get(f"/console/history/{chat.pk}/send-to-housing/").content.decode()
    assert "ask a supervisor" in page
    answer = alice.post(f"/console/history/{chat.pk}/send-to-housing/", {})
    assert answer.status_code == 409
