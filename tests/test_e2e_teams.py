"""Teams, topics and Welsh over real sockets on a real Daphne process: a Welsh chat goes to
the Welsh speaker of its team; with only the English agent free the visitor is offered,
in Welsh, to wait, go on in English or leave a message, and the choice is recorded; a
visitor still on the page is routed when an agent of their team becomes free."""

import pytest

from tests.peers import open_agent, open_visitor
from tests.servers import ChatServer, server_shell

pytestmark = pytest.mark.e2e

SET_UP_TEAMS = """
from django.contrib.auth.models import User
from chatserver.teams.models import LanguageSkill, Team, Topic
repairs = Team.objects.create(name="Repairs")
rent = Team.objects.create(name="Rent and income")
Topic.objects.create(slug="repairs", label="Repairs", label_cy="Atgyweiriadau", team=repairs)
Topic.objects.create(slug="rent", label="Rent", label_cy="Rhent", team=rent)
repairs.members.add(User.objects.get(username="alice"), User.objects.get(username="bob"))
rent.members.add(User.objects.get(username="carol"))
LanguageSkill.objects.create(agent=User.objects.get(username="bob"), language="cy")
"""


def teams_server(start_server, routing: str = "auto") -> ChatServer:
    server = start_server(CHAT_ROUTING=routing)
    server_shell(server, SET_UP_TEAMS)
    return server


def recorded_choice(server: ChatServer, conversation_id: str) -> str:
    return server_shell(
        server,
        "from chatserver.chat.models import LiveConversation\n"
        f"print(LiveConversation.objects.get(pk={conversation_id!r}).welsh_choice)",
    ).strip()


async def test_a_welsh_chat_goes_to_the_welsh_speaker_and_the_fallback_is_offered(
    start_server,
) -> None:
    server = teams_server(start_server)
    alice, _, _ = await open_agent(server, "alice")
    bob, snapshot, _ = await open_agent(server, "bob")
    assert {topic["slug"] for topic in snapshot["topics"]} == {"repairs", "rent"}

    cymraeg = await open_visitor(server)
    welcome = await cymraeg.hello()
    assert {"slug": "repairs", "labels": {"en-gb": "Repairs", "cy": "Atgyweiriadau"}} in (
        welcome["topics"]
    )
    await cymraeg.send({"type": "start", "language": "cy", "topic": "repairs"})
    active = await cymraeg.expect("status", status="active")
    assert active["agent"] == {"name": "Bob"}
    assigned = (await bob.expect("assigned"))["conversation"]
    assert assigned["topic"] == {"slug": "repairs", "label": "Repairs"}
    assert (assigned["team"], assigned["language"]) == ("Repairs", "cy")

    await bob.set_presence("away")
    second = await open_visitor(server)
    await second.hello()
    await second.send({"type": "start", "language": "cy", "topic": "repairs"})
    conversation_id = (await second.expect("status", status="waiting"))["conversation_id"]
    offer = await second.expect("language_offer")
    assert (offer["language"], offer["choices"]) == ("cy", ["wait", "english", "message"])
    await second.send({"type": "language_choice", "choice": "english"})
    await second.expect("language_chosen", choice="english")
    taken = await second.expect("status", status="active")
    assert taken["agent"] == {"name": "Alice"}
    given = (await alice.expect("assigned"))["conversation"]
    assert (given["conversation_id"], given["welsh_choice"]) == (conversation_id, "english")
    assert recorded_choice(server, conversation_id) == "english"


async def test_a_visitor_still_on_the_page_is_routed_when_their_team_is_free(
    start_server,
) -> None:
    server = teams_server(start_server)
    alice, _, _ = await open_agent(server, "alice", available=False)
    carol, _, _ = await open_agent(server, "carol", available=False)
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send({"type": "start", "topic": "repairs"})
    offline = await visitor.expect("status", status="offline")
    assert offline["reason"] == "busy"
    await visitor.say("The kitchen tap is leaking")
    await carol.set_presence("available")  # another team: still a message
    await alice.set_presence("available")
    active = await visitor.expect("status", status="active")
    assert active["agent"] == {"name": "Alice"}
    assigned = (await alice.expect("assigned"))["conversation"]
    assert assigned["conversation_id"] == offline["conversation_id"]
    assert [line["text"] for line in assigned["messages"] if line["from"] == "visitor"] == [
        "The kitchen tap is leaking"
    ]
    assert "leaking" not in server.log_text()


async def test_with_manual_routing_the_visitor_on_the_page_shows_as_waiting(
    start_server,
) -> None:
    server = teams_server(start_server, routing="manual")
    alice, _, _ = await open_agent(server, "alice", available=False)
    visitor = await open_visitor(server)
    await visitor.hello()
    await visitor.send({"type": "start", "topic": "repairs"})
    await visitor.expect("status", status="offline")
    await alice.set_presence("available")
    await visitor.expect("status", status="waiting", queue_position=1)
    queue = await alice.expect("queue")
    while not queue["queue"] or queue["queue"][0]["status"] != "waiting":
        queue = await alice.expect("queue")
