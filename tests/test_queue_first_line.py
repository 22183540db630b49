"""Triage in the queue: each waiting chat's first line, topic and team reach agents, and
a restricted team's first line only those who may read that team's chats (issue 30)."""

import logging
from typing import Any

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group, User
from django.contrib.sessions.backends.db import SessionStore

from chatserver.asgi import application
from chatserver.chat.actions.queue import publish_queue
from chatserver.chat.consumers import AgentConsumer
from chatserver.chat.models import LiveConversation
from chatserver.teams.models import Team, Topic
from tests.peers import InProcessPeer, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

HEADERS = [(b"host", b"testserver"), (b"origin", b"http://testserver")]
FIRST_LINE = "My boiler is leaking water onto the floor"


@database_sync_to_async
def new_agent(username: str, *groups: str) -> tuple[User, str | None]:
    agent = User.objects.create_user(username, password="x-long-password-1")
    for name in ("agents", *groups):
        agent.groups.add(Group.objects.get_or_create(name=name)[0])
    return agent, signed_in(agent)


async def open_agent(username: str, *groups: str) -> tuple[User, InProcessPeer, dict[str, Any]]:
    """A new agent (in ``groups`` too) on an agent socket, with the snapshot it was sent."""
    agent, session_key = await new_agent(username, *groups)
    socket = await InProcessPeer.connect(
        AgentConsumer.as_asgi(), "/ws/agent/", [], user=agent, session=SessionStore(session_key)
    )
    return agent, socket, await socket.expect("snapshot")


def entry_in(entries: list[dict[str, Any]], conversation_id: str) -> dict[str, Any]:
    return next(entry for entry in entries if entry["conversation_id"] == conversation_id)


async def queue_with(socket: InProcessPeer, conversation_id: str, **match: object) -> dict:
    """The entry for the conversation in the next queue frame that has the ``match`` values."""
    while True:
        frame = await socket.expect("queue")
        entries = [e for e in frame["queue"] if e["conversation_id"] == conversation_id]
        if entries and all(entries[0].get(key) == value for key, value in match.items()):
            return entries[0]


@database_sync_to_async
def put_in_team(conversation_id: str, *, restricted: bool, members: list[User]) -> Team:
    name = "Safeguarding" if restricted else "Repairs"
    team = Team.objects.create(name=name, restricted=restricted)
    team.members.set(members)
    topic = Topic.objects.create(slug=name.lower(), label=name, label_cy="Pwnc", team=team)
    LiveConversation.objects.filter(pk=conversation_id).update(team=team, topic=topic)
    return team


async def waiting_chat_with_first_line() -> tuple[InProcessPeer, str]:
    visitor = await InProcessPeer.connect(application, "/ws/visitor/", HEADERS)
    await visitor.send({"type": "hello", "token": None, "after_seq": None})
    await visitor.expect("welcome")
    await visitor.send({"type": "start", "details": {}})
    status = await visitor.expect("status", status="offline")
    await visitor.send({"type": "message", "client_id": "first", "text": FIRST_LINE})
    await visitor.expect("ack")
    return visitor, status["conversation_id"]


async def test_first_line_topic_and_language_reach_agents_in_the_queue(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    _agent, socket, _snapshot = await open_agent("triage-agent")
    visitor, conversation_id = await waiting_chat_with_first_line()
    # The queue is sent again when the first line comes in after the chat joined it.
    entry = await queue_with(socket, conversation_id, first_line=FIRST_LINE)
    assert entry["first_line_withheld"] is False
    assert entry["topic"] is None and entry["team_id"] is None
    assert entry["language"] == "en-gb"

    team = await put_in_team(conversation_id, restricted=False, members=[])
    await database_sync_to_async(publish_queue)()
    entry = await queue_with(socket, conversation_id, team_id=team.pk)
    assert entry["topic"] == {"slug": "repairs", "label": "Repairs", "label_cy": "Pwnc"}
    assert entry["first_line"] == FIRST_LINE
    # A new socket's snapshot has it too.
    _later, later, snapshot = await open_agent("later-agent")
    assert entry_in(snapshot["queue"], conversation_id)["first_line"] == FIRST_LINE
    assert FIRST_LINE not in caplog.text
    for peer in (socket, later, visitor):
        await peer.close()


async def test_a_restricted_teams_first_line_is_withheld_from_others() -> None:
    member, member_socket, _ = await open_agent("safeguarding-member")
    _outsider, outsider_socket, _ = await open_agent("repairs-agent")
    _boss, supervisor_socket, _ = await open_agent("supervisor-agent", "supervisors")
    visitor, conversation_id = await waiting_chat_with_first_line()
    await put_in_team(conversation_id, restricted=True, members=[member])
    await database_sync_to_async(publish_queue)()

    kept = await queue_with(outsider_socket, conversation_id, first_line_withheld=True)
    assert kept["first_line"] is None
    assert FIRST_LINE not in str(kept)
    shown = await queue_with(member_socket, conversation_id, first_line=FIRST_LINE)
    assert shown["first_line_withheld"] is False
    await queue_with(supervisor_socket, conversation_id, first_line=FIRST_LINE)

    # A snapshot withholds it the same way.
    _late, late_socket, snapshot = await open_agent("late-outsider")
    late = entry_in(snapshot["queue"], conversation_id)
    assert late["first_line"] is None and late["first_line_withheld"] is True
    assert FIRST_LINE not in str(snapshot)
    for socket in (member_socket, outsider_socket, supervisor_socket, late_socket, visitor):
        await socket.close()
