"""Wrap-up on close: the agent's close carries a contact reason and an outcome (and
optional tags) written in the close's own transaction, or a wrap-up follows for a chat the
visitor ended; a supervisor decides whether it is required."""

from typing import Any

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chatserver.chat.actions import conversations
from chatserver.chat.errors import ChatError, Forbidden
from chatserver.chat.models import LiveConversation
from chatserver.teams.models import Team, Topic
from chatserver.wrapup import actions, choices, defaults
from chatserver.wrapup.models import ContactReason, Tag, WrapUp, WrapUpPolicy
from tests import factories
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db
Status = LiveConversation.Status
REPAIR = choices.WrapUpRequest("repair", "repair-raised", ("follow-up-needed",))


@pytest.fixture(autouse=True)
def _auto_routing_and_lists(settings: Any) -> None:
    """The starting lists, as the migration seeds them (a transactional test elsewhere in
    the run may have flushed the migration's rows)."""
    settings.CHAT_ROUTING = "auto"
    defaults.seed(lambda name: apps.get_model("wrapup", name))


def require(required: bool) -> None:
    WrapUpPolicy.objects.update_or_create(pk=1, defaults={"required": required})


def chat_with(name: str = "alice") -> tuple[Any, Conversation]:
    agent = factories.online_agent(name)
    conversation = factories.started()
    conversation.refresh_from_db()
    assert conversation.live.assigned_agent == agent
    return agent, conversation


def last_line(conversation: Conversation) -> str | None:
    return store.read_messages(conversation.pk)[-1].text


def test_the_lists_are_seeded_and_wrap_up_is_optional_until_a_supervisor_requires_it() -> None:
    offered = choices.offered()
    assert [row["label"] for row in offered["reasons"]] == [
        "Repair",
        "Rent or arrears",
        "Anti-social behaviour",
        "Lettings",
        "Complaint",
        "Other",
    ]
    assert [row["code"] for row in offered["outcomes"]] == [
        "resolved-in-chat",
        "repair-raised",
        "callback-arranged",
        "signposted",
        "complaint-recorded",
    ]
    assert offered["required"] is False


def test_closing_with_a_wrap_up_writes_it_with_the_close() -> None:
    team = Team.objects.create(name="Repairs")
    topic = Topic.objects.create(slug="repairs", label="Repairs", label_cy="Atgyweirio", team=team)
    alice, conversation = chat_with()
    LiveConversation.objects.filter(pk=conversation.pk).update(team=team, topic=topic)
    assert conversations.do_close_by_agent(alice, conversation, wrap_up=REPAIR) is True
    wrap_up = WrapUp.objects.get(conversation_id=conversation.pk)
    assert (wrap_up.reason.slug, wrap_up.outcome.slug) == ("repair", "repair-raised")
    assert [tag.slug for tag in wrap_up.tags.all()] == ["follow-up-needed"]
    assert (wrap_up.agent, wrap_up.team, wrap_up.topic) == (alice, team, topic)
    conversation.refresh_from_db()
    assert conversation.closed_at is not None
    assert wrap_up.closed_on == conversation.closed_at.date()
    assert last_line(conversation) == "Alice closed the chat."


def test_a_required_wrap_up_refuses_a_bare_close_and_the_chat_stays_open() -> None:
    require(True)
    alice, conversation = chat_with()
    with pytest.raises(ChatError, match="choose a contact reason and an outcome"):
        conversations.do_close_by_agent(alice, conversation)
    conversation.refresh_from_db()
    assert conversation.live.status == Status.ACTIVE
    assert conversation.closed_at is None
    assert last_line(conversation) == "Alice joined the chat."
    assert conversations.do_close_by_agent(alice, conversation, wrap_up=REPAIR) is True


def test_an_optional_wrap_up_lets_the_agent_close_without_one() -> None:
    require(False)
    alice, conversation = chat_with()
    assert conversations.do_close_by_agent(alice, conversation) is True
    assert not WrapUp.objects.exists()


@pytest.mark.parametrize(
    ("request_", "refusal"),
    [
        (choices.WrapUpRequest("burglary", "repair-raised"), "reason is not one of"),
        (choices.WrapUpRequest("repair", "sorted"), "outcome is not one of"),
        (choices.WrapUpRequest("repair", "signposted", ("nosy",)), "a tag is not one of"),
    ],
)
def test_a_choice_not_on_the_lists_is_refused_and_nothing_is_closed(
    request_: choices.WrapUpRequest, refusal: str
) -> None:
    alice, conversation = chat_with()
    with pytest.raises(ChatError, match=refusal):
        conversations.do_close_by_agent(alice, conversation, wrap_up=request_)
    conversation.refresh_from_db()
    assert conversation.live.status == Status.ACTIVE
    assert not WrapUp.objects.exists()


