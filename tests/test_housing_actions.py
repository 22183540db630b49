"""The housing essentials through the actions: emergencies, opening hours and messages
left, quick exit and ratings."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatserver.chat import emergency_defaults, state
from chatserver.chat.actions import conversations, emergencies, ratings, routing
from chatserver.chat.actions.messages import do_send_messages
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation, Rating
from tests import factories
from transcripts.compliance import audit, subject_rights
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Conversation, Message, RatingComment

pytestmark = pytest.mark.django_db
Status = LiveConversation.Status


@pytest.fixture(autouse=True)
def _routing(settings) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_OPENING_HOURS = None


def say(conversation: Conversation, *texts: str) -> list[store.AppendResult | Exception]:
    return do_send_messages(
        [
            store.NewMessage(conversation.pk, Message.Sender.VISITOR, text, uuid.uuid4().hex)
            for text in texts
        ]
    )


def test_an_emergency_line_is_answered_at_once_and_flags_the_conversation() -> None:
    visitor = factories.started()  # no agent online: offline
    say(visitor, "Hello", "I can smell gas in the hall")
    visitor.refresh_from_db()
    assert visitor.live.emergency == emergency_defaults.GAS
    stored = factories.line_texts(visitor)
    assert [sender for sender, _ in stored] == ["visitor", "visitor", "system"]
    assert "0800 111 999" in (stored[2][1] or "")
    entry = state.queue_entries()[0]
    assert entry["emergency"] == {"category": "gas", "label": "Gas leak"}


def test_the_matched_words_are_stored_only_inside_the_sealed_line() -> None:
    visitor = factories.started()
    say(visitor, "there is a gass leak near flat 12")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM transcripts_conversation")
        row = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM chat_liveconversation")
        row += repr(cursor.fetchall())
    assert "leak" not in row and "gass" not in row
    assert "gas" in row  # the category, and only it


def test_erasure_clears_the_emergency_flag_with_the_keys() -> None:
    visitor = factories.started()
    say(visitor, "I can smell gas in the hall")
    store.shred_conversation(visitor.pk)
    live = LiveConversation.objects.get(pk=visitor.pk)
    assert (live.emergency, live.emergency_categories) == ("", [])


def test_the_queue_reads_the_live_state_without_a_query_per_conversation() -> None:
    say(factories.started(), "I can smell gas in the hall")
    with CaptureQueriesContext(connection) as one:
        state.queue_entries()
    for _ in range(3):
        say(factories.started(), "there is a fire")
    with CaptureQueriesContext(connection) as four:
        assert len(state.queue_entries()) == 4
    assert len(four) == len(one)


def test_emergencies_head_the_queue_and_are_routed_first(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    alice = factories.online_agent("alice")
    calm, urgent = factories.started(), factories.started()
    say(urgent, "water pouring through the ceiling")
    assert [entry["conversation_id"] for entry in state.queue_entries()] == [
        str(urgent.pk),
        str(calm.pk),
    ]
    urgent.refresh_from_db()
    assert state.queue_position(urgent) == 1
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_AGENT_MAX_CONVERSATIONS = 1
    routing.do_route_waiting()
    assert LiveConversation.objects.get(pk=urgent.pk).assigned_agent == alice
    assert LiveConversation.objects.get(pk=calm.pk).status == Status.WAITING


def test_a_category_is_advised_once_and_a_cleared_flag_stays_cleared() -> None:
    alice = factories.online_agent("alice")
    visitor = factories.started()
    say(visitor, "my co alarm is going off")
    say(visitor, "the co alarm again")
    assert [sender for sender, _ in factories.line_texts(visitor)].count(
        "system"
    ) == 2  # joined + advice
    visitor.refresh_from_db()
    emergencies.do_clear_emergency(alice, visitor)
    assert LiveConversation.objects.get(pk=visitor.pk).emergency == ""
    entry = AuditEntry.objects.get(action=audit.EMERGENCY_CLEARED)
    assert (entry.actor_id, entry.conversation_id) == (alice.pk, visitor.pk)
    say(visitor, "monoxide!")
    assert LiveConversation.objects.get(pk=visitor.pk).emergency == ""
    with pytest.raises(emergencies.NotAnEmergency):
        emergencies.do_clear_emergency(alice, visitor)
    say(visitor, "and now the socket is sparking")
    assert LiveConversation.objects.get(pk=visitor.pk).emergency == emergency_defaults.ELECTRICAL


def test_agents_lines_are_never_flagged() -> None:
    alice = factories.online_agent("alice")
    visitor = factories.started()
    do_send_messages(
        [store.NewMessage(visitor.pk, Message.Sender.AGENT, "Is it a gas leak?", "a1", alice.pk)]
    )
    assert LiveConversation.objects.get(pk=visitor.pk).emergency == ""


def test_a_refused_emergency_line_flags_nothing() -> None:
    visitor = factories.started()
    conversations.do_end_by_visitor(visitor)
    [refused] = say(visitor, "smell of gas")
    assert isinstance(refused, Exception)
    assert LiveConversation.objects.get(pk=visitor.pk).emergency == ""


def test_outside_hours_a_chat_starts_offline_even_with_an_agent_online(settings) -> None:
    factories.online_agent("alice")
    settings.CHAT_OPENING_HOURS = ""  # an empty week: never open
    visitor = factories.started()
    assert visitor.live.status == Status.OFFLINE
    frame = state.visitor_state(visitor).frame()
    assert (frame["reason"], frame["hours"]["open"]) == ("closed", False)


def test_a_long_wait_or_closing_time_turns_waiting_visitors_offline(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    settings.CHAT_OFFLINE_AFTER_MINUTES = 10
    factories.online_agent("alice")
    old, new = factories.started(), factories.started()
    LiveConversation.objects.filter(pk=old.pk).update(
        waiting_since=timezone.now() - timedelta(minutes=11)
    )
    assert conversations.do_offer_messages() == 1
    assert LiveConversation.objects.get(pk=old.pk).status == Status.OFFLINE
    assert LiveConversation.objects.get(pk=new.pk).status == Status.WAITING
    settings.CHAT_OPENING_HOURS = ""
    assert conversations.do_offer_messages() == 1
    assert LiveConversation.objects.get(pk=new.pk).status == Status.OFFLINE


def test_a_message_left_stays_in_the_queue_until_an_agent_takes_it(settings) -> None:
    visitor, silent = factories.started(), factories.started()
    say(visitor, "Please call me about my repair")
    conversations.do_end_by_visitor(visitor)
    conversations.do_end_by_visitor(silent)
    [entry] = state.queue_entries()
    assert (entry["conversation_id"], entry["status"], entry["awaiting_reply"]) == (
        str(visitor.pk),
        Status.CLOSED,
        True,
    )
    alice = factories.online_agent("alice")
    routing.do_accept(alice, visitor.pk)
    taken = Conversation.objects.select_related("live").get(pk=visitor.pk)
    assert (taken.live.status, taken.live.assigned_agent, taken.live.awaiting_reply) == (
        Status.ACTIVE,
        alice,
        False,
    )
    assert taken.closed_at is None
    assert state.queue_entries() == []


def test_quick_exit_closes_the_chat_with_a_line_for_the_agent() -> None:
    factories.online_agent("alice")
    visitor = factories.started()
    assert conversations.do_quick_exit(visitor) is True
    assert factories.line_texts(visitor)[-1] == ("system", "The visitor left using quick exit.")


def test_a_rating_is_given_once_after_the_chat_and_its_comment_is_sealed() -> None:
    alice = factories.online_agent("alice")
    visitor = factories.started()
    with pytest.raises(ChatError, match="once it has ended"):
        ratings.do_rate_conversation(visitor, 4, None)
    conversations.do_close_by_agent(alice, Conversation.objects.get(pk=visitor.pk))
    visitor.refresh_from_db()
    ratings.do_rate_conversation(visitor, 4, "Quick and kind, thanks Alice")
    with pytest.raises(store.AlreadyRated):
        ratings.do_rate_conversation(visitor, 1, None)
    rating = Rating.objects.get(conversation=visitor)
    assert (rating.score, rating.agent) == (4, alice)
    assert b"Quick" not in bytes(RatingComment.objects.get(conversation=visitor).comment)
    assert store.read_rating_comment(visitor.pk) == "Quick and kind, thanks Alice"
    visitor.refresh_from_db()
    export = subject_rights._conversation_export(visitor)
    assert export["rating_comment"] == {"comment": "Quick and kind, thanks Alice"}
    assert export["rating"]["score"] == 4


def test_erasure_destroys_the_comment_but_keeps_the_score() -> None:
    alice = factories.online_agent("alice")
    visitor = factories.started()
    conversations.do_close_by_agent(alice, Conversation.objects.get(pk=visitor.pk))
    visitor.refresh_from_db()
    ratings.do_rate_conversation(visitor, 2, "slow")
    store.shred_conversation(visitor.pk)
    assert not RatingComment.objects.filter(conversation=visitor).exists()
    assert store.read_rating_comment(visitor.pk) is None
    assert Rating.objects.get(conversation=visitor).score == 2


def test_the_hours_answer_names_the_time_zone(settings) -> None:
    settings.CHAT_OPENING_HOURS = "mon-sun 00:00-24:00"
    settings.CHAT_CLOSURES = ""
    settings.CHAT_OPEN_ON_BANK_HOLIDAYS = True
    answer = state.hours_now()
    assert answer["open"] is True and answer["time_zone"] == "Europe/London"
    assert "closes_at" in answer


def test_emergency_advice_promises_urgency_only_when_an_adviser_is_there(settings) -> None:
    """Offline (out of hours, or nobody free) the advice says nobody is reading now and
    points to the numbers, rather than "marked as urgent" as if someone were."""
    nobody = factories.started()  # no agent online: offline
    say(nobody, "I can smell gas in the hall")
    offline_advice = factories.line_texts(nobody)[-1][1] or ""
    assert "marked your chat as urgent" not in offline_advice
    assert "No adviser is reading this chat now" in offline_advice
    assert "0800 111 999" in offline_advice

    factories.online_agent("alice")
    settings.CHAT_ROUTING = "manual"
    queued = factories.started()  # an adviser online: waiting in the queue
    say(queued, "I can smell gas in the hall")
    assert "marked your chat as urgent" in (factories.line_texts(queued)[-1][1] or "")
