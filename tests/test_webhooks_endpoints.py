"""Endpoints a supervisor adds and disables, and what each body carries: facts always, a
visitor's details and the chat's text only when the endpoint was allowed each field (and,
for an agent's summary, only the fields the agent ticked)."""

import base64
import json
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings
from hypothesis import given
from hypothesis import strategies as st

from chatserver.chat.errors import ChatError, Forbidden
from chatserver.integrations import actions, addresses, bodies, events, kinds
from chatserver.integrations.models import Endpoint, OutboxEvent
from tests import factories
from tests.keys import ring_text
from tests.webhook_helpers import endpoint
from transcripts.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db
DETAILS = {"name": "Jane Tenant", "email": "jane@tenant.example", "address": "1 Mill Lane"}
LINES = ("my boiler is leaking", "since Tuesday")


def data_of(event: OutboxEvent, target: Endpoint) -> dict[str, Any]:
    document = json.loads(bodies.body(event, target))
    assert set(document) == {"type", "timestamp", "data"} and document["type"] == event.type
    return document["data"]


def test_the_secret_is_shown_once_and_kept_only_sealed() -> None:
    made, secret = endpoint()
    assert secret.startswith("whsec_")
    stored = bytes(Endpoint.objects.get(pk=made.pk).secret_sealed)
    assert secret.encode() not in stored and secret[6:].encode() not in stored
    assert actions.open_secret(made) == base64.b64decode(secret[6:])
    entry = AuditEntry.objects.get(action="webhook_endpoint_added")
    assert entry.detail["host"] == "housing.example" and secret not in json.dumps(entry.detail)


def test_a_sealed_secret_moved_to_another_endpoint_does_not_open() -> None:
    first, _ = endpoint()
    second, _ = endpoint()
    Endpoint.objects.filter(pk=second.pk).update(secret_sealed=first.secret_sealed)
    second.refresh_from_db()
    with pytest.raises(Exception, match="authentication"):
        actions.open_secret(second)


def test_only_a_supervisor_adds_or_disables_an_endpoint() -> None:
    agent = factories.agent("alice")
    request = actions.EndpointRequest("https://h.example/", "CRM", (kinds.CASE_RECORDED,))
    with pytest.raises(Forbidden):
        actions.do_add_endpoint(agent, request)
    made, _ = endpoint()
    with pytest.raises(Forbidden):
        actions.do_disable_endpoint(agent, made.pk)
    actions.do_disable_endpoint(factories.supervisor("sue"), made.pk)
    made.refresh_from_db()
    assert not made.active and made.disabled_at is not None
    assert AuditEntry.objects.filter(action="webhook_endpoint_disabled").count() == 1


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://housing.example/hooks", "https://"),
        ("ftp://housing.example/", "https://"),
        ("https:///nohost", "host"),
        ("https://user:pw@housing.example/", "password"),
        ("https://housing.example/a#frag", "fragment"),
        ("https://housing.example/a b", "spaces"),
        ("https://housing.example:99999/", "web address"),
        ("http://127.0.0.1:8000/", "https://"),
        ("", "address"),
    ],
)
def test_a_url_that_cannot_be_an_endpoint_is_refused_saying_why(url: str, why: str) -> None:
    with pytest.raises(addresses.BadAddress, match=why):
        addresses.checked_url(url)


@override_settings(CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP=True)
def test_plain_http_is_allowed_to_this_machine_only_when_configured() -> None:
    assert addresses.checked_url("http://127.0.0.1:8000/hook") == "http://127.0.0.1:8000/hook"
    with pytest.raises(addresses.BadAddress):
        addresses.checked_url("http://housing.example/hook")


@given(st.text(max_size=120))
def test_any_typed_url_is_accepted_as_https_or_refused_with_a_reason(text: str) -> None:
    try:
        url = addresses.checked_url(text)
    except addresses.BadAddress as refusal:
        assert str(refusal)
        return
    assert url.startswith("https://") and len(url) <= addresses.MAX_LENGTH


def test_unknown_event_types_or_fields_are_refused() -> None:
    boss = factories.supervisor("boss")
    for request in (
        actions.EndpointRequest("https://h.example/", "CRM", ("conversation.exploded",)),
        actions.EndpointRequest("https://h.example/", "CRM", (kinds.CASE_RECORDED,), ("nino",)),
        actions.EndpointRequest("https://h.example/", "CRM", ()),
        actions.EndpointRequest("https://h.example/", " ", (kinds.CASE_RECORDED,)),
    ):
        with pytest.raises(addresses.BadAddress):
            actions.do_add_endpoint(boss, request)
    assert Endpoint.objects.count() == 0


