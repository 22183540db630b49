"""Shared test factories: accounts (agents, supervisors, others), conversations and their
lines, made the way the console, the sockets and the commands would make them."""

import uuid
from collections.abc import Iterable

from django.contrib.auth.models import Group, User

from chatserver.chat.access import AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME
from chatserver.chat.models import LiveConversation
from transcripts.record import store
from transcripts.record.models import Conversation

PASSWORD = "pass-for-tests-123"


def account(
    name: str, *groups: str, password: str = PASSWORD, first_name: str | None = None
) -> User:
    """A user in exactly these groups (none: a signed-in stranger to the console), whose
    first name (shown to visitors) is the username in title case unless given."""
    made = User.objects.create_user(
        name, password=password, first_name=name.title() if first_name is None else first_name
    )
    for group in groups:
        made.groups.add(Group.objects.get_or_create(name=group)[0])
    return made


def agent(name: str, *, password: str = PASSWORD, first_name: str | None = None) -> User:
    """An agent, signed out."""
    return account(name, AGENTS_GROUP_NAME, password=password, first_name=first_name)


def online_agent(name: str, presence: str = "available") -> User:
    """An agent signed in with an open agent socket (channel ``channel-<name>``) at that
    presence, as routing sees them."""
    made = agent(name)
    go_online(made, presence)
    return made


def supervisor(name: str, *, password: str = PASSWORD) -> User:
    """A supervisor (an agent who may also read every transcript and see the dashboard)."""
    return account(name, AGENTS_GROUP_NAME, SUPERVISORS_GROUP_NAME, password=password)


def go_online(user: User, status: str = "available") -> None:
    """A signed-in session with an open agent socket, at that presence."""
    from chatserver.chat.actions import presence
    from tests.peers import signed_in

    presence.do_agent_socket_opened(user, f"channel-{user.username}", signed_in(user))
    presence.do_set_presence(user, status)


def conversation(
    *,
    status: str = "closed",
    details: dict[str, str] | None = None,
    lines: Iterable[str] = (),
    handled_by: User | None = None,
    **fields: object,
) -> Conversation:
    """A conversation straight in the record (no routing), with visitor ``lines``; other
    ``fields`` are set on the record's row (``special_category=True``) or, for the chat's
    live state (``assigned_agent=...``), on its live row."""
    made = store.create_conversation(details=details)
    add_lines(made, *lines)
    live_names = {field.name for field in LiveConversation._meta.get_fields()}
    live_fields = {name: value for name, value in fields.items() if name in live_names}
    LiveConversation.objects.filter(pk=made.pk).update(status=status, **live_fields)
    if handled_by is not None:
        made.live.handled_by.add(handled_by)
    record_fields = {name: value for name, value in fields.items() if name not in live_names}
    if record_fields:
        Conversation.objects.filter(pk=made.pk).update(**record_fields)
    made.refresh_from_db()
    made.live.refresh_from_db()
    return made


def started() -> Conversation:
    """A visitor's new conversation through the chat's own start action (routed)."""
    from chatserver.chat.actions import conversations

    return conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex, details=None, diagnostics=None
    )


def add_lines(made: Conversation, *texts: str, sender: str = "visitor") -> None:
    """Lines appended to the record from one side, in order."""
    for text in texts:
        store.append_message(made.pk, sender=sender, text=text)


def line_texts(made: Conversation) -> list[tuple[str, str | None]]:
    """The conversation's lines as (sender, text), in order."""
    return [(line.sender, line.text) for line in store.read_messages(made.pk)]
