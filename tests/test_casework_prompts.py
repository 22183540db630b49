"""Complaint and hazard prompts through the actions: when a visitor's line or rating
prompts the agent, at most one open prompt of each kind, the agent's decisions, and the
audit entries of both (never the words)."""

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chatserver.casework import prompt_words, prompts
from chatserver.chat import broadcast, state
from chatserver.chat.actions import conversations, ratings, routing
from chatserver.chat.actions.messages import do_send_messages
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation
from tests import factories
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Conversation, Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _routing(settings) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_OPENING_HOURS = None


@pytest.fixture
def told(monkeypatch) -> list[tuple[int, dict[str, Any]]]:
    """The ``case_prompt`` frames sent to agents, as (agent id, frame)."""
    sent: list[tuple[int, dict[str, Any]]] = []
    monkeypatch.setattr(broadcast, "case_prompt", lambda agent, frame: sent.append((agent, frame)))
    return sent


@pytest.fixture(autouse=True)
def _committing(monkeypatch) -> None:
    """What waits for the commit runs at once (these tests run in one transaction)."""
    monkeypatch.setattr(prompts.transaction, "on_commit", lambda callback, *a, **k: callback())


def say(conversation: Conversation, *texts: str, sender: str = Message.Sender.VISITOR) -> None:
    author = None
    if sender != Message.Sender.VISITOR:
        author = LiveConversation.objects.get(pk=conversation.pk).assigned_agent_id
    lines = [
        store.NewMessage(conversation.pk, sender, text, uuid.uuid4().hex, author) for text in texts
    ]
    do_send_messages(lines)


def prompted() -> list[dict[str, Any]]:
    return [
        {**entry.detail, "conversation": entry.conversation_id}
        for entry in AuditEntry.objects.filter(action=audit.CASE_PROMPTED).order_by("pk")
    ]


def test_a_dissatisfied_line_prompts_the_agent_to_offer_the_complaint_choice(told) -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    say(chat, "Hello", "I'm not happy, this is the third time")
    seq = store.read_messages(chat.pk)[-1].seq
    assert prompted() == [
        {"prompt": "complaint", "trigger": "words", "seq": seq, "conversation": chat.pk}
    ]
    [(agent_id, frame)] = told
    assert agent_id == alice.pk
    assert frame["type"] == "case_prompt"
    assert (frame["prompt"], frame["trigger"], frame["state"], frame["seq"]) == (
        "complaint",
        "words",
        "open",
        seq,
    )
    assert "complaint" in frame["offer"]
    live = LiveConversation.objects.get(pk=chat.pk)
    assert live.case_prompts == [
        {"prompt": "complaint", "trigger": "words", "state": "open", "seq": seq}
    ]


def test_an_open_prompt_is_not_raised_again(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "I'm fed up")
    say(chat, "really disgusted", "useless")
    assert len(prompted()) == 1
    assert len(told) == 1


def test_a_hazard_prompts_with_its_category_and_severity(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "I'm disgusted, the black mould is back")
    kinds = {(entry["prompt"], entry.get("category")) for entry in prompted()}
    assert kinds == {("complaint", None), ("hazard", prompt_words.DAMP_MOULD)}
    hazard = next(frame for _agent, frame in told if frame["prompt"] == "hazard")
    assert (hazard["label"], hazard["severity"]) == ("damp and mould", "significant")
    assert "offer" not in hazard
    say(chat, "I can smell gas")  # a hazard prompt is open already
    assert len(prompted()) == 2


def test_an_emergency_hazard_is_an_emergency_prompt(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "there are sparks coming from the socket")
    [(_agent, frame)] = told
    assert (frame["category"], frame["severity"]) == ("electrical", "emergency")


def test_the_agents_own_words_never_prompt(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "Your complaint ref is 123; is the damp worse?", sender=Message.Sender.AGENT)
    say(chat, "complaint noted, mould in the bathroom", sender=Message.Sender.NOTE)
    assert prompted() == [] and told == []


def test_a_line_that_prompts_nothing_touches_neither_the_live_state_nor_the_audit() -> None:
    factories.online_agent("alice")
    chat = factories.started()
    with CaptureQueriesContext(connection) as queries:
        say(chat, "when is the plumber coming?")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "auditentry" not in sql.lower()
    assert 'UPDATE "chat_liveconversation"' not in sql