def closed_event(chat: Any) -> OutboxEvent:
    with transaction.atomic():
        closed = events.conversation_event(kinds.CONVERSATION_CLOSED, chat.pk)
    assert closed is not None
    return closed


def test_a_body_carries_no_personal_field_by_default() -> None:
    target, _ = endpoint()
    closed = closed_event(factories.conversation(details=DETAILS, lines=LINES))
    data = data_of(closed, target)
    assert "visitor" not in data and "transcript" not in data
    text = bodies.body(closed, target).decode()
    for value in (*DETAILS.values(), *LINES):
        assert value not in text


def test_each_allowed_field_is_added_at_delivery_and_no_other() -> None:
    target, _ = endpoint(allowed_fields=(kinds.NAME, kinds.TRANSCRIPT))
    chat = factories.conversation(details=DETAILS, lines=LINES)
    closed = closed_event(chat)
    assert "Jane" not in json.dumps(closed.payload)
    data = data_of(closed, target)
    assert data["visitor"] == {"name": "Jane Tenant"}
    assert [line["text"] for line in data["transcript"]] == list(LINES)
    with transaction.atomic():
        assigned = events.conversation_event(kinds.CONVERSATION_ASSIGNED, chat.pk)
    assert assigned is not None and "visitor" not in data_of(assigned, target)


def test_special_category_text_is_never_sent() -> None:
    target, _ = endpoint(allowed_fields=(kinds.TRANSCRIPT,))
    chat = factories.conversation(lines=LINES, special_category=True)
    assert data_of(closed_event(chat), target)["transcript"] is None


def test_a_summary_sends_only_the_ticked_fields_the_endpoint_allows() -> None:
    housing, _ = endpoint(
        allowed_fields=(kinds.NAME, kinds.EMAIL), housing_system=True, event_types=()
    )
    endpoint(event_types=tuple(kinds.EVENT_TYPES), allowed_fields=tuple(kinds.PERSONAL_FIELDS))
    agent = factories.agent("alice")
    chat = factories.conversation(details=DETAILS, lines=LINES)
    sent = actions.do_send_to_housing(agent, chat.pk, [kinds.NAME, kinds.ADDRESS])
    assert [d.endpoint_id for d in sent.deliveries.all()] == [housing.pk]
    data = data_of(sent, housing)
    assert data["visitor"] == {"name": "Jane Tenant"}
    assert data["case_references"] == [] and "ticked_fields" not in data
    entry = AuditEntry.objects.get(action="housing_summary_sent")
    assert entry.detail["fields"] == ["address", "name"] and "Jane" not in json.dumps(entry.detail)


def test_a_summary_needs_a_housing_endpoint_and_an_agent_who_may_read_the_chat() -> None:
    agent = factories.agent("alice")
    chat = factories.conversation(details=DETAILS, lines=LINES)
    with pytest.raises(ChatError, match="No endpoint"):
        actions.do_send_to_housing(agent, chat.pk, [])
    endpoint(housing_system=True, event_types=())
    live = factories.conversation(status="active", lines=LINES)
    with pytest.raises(Forbidden):
        actions.do_send_to_housing(agent, live.pk, [])
    with pytest.raises(ChatError, match="Tick only"):
        actions.do_send_to_housing(agent, chat.pk, ["national_insurance"])
    assert not OutboxEvent.objects.filter(type=kinds.HOUSING_SUMMARY).exists()


def test_only_one_active_endpoint_is_the_housing_systems() -> None:
    endpoint(housing_system=True, event_types=())
    with pytest.raises(ChatError, match="housing system"):
        endpoint(housing_system=True, event_types=())


def test_after_a_rotation_secrets_are_sealed_again_so_the_old_key_can_go(settings) -> None:
    made, secret = endpoint()
    key = actions.open_secret(made)
    rotated = ring_text(("new-primary", 9), ("test-primary", 1), ("test-older", 2))
    settings.TRANSCRIPT_KEYS = rotated
    assert actions.do_reseal_secrets() == (1, 0)
    assert actions.do_reseal_secrets() == (0, 1)
    settings.TRANSCRIPT_KEYS = ring_text(("new-primary", 9))
    made.refresh_from_db()
    assert actions.open_secret(made) == key == base64.b64decode(secret[6:])


def test_loopback_http_in_production_is_a_deploy_warning() -> None:
    from chatserver.integrations.checks import check_loopback_http

    with override_settings(CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP=True, DEBUG=False):
        assert [m.id for m in check_loopback_http()] == ["integrations.W001"]
    with override_settings(CHAT_WEBHOOK_ALLOW_LOOPBACK_HTTP=False, DEBUG=False):
        assert check_loopback_http() == []
