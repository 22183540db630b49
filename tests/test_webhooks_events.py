"""Events written to the outbox by the actions that change things, in the same
transaction: a conversation's start, assignment, transfer, close with its wrap-up, a message
left, a rating, a case recorded or changed, a subject request coming due. Payloads carry
facts, never text or visitor details; a rolled-back change leaves no event."""

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction

from chatserver.casework import actions as casework
from chatserver.casework.actions import CaseRequest
from chatserver.chat.actions import conversations, ratings, transfer
from chatserver.chat.models import LiveConversation
from chatserver.integrations import due_requests, events, kinds
from chatserver.integrations.models import Delivery, OutboxEvent
from chatserver.teams.models import Team, Topic
from chatserver.wrapup import actions as wrap_ups
from chatserver.wrapup import choices, defaults
from tests import factories
from tests.webhook_helpers import endpoint, event, types_of
from transcripts.compliance.models import SubjectRequest

pytestmark = pytest.mark.django_db
REPAIR = choices.WrapUpRequest("repair", "repair-raised", ("follow-up-needed",))
SECRET_WORDS = ("mould", "Jane Tenant", "jane@tenant.example")


@pytest.fixture(autouse=True)
def _auto_routing(settings: Any) -> None:
    settings.CHAT_ROUTING = "auto"
    defaults.seed(lambda name: apps.get_model("wrapup", name))


def no_personal_data(found: OutboxEvent) -> None:
    text = json.dumps(found.payload)
    for word in SECRET_WORDS:
        assert word not in text


def test_a_routed_chat_records_created_then_assigned_with_its_facts() -> None:
    alice = factories.online_agent("alice")
    conversation = conversations.do_start_conversation(
        session_hash="h" * 32,
        details={"name": "Jane Tenant", "email": "jane@tenant.example"},
        diagnostics=None,
    )
    assert types_of(conversation.pk) == [kinds.CONVERSATION_CREATED, kinds.CONVERSATION_ASSIGNED]
    created = event(kinds.CONVERSATION_CREATED)
    assert created.payload["language"] == "en-gb" and created.payload["status"] == "waiting"
    assigned = event(kinds.CONVERSATION_ASSIGNED)
    assert assigned.payload["agent_id"] == alice.pk and assigned.payload["assigned_at"]
    for found in OutboxEvent.objects.all():
        no_personal_data(found)


def test_the_facts_name_the_team_and_topic() -> None:
    team = Team.objects.create(name="Repairs")
    topic = Topic.objects.create(slug="repairs", label="Repairs", label_cy="Atgyweirio", team=team)
    chat = factories.conversation(status="active", team=team, topic=topic)
    facts = events.conversation_facts(chat.pk)
    assert facts["team"] == {"id": team.pk, "name": "Repairs"} and facts["topic"] == "repairs"
    assert set(facts) == {
        "conversation_id",
        "created_at",
        "status",
        "team",
        "topic",
        "language",
        "agent_id",
    }


def test_a_close_carries_its_wrap_up_and_a_later_wrap_up_has_its_own_event() -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    conversations.do_close_by_agent(alice, chat, wrap_up=REPAIR)
    closed = event(kinds.CONVERSATION_CLOSED)
    assert closed.payload["wrap_up"]["reason"] == "repair"
    assert closed.payload["wrap_up"]["outcome"] == "repair-raised"
    assert closed.payload["wrap_up"]["tags"] == ["follow-up-needed"]
    assert closed.payload["ended_by"] == "agent" and closed.payload["left_message"] is False
    other = factories.started()
    conversations.do_end_by_visitor(other)
    assert OutboxEvent.objects.get(type=kinds.CONVERSATION_CLOSED, conversation_id=other.pk)
    assert (
        OutboxEvent.objects.filter(type=kinds.CONVERSATION_CLOSED, conversation_id=other.pk)
        .get()
        .payload["wrap_up"]
        is None
    )
    wrap_ups.do_wrap_up(alice, other.pk, REPAIR)
    later = event(kinds.CONVERSATION_WRAPPED_UP)
    assert later.conversation_id == other.pk and later.payload["wrap_up"]["reason"] == "repair"


def test_a_message_left_while_no_one_answered_is_its_own_event() -> None:
    chat = factories.conversation(status="offline", lines=["the boiler is out"])
    conversations.do_end_by_visitor(chat)
    assert types_of(chat.pk) == [kinds.MESSAGE_LEFT, kinds.CONVERSATION_CLOSED]
    assert event(kinds.CONVERSATION_CLOSED).payload["left_message"] is True


