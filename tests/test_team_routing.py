"""Routing by team and language: least-busy agent of the chat's team who speaks its
language, Welsh chats to Welsh speakers first, the offer in Welsh when none is free, and
visitors still on the page routed when an agent of their team becomes free."""

import re
import uuid

import pytest

from chatserver.chat import state
from chatserver.chat.actions import conversations, presence, routing, topics, visitor_presence
from chatserver.chat.errors import ChatError
from chatserver.chat.models import LiveConversation, VisitorSocket, WelshChoice
from chatserver.teams.models import LanguageSkill, Team, Topic
from tests import factories
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db
Status = LiveConversation.Status


@pytest.fixture(autouse=True)
def _auto_routing(settings) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_AGENT_MAX_CONVERSATIONS = 3


@pytest.fixture
def teams() -> dict[str, Topic]:
    """Two teams, each with one topic."""
    repairs = Team.objects.create(name="Repairs")
    rent = Team.objects.create(name="Rent and income")
    return {
        "repairs": Topic.objects.create(
            slug="repairs", label="Repairs", label_cy="Atgyweirio", team=repairs
        ),
        "rent": Topic.objects.create(slug="rent", label="Rent", label_cy="Rhent", team=rent),
    }


def member(name: str, topic: Topic, *languages: str, status: str = "available"):
    made = factories.agent(name)
    topic.team.members.add(made)
    for language in languages:
        LanguageSkill.objects.create(agent=made, language=language)
    factories.go_online(made, status)
    return made


def start(topic: str | None = None, language: str | None = None) -> Conversation:
    return conversations.do_start_conversation(
        session_hash=uuid.uuid4().hex,
        details=None,
        diagnostics=None,
        language=language,
        topic=topic,
    )


def live(conversation: Conversation) -> LiveConversation:
    return LiveConversation.objects.select_related("assigned_agent").get(pk=conversation.pk)


def connected(conversation: Conversation) -> None:
    visitor_presence.do_visitor_socket_joined(conversation.pk, f"visitor-{conversation.pk}", False)


def test_a_chat_with_a_topic_goes_to_its_team_and_takes_the_topics_team(teams) -> None:
    member("fixer", teams["repairs"])
    rent_agent = member("collector", teams["rent"])
    chat = start(topic="rent")
    assert live(chat).team == teams["rent"].team
    assert live(chat).topic == teams["rent"]
    assert live(chat).assigned_agent == rent_agent


def test_a_chat_without_a_topic_goes_to_any_agent(teams) -> None:
    fixer = member("fixer", teams["repairs"])
    assert live(start()).assigned_agent == fixer


def test_a_team_chat_waits_when_no_member_is_free_though_others_are(teams) -> None:
    member("fixer", teams["repairs"])
    chat = start(topic="rent")
    assert (live(chat).status, live(chat).assigned_agent) == (Status.WAITING, None)
    collector = member("collector", teams["rent"])
    assert live(chat).assigned_agent == collector


def test_the_least_busy_member_of_the_team_gets_the_chat(teams) -> None:
    first = member("first", teams["repairs"])
    second = member("second", teams["repairs"])
    owners = [live(start(topic="repairs")).assigned_agent for _ in range(3)]
    assert owners[0] != owners[1]
    assert sorted([state.active_count(first), state.active_count(second)]) == [1, 2]


def test_a_waiting_chat_does_not_block_a_later_one_of_another_team(teams) -> None:
    member("collector", teams["rent"])
    stuck = start(topic="repairs")
    later = start(topic="rent")
    assert live(stuck).status == Status.WAITING
    assert live(later).status == Status.ACTIVE


def test_a_welsh_chat_goes_to_the_welsh_speaker_though_the_english_one_is_less_busy(
    teams,
) -> None:
    member("english", teams["repairs"])
    welsh = member("cymraeg", teams["repairs"], "cy")
    factories.conversation(status=Status.ACTIVE, assigned_agent=welsh)
    chat = start(topic="repairs", language="cy")
    assert live(chat).assigned_agent == welsh
    assert live(chat).welsh_offered_at is None


def test_an_english_chat_goes_to_any_member_welsh_speakers_included(teams) -> None:
    welsh = member("cymraeg", teams["repairs"], "cy")
    assert live(start(topic="repairs")).assigned_agent == welsh


def test_a_welsh_chat_with_only_an_english_agent_free_is_offered_the_choice(teams) -> None:
    member("english", teams["repairs"])
    chat = start(topic="repairs", language="cy")
    state_now = live(chat)
    assert (state_now.status, state_now.assigned_agent) == (Status.WAITING, None)
    assert state_now.welsh_offered_at is not None
    assert state.visitor_replay(chat.pk, None).conversation.get("language_offer") is True


def test_choosing_english_routes_to_the_free_english_agent_and_is_recorded(teams) -> None:
    english = member("english", teams["repairs"])
    chat = start(topic="repairs", language="cy")
    topics.do_choose_language(chat, WelshChoice.ENGLISH)
    assert live(chat).assigned_agent == english
    assert live(chat).welsh_choice == WelshChoice.ENGLISH