def test_a_queued_chat_keeps_its_prompt_for_the_agent_who_takes_it(told) -> None:
    chat = factories.started()  # nobody online
    say(chat, "there's water coming through the light")
    assert told == []
    assert [entry["category"] for entry in prompted()] == [prompt_words.LEAK]
    alice = factories.online_agent("alice")
    routing.do_accept(alice, chat.pk)
    summary = state.assigned_summary(str(chat.pk), alice)
    assert summary is not None
    [waiting] = summary["case_prompts"]
    assert (waiting["prompt"], waiting["category"], waiting["state"]) == ("hazard", "leak", "open")


def test_the_words_are_never_stored_outside_the_sealed_line(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "absolutely disgusted by the mould in flat 9")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM chat_liveconversation")
        rows = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM transcripts_auditentry")
        rows += repr(cursor.fetchall())
    assert "disgusted" not in rows and "flat 9" not in rows


def test_offering_keeps_the_prompt_and_a_decision_closes_it(told) -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    say(chat, "I want to complain")
    prompts.do_decide(alice, chat, "complaint", "offered")
    assert LiveConversation.objects.get(pk=chat.pk).case_prompts[0]["state"] == "offered"
    say(chat, "yes, I'm still not happy")
    assert len(prompted()) == 1
    prompts.do_decide(alice, chat, "complaint", "recorded")
    assert LiveConversation.objects.get(pk=chat.pk).case_prompts == []
    decided = AuditEntry.objects.filter(action=audit.CASE_PROMPT_DECIDED).order_by("pk")
    assert [(entry.actor_id, entry.detail["decision"]) for entry in decided] == [
        (alice.pk, "offered"),
        (alice.pk, "recorded"),
    ]
    assert [frame["state"] for _agent, frame in told] == ["open", "offered", "decided"]
    say(chat, "and another complaint")
    assert len(prompted()) == 2


@pytest.mark.parametrize(
    ("kind", "decision", "problem"),
    [
        ("hazard", "offered", "decision for a hazard"),
        ("hazard", "declined", "decision for a hazard"),
        ("complaint", "maybe", "decision for a complaint"),
        ("grumble", "recorded", "prompt must be"),
        (None, "recorded", "prompt must be"),
        ("complaint", 3, "decision for a complaint"),
    ],
)
def test_a_decision_the_prompt_does_not_take_is_refused(kind, decision, problem) -> None:
    with pytest.raises(ChatError, match=problem):
        prompts.read_decision({"prompt": kind, "decision": decision})


def test_a_decision_without_an_open_prompt_is_refused(told) -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    with pytest.raises(prompts.NoOpenPrompt):
        prompts.do_decide(alice, chat, "hazard", "recorded")
    assert not AuditEntry.objects.filter(action=audit.CASE_PROMPT_DECIDED).exists()


@pytest.mark.parametrize(("score", "prompts_agent"), [(1, True), (2, True), (3, False), (5, False)])
def test_a_low_rating_prompts_the_agent_who_had_the_chat(told, score, prompts_agent) -> None:
    alice = factories.online_agent("alice")
    chat = factories.started()
    conversations.do_close_by_agent(alice, chat, None)
    chat.refresh_from_db()
    ratings.do_rate_conversation(chat, score, None)
    expected = [{"prompt": "complaint", "trigger": "rating", "conversation": chat.pk}]
    assert prompted() == (expected if prompts_agent else [])
    assert [agent for agent, _frame in told] == ([alice.pk] if prompts_agent else [])


def test_the_rating_prompt_can_be_turned_off(told, settings) -> None:
    settings.CHAT_LOW_RATING = 0
    alice = factories.online_agent("alice")
    chat = factories.started()
    conversations.do_close_by_agent(alice, chat, None)
    chat.refresh_from_db()
    ratings.do_rate_conversation(chat, 1, None)
    assert prompted() == []


def test_erasure_leaves_no_prompt_open(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    say(chat, "damp everywhere and I'm fed up")
    store.shred_conversation(chat.pk)
    assert LiveConversation.objects.get(pk=chat.pk).case_prompts == []


def test_the_offer_is_in_the_visitors_language(told) -> None:
    factories.online_agent("alice")
    chat = factories.started()
    LiveConversation.objects.filter(pk=chat.pk).update(language="cy")
    say(chat, "dwi wedi cael llond bol")
    [(_agent, frame)] = told
    assert frame["offer"].startswith("Os nad ydych chi'n hapus")
