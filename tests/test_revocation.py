"""Which account changes end an agent's sockets, and what they take out of routing.

The sockets closing in every process is checked against real servers in
``test_e2e_revocation``; these check the record: presence rows and the queue.
"""

import uuid

import pytest
from django.contrib.auth.models import Group, User, update_last_login
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils.timezone import now as timezone_now

from chatserver.chat import availability, state
from chatserver.chat.actions import conversations, presence
from chatserver.chat.agent_auth import session_hash
from chatserver.chat.models import AgentSocket
from tests import factories
from tests.mfa import sign_in
from transcripts.record import store
from transcripts.record.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _auto_routing(settings) -> None:
    settings.CHAT_ROUTING = "auto"


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Runs what each action leaves for its commit, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def logged_in_socket(account: User, channel: str) -> Client:
    """An agent session with an open, available socket."""
    client = Client()
    sign_in(client, account)
    presence.do_agent_socket_opened(account, channel, client.session.session_key)
    presence.do_set_presence(account, "available")
    return client


def sockets(account: User) -> set[str]:
    return set(AgentSocket.objects.filter(agent=account).values_list("channel_name", flat=True))


def test_a_socket_row_holds_the_hash_of_its_session_never_the_key() -> None:
    alice = factories.agent("alice")
    client = logged_in_socket(alice, "desk")
    key = client.session.session_key
    row = AgentSocket.objects.get(channel_name="desk")
    assert row.session_hash == session_hash(key) and key not in row.session_hash


def test_logout_takes_only_that_sessions_sockets_out_of_routing(committing) -> None:
    alice = factories.agent("alice")
    desk = logged_in_socket(alice, "desk")
    logged_in_socket(alice, "laptop")
    with committing():
        desk.logout()
    assert sockets(alice) == {"laptop"}
    assert list(availability.agents_with_capacity().values_list("agent_id", flat=True)) == [
        alice.pk
    ]


def test_logout_of_the_last_session_leaves_no_one_to_route_to(committing) -> None:
    alice = factories.agent("alice")
    desk = logged_in_socket(alice, "desk")
    with committing():
        desk.logout()
    assert sockets(alice) == set()
    assert not availability.agents_with_capacity().exists()
    started = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    assert (started.live.status, started.live.assigned_agent_id) == ("offline", None)


@pytest.mark.parametrize(
    "change",
    [
        lambda user: (user.set_password("another-long-password-2"), user.save()),
        lambda user: (setattr(user, "is_active", False), user.save()),
        lambda user: user.groups.clear(),
        lambda user: user.groups.remove(Group.objects.get(name="agents")),
        lambda user: user.groups.set([]),
        lambda user: Group.objects.get(name="agents").user_set.remove(user),
        lambda user: Group.objects.get(name="agents").user_set.clear(),
    ],
    ids=[
        "password",
        "deactivated",
        "groups.clear",
        "groups.remove",
        "groups.set",
        "user_set.remove",
        "user_set.clear",
    ],
)
def test_account_changes_revoke_every_session(committing, change) -> None:
    alice = factories.agent("alice")
    logged_in_socket(alice, "desk")
    logged_in_socket(alice, "laptop")
    with committing():
        change(alice)
    assert sockets(alice) == set()
    assert not availability.agents_with_capacity().exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda user: update_last_login(None, user),
        lambda user: (setattr(user, "first_name", "Ally"), user.save()),
        lambda user: user.save(),
        lambda user: user.groups.remove(Group.objects.get(name="agents")),  # still a supervisor
        lambda user: user.groups.add(Group.objects.get_or_create(name="other")[0]),
    ],
    ids=["login", "renamed", "saved", "still-supervisor", "group-added"],
)
def test_other_account_changes_leave_the_sockets_alone(committing, change) -> None:
    alice = factories.agent("alice")
    alice.groups.add(Group.objects.get_or_create(name="supervisors")[0])
    logged_in_socket(alice, "desk")
    with committing():
        change(alice)
    assert sockets(alice) == {"desk"}


def test_routing_skips_an_agent_no_longer_in_an_agent_group() -> None:
    """Even while the group change's signal has not been sent (a raw table change)."""
    alice = factories.agent("alice")
    logged_in_socket(alice, "desk")
    User.groups.through.objects.filter(user=alice).delete()
    assert not availability.agents_with_capacity().exists()


def test_a_revoked_agents_conversation_goes_back_to_the_queue(committing) -> None:
    alice, bob = factories.agent("alice"), factories.agent("bob")
    desk = logged_in_socket(alice, "desk")
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details={"name": "Pat"}, diagnostics=None
    )
    assert conversation.live.assigned_agent_id == alice.pk
    logged_in_socket(bob, "bob-desk")
    presence.do_set_presence(bob, "away")
    with committing():
        desk.logout()
    conversation.refresh_from_db()
    assert (conversation.live.status, conversation.live.assigned_agent_id) == ("offline", None)
    assert conversation in state.queued()
    lines = [m.text for m in store.read_messages(conversation.pk) if m.sender == "system"]
    assert lines[-1] == "Alice left the chat. Another adviser will reply as soon as they can."
    assert conversation.live.handled_by.filter(pk=alice.pk).exists()
    with committing():
        presence.do_set_presence(bob, "available")
    conversation.refresh_from_db()
    assert conversation.live.status == "offline"  # offline waits for an agent to accept it
    assert Message.objects.filter(conversation=conversation).count() == 2