def test_a_retired_reason_is_no_longer_accepted_or_offered() -> None:
    ContactReason.objects.filter(slug="lettings").update(active=False)
    Tag.objects.filter(slug="escalated").update(active=False)
    offered = choices.offered()
    assert "lettings" not in [row["code"] for row in offered["reasons"]]
    assert "escalated" not in [row["code"] for row in offered["tags"]]
    alice, conversation = chat_with()
    with pytest.raises(ChatError, match="reason is not one of"):
        conversations.do_close_by_agent(
            alice, conversation, wrap_up=choices.WrapUpRequest("lettings", "signposted")
        )


def test_a_chat_the_visitor_ended_is_wrapped_up_afterwards_by_its_agent_only() -> None:
    require(True)
    alice, conversation = chat_with()
    bob = factories.online_agent("bob")
    assert conversations.do_end_by_visitor(conversation) is True
    with pytest.raises(Forbidden, match="not assigned to you"):
        actions.do_wrap_up(bob, conversation.pk, REPAIR)
    wrap_up = actions.do_wrap_up(alice, conversation.pk, REPAIR)
    assert (wrap_up.agent, wrap_up.reason.slug) == (alice, "repair")
    with pytest.raises(ChatError, match="already been wrapped up"):
        actions.do_wrap_up(alice, conversation.pk, REPAIR)
    assert WrapUp.objects.count() == 1


def test_an_open_chat_is_wrapped_up_only_by_closing_it() -> None:
    alice, conversation = chat_with()
    with pytest.raises(ChatError, match="still open"):
        actions.do_wrap_up(alice, conversation.pk, REPAIR)
    assert not WrapUp.objects.exists()


def test_a_close_racing_the_visitors_end_keeps_its_wrap_up() -> None:
    """The visitor ended the chat just before the agent's close with its wrap-up arrived:
    the chat is closed once, and the wrap-up is kept."""
    alice, conversation = chat_with()
    conversations.do_end_by_visitor(conversation)
    assert conversations.do_close_by_agent(alice, conversation, wrap_up=REPAIR) is False
    assert WrapUp.objects.get(conversation_id=conversation.pk).outcome.slug == "repair-raised"
    assert last_line(conversation) == "The visitor ended the chat."


WIRE_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=12) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
SLUGS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=300,
    deadline=None,
)
@given(
    st.dictionaries(
        st.sampled_from(["reason", "outcome", "tags", "conversation_id", "type"]), WIRE_VALUES
    )
)
def test_reading_any_frame_gives_a_wrap_up_none_or_a_clear_refusal(frame: dict[str, Any]) -> None:
    try:
        read = choices.read(frame)
    except ChatError as refusal:
        assert refusal.code == "invalid" and str(refusal)
        return
    if read is None:
        assert all(frame.get(name) is None for name in ("reason", "outcome", "tags"))
    else:
        assert (read.reason, read.outcome) == (frame["reason"], frame["outcome"])
        assert set(read.tags) == set(frame.get("tags") or [])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(SLUGS, SLUGS, st.lists(SLUGS, max_size=10))
def test_a_well_formed_wrap_up_reads_back_as_sent(
    reason: str, outcome: str, tags: list[str]
) -> None:
    frame = {"type": "close", "reason": reason, "outcome": outcome, "tags": tags}
    assert choices.read(frame) == choices.WrapUpRequest(reason, outcome, tuple(dict.fromkeys(tags)))
    with pytest.raises(ChatError, match="choose a contact reason"):
        choices.read({"type": "wrap_up"}, required=True)
    with pytest.raises(ChatError, match="both a contact reason and an outcome"):
        choices.read({"reason": reason, "tags": tags})


def _kept_on_screen(conversation: Conversation) -> bool:
    return LiveConversation.objects.get(pk=conversation.pk).awaiting_dismissal


def test_wrapping_up_a_chat_the_visitor_ended_takes_it_off_the_agents_screen() -> None:
    agent, conversation = chat_with()
    conversations.do_end_by_visitor(conversation)
    assert _kept_on_screen(conversation)
    actions.do_wrap_up(agent, conversation.pk, REPAIR)
    assert not _kept_on_screen(conversation)


def test_a_required_wrap_up_keeps_an_ended_chat_on_screen_until_it_is_given() -> None:
    require(True)
    agent, conversation = chat_with()
    conversations.do_end_by_visitor(conversation)
    conversation.refresh_from_db()
    with pytest.raises(ChatError, match="contact reason"):
        conversations.do_dismiss_ended(agent, conversation)
    assert _kept_on_screen(conversation)
    require(False)
    conversations.do_dismiss_ended(agent, conversation)
    assert not _kept_on_screen(conversation)
