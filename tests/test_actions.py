"""The chat's actions called directly, as the sockets, the console and commands do."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatserver.chat import state
from chatserver.chat.actions import conversations, messages, routing, transfer
from chatserver.chat.errors import AlreadyAssigned, NotFound
from chatserver.chat.models import AgentSocket, LiveConversation
from tests import factories
from transcripts.record import store
from transcripts.record.models import Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _auto_routing(settings) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_AGENT_MAX_CONVERSATIONS = 2


def waiting(count: int = 1) -> list[Conversation]:
    return [factories.started() for _ in range(count)]


def system_lines(conversation: Conversation) -> list[str]:
    return [
        message.text or ""
        for message in store.read_messages(conversation.pk)
        if message.sender == Message.Sender.SYSTEM
    ]


def test_routing_gives_each_waiting_visitor_to_the_least_busy_agent() -> None:
    alice, bob = (
        factories.online_agent("alice"),
        factories.online_agent("bob"),
    )
    started = waiting(3)
    owners = [LiveConversation.objects.get(pk=c.pk).assigned_agent for c in started]
    assert None not in owners
    assert owners[0] != owners[1]  # the second went to the one who had none
    assert {state.active_count(alice), state.active_count(bob)} == {1, 2}
    assert system_lines(started[0]) == [f"{owners[0].first_name} joined the chat."]


def test_routing_stops_at_capacity_and_leaves_the_rest_waiting() -> None:
    alice = factories.online_agent("alice")
    started = waiting(3)
    assert state.active_count(alice) == 2
    last = Conversation.objects.select_related("live").get(pk=started[2].pk)
    assert (last.live.status, last.live.assigned_agent) == (LiveConversation.Status.WAITING, None)
    assert state.queue_position(last) == 1


def test_an_away_or_vanished_agent_gets_nothing_and_the_chat_starts_offline() -> None:
    factories.online_agent("away", "away")
    ghost = factories.online_agent("ghost", "away")
    AgentSocket.objects.filter(agent=ghost).update(seen_at=timezone.now() - timedelta(hours=1))
    [started] = waiting()
    assert started.live.status == LiveConversation.Status.OFFLINE
    assert state.queue_entries()[0]["status"] == LiveConversation.Status.OFFLINE


def test_accept_is_won_once_and_refused_at_capacity(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    alice, bob = (
        factories.online_agent("alice"),
        factories.online_agent("bob"),
    )
    first, second, third = waiting(3)
    routing.do_accept(alice, first.pk)
    with pytest.raises(AlreadyAssigned):
        routing.do_accept(bob, first.pk)
    routing.do_accept(alice, second.pk)
    with pytest.raises(routing.AtCapacity):
        routing.do_accept(alice, third.pk)
    with pytest.raises(NotFound):
        routing.do_accept(alice, uuid.uuid4())
    assert LiveConversation.objects.get(pk=third.pk).status == LiveConversation.Status.WAITING


def test_transfer_moves_the_chat_and_says_so() -> None:
    alice = factories.online_agent("alice")
    [conversation] = waiting()
    bob = factories.online_agent("bob")
    moved = transfer.do_transfer(
        alice, Conversation.objects.get(pk=conversation.pk), transfer.Handover(to_agent_id=bob.pk)
    )
    assert moved.live.assigned_agent == bob
    assert set(moved.live.handled_by.all()) == {alice, bob}
    # The visitor is told only that someone else is taking over (issue 30).
    assert system_lines(moved)[-1] == "Another adviser is taking over your chat."
    assert (moved.live.handover_by, moved.live.handover_note_seq) == (alice, None)


@pytest.mark.parametrize(
    ("target", "refusal"),
    [
        ("self", "already yours"),
        ("nobody", "no such agent"),
        ("away", "not available"),
        ("full", "no capacity"),
    ],
)
def test_transfer_is_refused_to_an_agent_who_cannot_take_it(
    settings, target: str, refusal: str
) -> None:
    alice = factories.online_agent("alice")
    [conversation] = waiting()
    settings.CHAT_ROUTING = "manual"
    agents = {
        "self": alice,
        "away": factories.online_agent("away", "away"),
        "full": factories.online_agent("full"),
    }
    if target == "full":
        for other in waiting(2):
            routing.do_accept(agents["full"], other.pk)
    to_agent_id = agents[target].pk if target in agents else 999_999
    with pytest.raises((transfer.TargetUnavailable, routing.AtCapacity), match=refusal):
        transfer.do_transfer(
            alice,
            Conversation.objects.get(pk=conversation.pk),
            transfer.Handover(to_agent_id=to_agent_id),
        )
    assert LiveConversation.objects.get(pk=conversation.pk).assigned_agent == alice


def test_closing_twice_writes_one_closing_line() -> None:
    alice = factories.online_agent("alice")
    [conversation] = waiting()
    conversation.refresh_from_db()
    assert conversations.do_close_by_agent(alice, conversation) is True
    assert conversations.do_close_by_agent(alice, conversation) is False
    assert system_lines(conversation)[-1] == "Alice closed the chat."
    assert system_lines(conversation).count("Alice closed the chat.") == 1


def test_a_group_commit_reads_the_live_state_of_its_conversations_in_one_query() -> None:
    """The admission of a batch's lines does not cost a query per conversation."""

    def queries_for(count: int) -> int:
        lines = [
            store.NewMessage(conversation.pk, Message.Sender.VISITOR, "hello", uuid.uuid4().hex)
            for conversation in waiting(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            results = messages.do_send_messages(lines)
        assert all(isinstance(result, store.AppendResult) for result in results)
        return len(queries)

    assert queries_for(5) == queries_for(1)
