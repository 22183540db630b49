"""The visitor's presence as the agent sees it (connected, away, gone), chats that stay on
the agent's screen after the visitor ended them, and the supervisors' live board."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chatserver.chat import board, state, visitor_presence
from chatserver.chat.actions import conversations
from chatserver.chat.actions import visitor_presence as presence_actions
from chatserver.chat.errors import ChatError, Forbidden
from chatserver.chat.models import LiveConversation, VisitorSocket
from tests import factories

CONNECTED, AWAY, GONE = visitor_presence.CONNECTED, visitor_presence.AWAY, visitor_presence.GONE
NOW = timezone.now()
GRACE = timedelta(seconds=120)


def derive(**given: object) -> str:
    rule: dict[str, object] = {
        "is_open": True,
        "hidden": [],
        "left_at": None,
        "last": GONE,
        "now": NOW,
        "grace": GRACE,
    }
    rule.update(given)
    return visitor_presence.derive(**rule)  # type: ignore[arg-type]


# ---------- the rules ----------


def test_a_visible_socket_is_connected_and_only_hidden_ones_are_away() -> None:
    assert derive(hidden=[False]) == CONNECTED
    assert derive(hidden=[True]) == AWAY
    assert derive(hidden=[True, False]) == CONNECTED  # another tab shows the chat
    assert derive(hidden=[True, True]) == AWAY


def test_no_socket_keeps_the_last_state_within_the_grace_then_is_gone() -> None:
    left = NOW - timedelta(seconds=30)
    assert derive(left_at=left, last=AWAY) == AWAY
    assert derive(left_at=left, last=CONNECTED) == CONNECTED
    assert derive(left_at=NOW - GRACE - timedelta(seconds=1), last=CONNECTED) == GONE
    assert derive(left_at=None, last=CONNECTED) == GONE  # never had a socket (a message left)


def test_an_ended_chat_is_gone_whatever_sockets_it_has() -> None:
    assert derive(is_open=False, hidden=[False]) == GONE


# ---------- the actions ----------


@pytest.fixture
def chat(settings) -> LiveConversation:
    settings.CHAT_ROUTING = "auto"
    factories.online_agent("alice")
    made = factories.started()
    return LiveConversation.objects.get(pk=made.pk)


def presence_of(live: LiveConversation) -> str:
    live.refresh_from_db()
    return live.visitor_presence


@pytest.mark.django_db
def test_a_socket_joining_makes_the_visitor_connected_and_hiding_makes_them_away(chat) -> None:
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-1")
    assert presence_of(chat) == CONNECTED
    presence_actions.do_visitor_visibility("visitor-1", hidden=True)
    assert presence_of(chat) == AWAY
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-2")
    assert presence_of(chat) == CONNECTED
    presence_actions.do_visitor_visibility("visitor-1", hidden=False)
    presence_actions.do_visitor_visibility("visitor-2", hidden=True)
    assert presence_of(chat) == CONNECTED


@pytest.mark.django_db
def test_the_last_socket_leaving_starts_the_grace_and_its_end_makes_them_gone(
    chat, settings
) -> None:
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-1")
    presence_actions.do_visitor_visibility("visitor-1", hidden=True)
    assert presence_actions.do_visitor_socket_left("visitor-1") == chat.pk
    assert presence_of(chat) == AWAY  # within the grace: perhaps reconnecting
    presence_actions.do_expire_visitor_presence()
    assert presence_of(chat) == AWAY
    settings.CHAT_VISITOR_GONE_SECONDS = 0
    presence_actions.do_expire_visitor_presence()
    assert presence_of(chat) == GONE
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-3")
    assert presence_of(chat) == CONNECTED  # back


@pytest.mark.django_db
def test_a_socket_left_behind_by_a_vanished_process_stops_counting(chat, settings) -> None:
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-1")
    VisitorSocket.objects.filter(pk="visitor-1").update(seen_at=timezone.now() - timedelta(hours=1))
    settings.CHAT_VISITOR_GONE_SECONDS = 0
    presence_actions.forget_stale_visitor_sockets()
    presence_actions.do_expire_visitor_presence()
    assert presence_of(chat) == GONE
    assert not VisitorSocket.objects.exists()


@pytest.mark.django_db
def test_the_agents_snapshot_says_where_the_visitor_is(chat) -> None:
    presence_actions.do_visitor_socket_joined(chat.pk, "visitor-1")
    presence_actions.do_visitor_visibility("visitor-1", hidden=True)
    alice = chat.assigned_agent
    [summary] = state.agent_snapshot(alice)["conversations"]
    assert summary["visitor_presence"] == AWAY


# ---------- ended chats stay until dismissed ----------


def _ended(chat: LiveConversation, end) -> dict:
    end(chat.conversation)
    alice = chat.assigned_agent
    return {c["conversation_id"]: c for c in state.agent_snapshot(alice)["conversations"]}


@pytest.mark.django_db
def test_a_chat_the_visitor_ended_stays_on_the_agents_screen_until_dismissed(chat) -> None:
    shown = _ended(chat, conversations.do_end_by_visitor)
    summary = shown[str(chat.pk)]
    assert (summary["status"], summary["ended_by"]) == ("closed", "visitor")
    assert summary["visitor_presence"] == GONE
    alice = chat.assigned_agent
    with pytest.raises(Forbidden):
        conversations.do_dismiss_ended(factories.agent("bob"), chat.conversation)
    conversations.do_dismiss_ended(alice, chat.conversation)
    assert state.agent_snapshot(alice)["conversations"] == []


@pytest.mark.django_db
def test_a_quick_exit_stays_with_its_own_reason(chat) -> None:
    shown = _ended(chat, conversations.do_quick_exit)
    assert shown[str(chat.pk)]["ended_by"] == "quick_exit"


@pytest.mark.django_db
def test_a_chat_the_agent_closed_leaves_their_screen_as_before(chat) -> None:
    alice = chat.assigned_agent
    shown = _ended(chat, lambda c: conversations.do_close_by_agent(alice, c))
    assert shown == {}
    chat.refresh_from_db()
    assert chat.ended_by == "agent"


@pytest.mark.django_db
def test_an_open_chat_cannot_be_dismissed(chat) -> None:
    with pytest.raises(ChatError):
        conversations.do_dismiss_ended(chat.assigned_agent, chat.conversation)


# ---------- the supervisors' board ----------


@pytest.mark.django_db
def test_the_board_gives_each_agents_presence_and_load_and_the_queue(settings) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_AGENT_MAX_CONVERSATIONS = 1
    factories.online_agent("alice")
    factories.online_agent("bob", presence="away")
    factories.agent("dave")
    factories.started()
    factories.started()
    shown = board.supervisor_board()
    rows = {row["name"]: row for row in shown["agents"]}
    assert {name: (row["status"], row["open"], row["max"]) for name, row in rows.items()} == {
        "Alice": ("available", 1, 1),
        "Bob": ("away", 0, 1),
        "Dave": ("offline", 0, 1),
    }
    assert shown["waiting"] == 1
    assert "visitor" not in str(shown).lower()