def test_a_revoked_agents_conversation_waits_when_another_agent_is_free(committing) -> None:
    """Back to waiting, and auto routing gives it to the free agent."""
    alice = factories.agent("alice")
    desk = logged_in_socket(alice, "desk")
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    bob = factories.agent("bob")
    logged_in_socket(bob, "bob-desk")
    with committing():
        desk.logout()
    conversation.refresh_from_db()
    assert (conversation.live.status, conversation.live.assigned_agent_id) == ("active", bob.pk)
    lines = [m.text for m in store.read_messages(conversation.pk) if m.sender == "system"]
    assert lines == [
        "Alice joined the chat.",
        "Alice left the chat. Another adviser will reply as soon as they can.",
        "Bob joined the chat.",
    ]


def test_deleting_an_agent_puts_their_conversation_back_in_the_queue(committing) -> None:
    alice = factories.agent("alice")
    logged_in_socket(alice, "desk")
    conversation = conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )
    assert conversation.live.assigned_agent_id == alice.pk
    with committing():
        alice.delete()
    conversation.refresh_from_db()
    assert (conversation.live.status, conversation.live.assigned_agent_id) == ("offline", None)
    lines = [m.text for m in store.read_messages(conversation.pk) if m.sender == "system"]
    assert lines[-1] == "Alice left the chat. Another adviser will reply as soon as they can."


def test_logging_in_as_another_user_takes_the_flushed_sessions_sockets_out_of_routing(
    committing,
) -> None:
    """``login()`` flushes a session of another user and sends no ``user_logged_out``."""
    alice, bob = factories.agent("alice"), factories.agent("bob")
    desk = logged_in_socket(alice, "desk")
    logged_in_socket(alice, "laptop")
    with committing() as callbacks:
        sign_in(desk, bob)
    assert sockets(alice) == {"laptop"}
    assert len(callbacks) == 1  # one revocation, not one per signal


@pytest.mark.parametrize(
    "end",
    [
        lambda key: Session.objects.filter(session_key=key).delete(),
        lambda key: (
            Session.objects.filter(session_key=key).update(expire_date=timezone_now()),
            call_command("clearsessions"),
        ),
    ],
    ids=["deleted", "clearsessions"],
)
def test_a_deleted_session_takes_its_sockets_out_of_routing(committing, end) -> None:
    alice = factories.agent("alice")
    desk = logged_in_socket(alice, "desk")
    logged_in_socket(alice, "laptop")
    with committing():
        end(desk.session.session_key)
    assert sockets(alice) == {"laptop"}


def test_logout_revokes_once(committing) -> None:
    alice = factories.agent("alice")
    desk = logged_in_socket(alice, "desk")
    with committing() as callbacks:
        desk.logout()
    assert sockets(alice) == set()
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    "change",
    [
        lambda group: (setattr(group, "name", "agents-renamed"), group.save()),
        lambda group: group.delete(),
        lambda group: Group.objects.filter(pk=group.pk).delete(),
    ],
    ids=["renamed", "deleted", "queryset-deleted"],
)
def test_an_agent_group_renamed_or_deleted_revokes_its_former_members(committing, change) -> None:
    alice, bob = factories.agent("alice"), factories.agent("bob")
    bob.groups.add(Group.objects.get_or_create(name="supervisors")[0])
    carol = factories.account("carol", "supervisors")
    for account in (alice, bob, carol):
        logged_in_socket(account, f"{account.username}-desk")
    with committing():
        change(Group.objects.get(name="agents"))
    assert sockets(alice) == set()
    assert sockets(bob) == {"bob-desk"}  # still a supervisor
    assert sockets(carol) == {"carol-desk"}
    assert set(availability.agents_with_capacity().values_list("agent_id", flat=True)) == {
        bob.pk,
        carol.pk,
    }


def test_renaming_another_group_leaves_the_sockets_alone(committing) -> None:
    alice = factories.agent("alice")
    alice.groups.add(Group.objects.get_or_create(name="housing")[0])
    logged_in_socket(alice, "desk")
    with committing():
        group = Group.objects.get(name="housing")
        group.name = "agents-and-housing"
        group.save()
    assert sockets(alice) == {"desk"}


def test_routing_skips_an_agent_whose_session_has_expired() -> None:
    """Before the socket's re-check notices: an expired session routes nothing."""
    alice, bob = factories.agent("alice"), factories.agent("bob")
    desk = logged_in_socket(alice, "desk")
    logged_in_socket(bob, "bob-desk")
    Session.objects.filter(session_key=desk.session.session_key).update(expire_date=timezone_now())
    assert list(availability.agents_with_capacity().values_list("agent_id", flat=True)) == [bob.pk]
    with connection.cursor() as cursor:  # a change straight in the store: no signal
        cursor.execute("DELETE FROM django_session")
    assert sockets(bob) == {"bob-desk"}
    assert not availability.available_presences().exists()