def test_a_transfer_and_a_rating_are_recorded() -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    bob = factories.online_agent("bob")
    transfer.do_transfer(alice, chat, transfer.Handover(to_agent_id=bob.pk))
    moved = event(kinds.CONVERSATION_TRANSFERRED)
    assert (moved.payload["from_agent_id"], moved.payload["to_agent_id"]) == (alice.pk, bob.pk)
    conversations.do_close_by_agent(bob, chat)
    chat.live.refresh_from_db()
    ratings.do_rate_conversation(chat, 2, "it was about the mould")
    rated = event(kinds.CONVERSATION_RATED)
    assert rated.payload["score"] == 2
    no_personal_data(rated)


def test_a_case_recorded_and_each_change_is_an_event_with_its_facts() -> None:
    agent = factories.agent("casey")
    chat = factories.conversation(lines=["the ceiling is black with mould"])
    case = casework.do_record_case(agent, chat.pk, CaseRequest(kind="complaint", seq=1))
    recorded = event(kinds.CASE_RECORDED)
    assert recorded.payload["case_reference"] == case.shown_reference
    assert (recorded.payload["kind"], recorded.payload["stage"]) == ("complaint", 1)
    no_personal_data(recorded)
    casework.do_acknowledge(agent, case.reference)
    casework.do_close_case(agent, case.reference, "upheld")
    changes = OutboxEvent.objects.filter(type=kinds.CASE_CHANGED).order_by("created_at")
    assert [c.payload["change"] for c in changes] == ["step_done", "closed"]
    assert changes[0].payload["step"] == "acknowledge"
    assert changes[1].payload["outcome"] == "upheld" and changes[1].payload["closed_at"]


def test_a_rolled_back_change_leaves_no_event_and_no_delivery() -> None:
    endpoint()
    with pytest.raises(RuntimeError), transaction.atomic():
        chat = factories.conversation(lines=["hello"])
        events.conversation_event(kinds.CONVERSATION_CREATED, chat.pk)
        assert OutboxEvent.objects.count() == 1 and Delivery.objects.count() == 1
        raise RuntimeError("the change failed")
    assert OutboxEvent.objects.count() == 0 and Delivery.objects.count() == 0


def test_an_event_outside_a_transaction_is_refused(transactional_db: None) -> None:
    with pytest.raises(events.OutsideTransaction):
        events.record(kinds.CONVERSATION_CREATED, {})


def test_an_unknown_event_type_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown event type"), transaction.atomic():
        events.record("conversation.exploded", {})


def test_each_subscribed_active_endpoint_gets_one_delivery() -> None:
    boss = factories.supervisor("boss")
    cases_only, _ = endpoint(event_types=(kinds.CASE_RECORDED,), supervisor=boss)
    everything, _ = endpoint(supervisor=boss)
    chat = factories.started()
    assert set(Delivery.objects.values_list("endpoint_id", flat=True)) == {everything.pk}
    assert Delivery.objects.filter(event__conversation_id=chat.pk).count() == 1
    assert cases_only.deliveries.count() == 0


def test_a_subject_request_coming_due_is_announced_once_per_deadline() -> None:
    today = date(2027, 3, 1)
    request = SubjectRequest.objects.create(
        kind="access", received_on=today - timedelta(days=27), deadline=today + timedelta(days=3)
    )
    SubjectRequest.objects.create(
        kind="erasure", received_on=today, deadline=today + timedelta(days=30)
    )
    assert due_requests.do_announce_due_requests(today) == 1
    assert due_requests.do_announce_due_requests(today) == 0
    due = event(kinds.SUBJECT_REQUEST_DUE)
    assert due.payload["request_id"] == str(request.pk) and due.payload["days_left"] == 3
    SubjectRequest.objects.filter(pk=request.pk).update(
        deadline=today + timedelta(days=5), extension="complex"
    )
    assert due_requests.do_announce_due_requests(today) == 1


def test_a_conversation_without_live_state_still_names_itself() -> None:
    facts = events.conversation_facts("00000000-0000-0000-0000-000000000000")
    assert facts == {"conversation_id": "00000000-0000-0000-0000-000000000000"}
    assert LiveConversation.objects.count() == 0
