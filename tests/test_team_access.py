"""Restricted teams (anti-social behaviour, domestic abuse, safeguarding): their chats are
read only by the team's members and supervisors, on every path, and each read and each
refusal is in the audit log (issue 30)."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.test import Client

from chatserver.chat import access
from chatserver.chat.actions import conversations, routing
from chatserver.chat.errors import Forbidden
from chatserver.chat.models import LiveConversation
from chatserver.teams.models import Team
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record.models import Attachment, Conversation

pytestmark = pytest.mark.django_db


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def teams() -> tuple[Team, Team]:
    asb = Team.objects.create(name="Anti-social behaviour", restricted=True)
    repairs = Team.objects.create(name="Repairs")
    return asb, repairs


def restricted_transcript(asb: Team, **fields: object) -> Conversation:
    return factories.conversation(lines=["my neighbour threatened me"], team=asb, **fields)


def test_the_team_rule() -> None:
    asb, repairs = teams()
    dana, bob = factories.agent("dana"), factories.agent("bob")
    asb.members.add(dana)
    repairs.members.add(bob)
    carol = factories.supervisor("carol")
    assert access.may_read_team_chats(bob, None)
    assert access.may_read_team_chats(dana, repairs)
    assert access.may_read_team_chats(dana, asb)
    assert access.may_read_team_chats(carol, asb)
    assert not access.may_read_team_chats(bob, asb)


def test_a_restricted_transcript_is_refused_to_another_team_and_audited() -> None:
    asb, repairs = teams()
    dana, bob = factories.agent("dana"), factories.agent("bob")
    asb.members.add(dana)
    repairs.members.add(bob)
    conversation = restricted_transcript(asb)
    path = f"/console/history/{conversation.pk}/"

    refused = client_for(bob).post(path, {"reason": "complaint"})
    assert refused.status_code == 403
    assert b"Anti-social behaviour team" in refused.content
    assert b"threatened" not in refused.content
    assert client_for(bob).get(path).status_code == 403

    member = client_for(dana).post(path, {"reason": "complaint"})
    assert b"my neighbour threatened me" in member.content
    carol = client_for(factories.supervisor("carol"))
    assert b"my neighbour threatened me" in carol.post(path, {"reason": "safeguarding"}).content

    refusals = AuditEntry.objects.filter(action=audit.READ_REFUSED).order_by("at")
    assert [(e.actor, e.conversation_id, e.detail) for e in refusals] == [
        (bob, conversation.pk, {"read": "transcript", "rule": "team"}),
        (bob, conversation.pk, {"read": "transcript", "rule": "team"}),
    ]
    reads = AuditEntry.objects.filter(action=audit.TRANSCRIPT_READ).order_by("at")
    assert [(e.actor.username, e.detail) for e in reads] == [  # type: ignore[union-attr]
        ("dana", {"reason": "complaint"}),
        ("carol", {"reason": "safeguarding"}),
    ]


def test_the_team_stays_on_a_closed_chat_so_the_rule_outlives_it() -> None:
    asb, _ = teams()
    conversation = restricted_transcript(asb, status="active")
    dana = factories.online_agent("dana")
    asb.members.add(dana)
    LiveConversation.objects.filter(pk=conversation.pk).update(assigned_agent=dana)
    conversations.do_close_by_agent(dana, Conversation.objects.get(pk=conversation.pk))
    closed = Conversation.objects.select_related("live").get(pk=conversation.pk)
    assert (closed.live.status, closed.live.team) == ("closed", asb)
    with pytest.raises(access.TranscriptRefused, match="Anti-social behaviour team"):
        access.check_transcript_access(factories.agent("bob"), closed)


def test_a_restricted_chats_photo_is_refused_to_one_who_left_the_team() -> None:
    asb, _ = teams()
    bob = factories.agent("bob")
    conversation = restricted_transcript(asb, handled_by=bob)
    photo = Attachment.objects.create(
        conversation=conversation, seq=1, content_type="image/png", size=1, width=1, height=1
    )
    refused = client_for(bob).get(f"/console/photos/{photo.pk}/thumbnail/")
    assert refused.status_code == 403
    entry = AuditEntry.objects.get(action=audit.READ_REFUSED)
    assert (entry.actor, entry.conversation_id, entry.detail) == (
        bob,
        conversation.pk,
        {"read": "photo", "rule": "team"},
    )
    asb.members.add(bob)
    assert access.photo_for_agent(bob, photo.pk) == photo


def test_an_agent_outside_the_team_cannot_accept_or_open_its_chat(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    asb, _ = teams()
    bob, dana = factories.online_agent("bob"), factories.online_agent("dana")
    asb.members.add(dana)
    conversation = restricted_transcript(asb, status="waiting")
    with pytest.raises(Forbidden, match="Anti-social behaviour team"):
        routing.do_accept(bob, conversation.pk)
    assert Conversation.objects.get(pk=conversation.pk).live.assigned_agent is None
    assert routing.do_accept(dana, conversation.pk).live.assigned_agent == dana
    # Were it ever given to someone outside the team, their console could not open it.
    LiveConversation.objects.filter(pk=conversation.pk).update(assigned_agent=bob)
    with pytest.raises(Forbidden, match="Anti-social behaviour team"):
        access.access_conversation_for_agent(bob, conversation.pk)
    with pytest.raises(access.ConversationNotFound):
        access.access_conversation_for_agent(bob, uuid.uuid4())


def test_the_history_lists_a_restricted_chat_only_to_those_who_may_read_it() -> None:
    asb, _ = teams()
    dana, bob = factories.agent("dana"), factories.agent("bob")
    asb.members.add(dana)
    restricted_transcript(asb)
    ordinary = factories.conversation(lines=["the gutter leaks"])
    listed = {
        name: {c.pk for c in client_for(user).get("/console/history/").context["page"]}
        for name, user in [("bob", bob), ("dana", dana), ("carol", factories.supervisor("carol"))]
    }
    assert listed["bob"] == {ordinary.pk}
    assert len(listed["dana"]) == len(listed["carol"]) == 2


def test_the_transfer_dialog_offers_a_restricted_chat_only_to_its_team() -> None:
    asb, repairs = teams()
    dana, bob = factories.online_agent("dana"), factories.online_agent("bob")
    erin = factories.online_agent("erin")
    carol = factories.supervisor("carol")
    factories.go_online(carol)
    asb.members.add(dana, erin)
    repairs.members.add(bob)
    conversation = restricted_transcript(asb, status="active", assigned_agent=dana)
    client = client_for(dana)
    offered = client.get(f"/console/agents/?conversation_id={conversation.pk}").json()
    assert [agent["name"] for agent in offered["agents"]] == ["Carol", "Erin"]
    assert offered["teams"] == [
        {"id": asb.pk, "name": "Anti-social behaviour", "available": 1},
        {"id": repairs.pk, "name": "Repairs", "available": 1},
    ]
    anyone = client.get("/console/agents/").json()
    assert [agent["name"] for agent in anyone["agents"]] == ["Bob", "Carol", "Erin"]
    not_hers = client_for(bob).get(f"/console/agents/?conversation_id={conversation.pk}")
    assert not_hers.status_code == 403


def test_the_refusal_names_the_team_once() -> None:
    from chatserver.chat.access import team_refusal

    assert "the Neighbourhood team:" in team_refusal(Team(name="Neighbourhood"))
    assert "the Repairs team:" in team_refusal(Team(name="Repairs team"))
