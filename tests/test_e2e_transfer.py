"""Transfers to a team or an agent with an internal note, over real sockets (issue 30): the
receiver gets the note first, the visitor only a neutral line that someone else is taking
over."""

import json

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import manage

pytestmark = pytest.mark.e2e

NOTE = "Tenant already reset the boiler twice; wants an engineer visit."
MADE_TEAMS = """
import json
from django.contrib.auth.models import User
from chatserver.teams.models import Team
repairs = Team.objects.create(name="Repairs")
repairs.members.add(User.objects.get(username="bob"))
asb = Team.objects.create(name="Anti-social behaviour", restricted=True)
asb.members.add(User.objects.get(username="alice"))
print(json.dumps({"repairs": repairs.pk, "asb": asb.pk}))
"""


def made_teams(server) -> dict[str, int]:
    return json.loads(manage(server.env, "shell", "-c", MADE_TEAMS).strip().splitlines()[-1])


async def test_transfer_to_a_team_with_a_note_the_receiver_gets_first(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    teams = made_teams(server)
    alice, _, _ = await open_agent(server, "alice")
    bob, _, _ = await open_agent(server, "bob")
    visitor = await open_visitor(server)
    await visitor.hello()
    conversation_id = (await visitor.start(name="Tess Tenant"))["conversation_id"]
    await alice.accept(conversation_id)
    await visitor.say("My boiler keeps cutting out")
    await visitor.expect("message", text="My boiler keeps cutting out")
    await visitor.drain(0.3)
    before = len(visitor.received)

    await alice.send(
        {
            "type": "transfer",
            "conversation_id": conversation_id,
            "to_team_id": teams["repairs"],
            "note": NOTE,
        }
    )
    assert (await alice.expect("unassigned"))["conversation_id"] == conversation_id
    await visitor.expect("message", text="Another adviser is taking over your chat.")
    await visitor.expect("status", status="waiting")

    assigned = (await bob.accept(conversation_id))["conversation"]
    handover = assigned["handover"]
    assert handover["note"] == NOTE
    assert handover["from"]["name"] == "Alice"
    assert handover["team"] == {"id": teams["repairs"], "name": "Repairs"}
    assert [m["text"] for m in assigned["messages"] if m["from"] == "note"] == [NOTE]
    await visitor.expect("status", status="active", agent={"name": "Bob"})

    await visitor.drain(0.5)
    seen = json.dumps(visitor.received[before:])
    assert "engineer visit" not in seen and "Repairs" not in seen and "Alice" not in seen
    assert [f["text"] for f in visitor.received[before:] if f["type"] == "message"] == [
        "Another adviser is taking over your chat.",
        "Bob joined the chat.",
    ]
    assert "engineer visit" not in server.log_text()


async def test_a_restricted_chat_goes_only_to_that_team(start_server) -> None:
    server = start_server(CHAT_ROUTING="manual")
    teams = made_teams(server)
    alice, _, _ = await open_agent(server, "alice")
    bob, snapshot_bob, _ = await open_agent(server, "bob")
    visitor = await open_visitor(server)
    await visitor.hello()
    conversation_id = (await visitor.start())["conversation_id"]
    manage(
        server.env,
        "shell",
        "-c",
        "from chatserver.chat.models import LiveConversation; "
        f"LiveConversation.objects.filter(pk='{conversation_id}').update(team={teams['asb']})",
    )
    await bob.send_accept(conversation_id)
    refused = await bob.expect("error")
    assert refused["code"] == "forbidden" and "Anti-social behaviour team" in refused["message"]
    assigned = (await alice.accept(conversation_id))["conversation"]
    assert "handover" not in assigned
    await alice.send_transfer(conversation_id, snapshot_bob["agent"]["id"])
    refused = await alice.expect("error")
    assert refused["code"] == "forbidden" and "Anti-social behaviour team" in refused["message"]
    await alice.send(
        {"type": "transfer", "conversation_id": conversation_id, "to_team_id": teams["asb"]}
    )
    refused = await alice.expect("error")
    assert "no one else in Anti-social behaviour is available" in refused["message"]