def test_choosing_to_wait_keeps_the_chat_for_a_welsh_speaker(teams) -> None:
    member("english", teams["repairs"])
    chat = start(topic="repairs", language="cy")
    topics.do_choose_language(chat, WelshChoice.WAIT)
    assert (live(chat).status, live(chat).welsh_choice) == (Status.WAITING, WelshChoice.WAIT)
    welsh = member("cymraeg", teams["repairs"], "cy")
    assert live(chat).assigned_agent == welsh


def test_choosing_to_leave_a_message_makes_the_chat_offline(teams) -> None:
    member("english", teams["repairs"])
    chat = start(topic="repairs", language="cy")
    topics.do_choose_language(chat, WelshChoice.MESSAGE)
    assert (live(chat).status, live(chat).welsh_choice) == (Status.OFFLINE, WelshChoice.MESSAGE)


def test_a_choice_without_an_offer_is_refused(teams) -> None:
    member("cymraeg", teams["repairs"], "cy")
    member("english", teams["repairs"])
    chat = start(topic="repairs", language="cy")
    with pytest.raises(ChatError):
        topics.do_choose_language(chat, WelshChoice.ENGLISH)


def test_a_visitor_still_on_the_page_is_routed_when_a_team_agent_becomes_free(teams) -> None:
    chat = start(topic="repairs")
    assert live(chat).status == Status.OFFLINE
    connected(chat)
    member("collector", teams["rent"])
    assert live(chat).status == Status.OFFLINE  # not their team
    fixer = member("fixer", teams["repairs"])
    assert live(chat).assigned_agent == fixer


def test_a_visitor_who_left_the_page_stays_a_message(teams) -> None:
    chat = start(topic="repairs")
    connected(chat)
    visitor_presence.do_visitor_socket_left(f"visitor-{chat.pk}")
    member("fixer", teams["repairs"])
    assert (live(chat).status, live(chat).assigned_agent) == (Status.OFFLINE, None)
    assert not VisitorSocket.objects.exists()


def test_with_manual_routing_a_visitor_on_the_page_shows_as_waiting(settings, teams) -> None:
    settings.CHAT_ROUTING = "manual"
    chat = start(topic="repairs")
    connected(chat)
    fixer = member("fixer", teams["repairs"])
    assert (live(chat).status, live(chat).assigned_agent) == (Status.WAITING, None)
    [entry] = state.queue_entries()
    assert entry["status"] == Status.WAITING
    routing.do_accept(fixer, chat.pk)
    assert live(chat).assigned_agent == fixer


def test_manual_accept_works_for_an_agent_of_another_team(settings, teams) -> None:
    settings.CHAT_ROUTING = "manual"
    collector = member("collector", teams["rent"])
    chat = start(topic="repairs")
    routing.do_accept(collector, chat.pk)
    assert live(chat).assigned_agent == collector


def test_the_visitor_may_choose_a_topic_after_the_first_line(teams) -> None:
    fixer = member("fixer", teams["repairs"], status="away")
    chat = start()
    connected(chat)
    topics.do_visitor_topic(chat, "repairs")
    assert (live(chat).topic, live(chat).team) == (teams["repairs"], teams["repairs"].team)
    presence.do_set_presence(fixer, "available")
    assert live(chat).assigned_agent == fixer


def test_an_agent_sets_and_changes_the_topic_which_sets_the_team(teams) -> None:
    fixer = member("fixer", teams["repairs"])
    chat = start(topic="repairs")
    topics.do_agent_topic(fixer, chat, "rent")
    assert (live(chat).topic, live(chat).team) == (teams["rent"], teams["rent"].team)
    topics.do_agent_topic(fixer, chat, None)
    assert (live(chat).topic, live(chat).team) == (None, None)


def test_an_unknown_topic_is_refused(teams) -> None:
    with pytest.raises(ChatError):
        start(topic="no-such-topic")


def test_the_dashboard_counts_the_welsh_visitors_choices(teams, client) -> None:
    from tests.mfa import sign_in

    member("english", teams["repairs"])
    chats = [start(topic="repairs", language="cy") for _ in range(3)]
    topics.do_choose_language(chats[0], WelshChoice.ENGLISH)
    topics.do_choose_language(chats[1], WelshChoice.MESSAGE)
    sign_in(client, factories.supervisor("sue"))
    page = client.get("/console/dashboard/").content.decode()
    table = re.search(r'<table id="welsh-choices">.*?</table>', page, re.S)[0]
    assert re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", table) == [
        ("Offered the choice", "3"),
        ("Waited for a Welsh speaker", "0"),
        ("Continued in English", "1"),
        ("Left a message", "1"),
        ("Did not answer", "1"),
    ]


def test_an_english_chat_leaves_an_equally_busy_welsh_speaker_free_for_welsh(teams) -> None:
    welsh = member("cymraeg", teams["repairs"], "cy")  # made first: ahead on every other tie
    english = member("english", teams["repairs"])
    assert live(start(topic="repairs")).assigned_agent == english
    assert state.active_count(welsh) == 0
