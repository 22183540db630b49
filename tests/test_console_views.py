"""Console pages: permissions, read-audit, holds, special categories, headers."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from chatserver.chat.actions import ratings
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import audit
from transcripts.compliance.models import AuditEntry
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db


def client_for(account: User) -> Client:
    client = Client()
    sign_in(client, account)
    return client


def closed_conversation(handled_by: User | None = None, **details: str) -> Conversation:
    return factories.conversation(
        details=details or None, lines=["my boiler is broken"], handled_by=handled_by
    )


def test_console_pages_need_an_agent() -> None:
    assert Client().get("/console/").status_code == 302
    tenant = client_for(factories.account("tenant"))
    assert tenant.get("/console/").status_code == 403
    agent = client_for(factories.agent("alice"))
    response = agent.get("/console/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert agent.get("/console/dashboard/").status_code == 403


def test_own_transcript_opens_and_is_audited() -> None:
    alice = factories.agent("alice")
    conversation = closed_conversation(alice)
    response = client_for(alice).get(f"/console/history/{conversation.pk}/")
    assert response.status_code == 200 and b"my boiler is broken" in response.content
    entry = AuditEntry.objects.get(action="transcript_read")
    assert (entry.actor, entry.conversation_id, entry.detail) == (
        alice,
        conversation.pk,
        {"reason": "own_conversation"},
    )


def test_someone_elses_transcript_needs_a_reason_first() -> None:
    conversation = closed_conversation(factories.agent("alice"))
    bob = client_for(factories.agent("bob"))
    asked = bob.get(f"/console/history/{conversation.pk}/")
    assert b"Why are you opening this chat?" in asked.content
    assert b"my boiler is broken" not in asked.content
    assert not AuditEntry.objects.exists()
    refused = bob.post(f"/console/history/{conversation.pk}/", {"reason": "curiosity"})
    assert b"my boiler is broken" not in refused.content
    opened = bob.post(f"/console/history/{conversation.pk}/", {"reason": "complaint"})
    assert b"my boiler is broken" in opened.content
    assert AuditEntry.objects.get(action="transcript_read").detail == {"reason": "complaint"}


def test_special_category_is_for_supervisors_and_own_agents() -> None:
    alice = factories.agent("alice")
    conversation = closed_conversation(alice)
    Conversation.objects.filter(pk=conversation.pk).update(special_category=True)
    path = f"/console/history/{conversation.pk}/"
    assert client_for(factories.agent("bob")).post(path, {"reason": "quality"}).status_code == 403
    assert client_for(alice).get(path).status_code == 200
    supervisor = client_for(factories.supervisor("carol"))
    assert supervisor.post(path, {"reason": "quality"}).status_code == 200


def test_history_finds_by_exact_email_through_the_blind_index() -> None:
    alice = factories.agent("alice")
    mine = closed_conversation(alice, email="Tenant.One@Example.org")
    closed_conversation(alice, email="someone.else@example.org")
    response = client_for(alice).post("/console/history/", {"email": "tenant.one@example.org"})
    assert list(response.context["page"]) == [mine]
    assert response["Cache-Control"] == "no-store, private"


def test_history_ignores_filters_in_a_url_and_audits_every_search() -> None:
    alice = factories.agent("alice")
    closed_conversation(alice, email="tenant.one@example.org")
    closed_conversation(alice, email="someone.else@example.org")
    client = client_for(alice)
    listed = client.get("/console/history/", {"email": "tenant.one@example.org"})
    assert len(listed.context["page"]) == 2 and not AuditEntry.objects.exists()
    client.post("/console/history/", {"email": "tenant.one@example.org", "start": "2020-01-01"})
    client.post("/console/history/", {"agent": str(alice.pk)})
    searches = AuditEntry.objects.filter(action="history_searched").order_by("at")
    assert [(entry.actor, entry.detail) for entry in searches] == [
        (alice, {"filters": ["start", "email"], "results": 1, "page": 1}),
        (alice, {"filters": ["agent"], "results": 2, "page": 1}),
    ]
    bad = client.post("/console/history/", {"email": "not an address"})
    assert bad.status_code == 400 and b"Enter a valid email address" in bad.content
    assert searches.count() == 2


def test_history_says_when_the_dates_are_the_wrong_way_round() -> None:
    alice = factories.agent("alice")
    closed_conversation(alice)
    answer = client_for(alice).post(
        "/console/history/", {"start": "2026-07-10", "end": "2026-07-01"}
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The From date is after the To date" in page


SEARCH_FIELDS = st.dictionaries(
    st.sampled_from(["start", "end", "agent", "email", "page"]),
    st.one_of(st.text(max_size=60), st.emails(), st.dates().map(str), st.integers().map(str)),
)


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fields=SEARCH_FIELDS)
@example(fields={"agent": "9223372036854775808"})  # past SQLite's integers: found by this test
def test_any_search_is_answered_and_audited_without_its_values(fields: dict[str, str]) -> None:
    alice = User.objects.filter(username="alice").first() or factories.agent("alice")
    before = AuditEntry.objects.count()
    answer = client_for(alice).post("/console/history/", fields)
    assert answer.status_code in (200, 400)
    entries = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(entries) == (answer.status_code == 200)
    for entry in entries:
        assert set(entry.detail) == {"filters", "results", "page"}
        assert set(entry.detail["filters"]) <= {"start", "end", "agent", "email"}
        stored = json.dumps(entry.detail)
        assert not any(len(value) > 2 and value in stored for value in fields.values())


def test_history_pages_are_posted_with_their_filters() -> None:
    alice = factories.agent("alice")
    for _ in range(51):
        closed_conversation(alice, email="frequent@example.org")
    client = client_for(alice)
    first = client.post("/console/history/", {"email": "frequent@example.org"})
    assert first.context["page"].has_next()
    page = first.content.decode()
    assert "frequent@example.org" not in "".join(
        part.split('"')[0] for part in page.split('href="')[1:]
    )
    assert page.count('name="email" value="frequent@example.org"') == 2
    second = client.post("/console/history/", {"email": "frequent@example.org", "page": "2"})
    assert len(second.context["page"]) == 1 and b"Previous" in second.content


def test_live_chat_of_another_agent_is_for_supervisors() -> None:
    alice = factories.agent("alice")
    live = factories.conversation(
        status="active", lines=["still talking"], handled_by=alice, assigned_agent=alice
    )
    path = f"/console/history/{live.pk}/"
    refused = client_for(factories.agent("bob")).post(path, {"reason": "handover"})
    assert refused.status_code == 403
    assert b"only a supervisor can read a live chat" in refused.content
    assert b"still talking" not in refused.content
    assert b"still talking" in client_for(alice).get(path).content
    carol = client_for(factories.supervisor("carol"))
    assert b"still talking" in carol.post(path, {"reason": "safeguarding"}).content
    reads = AuditEntry.objects.filter(action="transcript_read").order_by("at")
    assert [entry.detail for entry in reads] == [
        {"reason": "own_conversation", "live": True},
        {"reason": "safeguarding", "live": True},
    ]


def test_legal_hold_set_and_lifted_with_audit() -> None:
    carol = factories.supervisor("carol")
    conversation = closed_conversation()
    client = client_for(carol)
    path = f"/console/history/{conversation.pk}/hold/"
    assert client_for(factories.agent("bob")).post(path, {"action": "set"}).status_code == 403
    refused = client.post(path, {"action": "set", "reason": "nonsense"})
    assert refused.status_code == 400 and b"Reason: Select a valid choice" in refused.content
    missing = client.post(path, {"action": "set"})
    assert missing.status_code == 400 and b"needs one of the listed reasons" in missing.content
    client.post(path, {"action": "set", "reason": "ombudsman"})
    conversation.refresh_from_db()
    assert (conversation.legal_hold, conversation.legal_hold_reason) == (True, "ombudsman")
    client.post(path, {"action": "lift", "reason": "ombudsman"})
    conversation.refresh_from_db()
    assert conversation.legal_hold is False
    actions = list(AuditEntry.objects.order_by("at").values_list("action", flat=True))
    assert actions == ["legal_hold_set", "legal_hold_lifted"]


def test_dashboard_counts_and_chart() -> None:
    carol = factories.supervisor("carol")
    closed_conversation(carol)
    response = client_for(carol).get("/console/dashboard/")
    assert response.status_code == 200
    assert response.context["figures"].chats_today == 1
    assert b"<svg" in response.content and b"1 chats</title>" in response.content
    assert b"The retention job has not run yet" in response.content


def test_the_audit_filter_offers_each_action_and_actor_once() -> None:
    carol = factories.supervisor("carol")
    for _ in range(3):
        audit.record("transcript_read", actor_id=carol.pk)
        audit.record("photo_viewed", actor_id=carol.pk)
    response = client_for(carol).get("/console/dashboard/")
    actions = [action for action, _label in response.context["actions"]]
    assert len(actions) == len(set(actions))
    assert {"transcript_read", "photo_viewed"} <= set(actions)
    assert list(response.context["actors"]) == [carol]


def test_the_ratings_chart_labels_its_scale_and_counts_in_words() -> None:
    carol = factories.supervisor("carol")
    ratings.do_rate_conversation(closed_conversation(carol), 4, None)
    content = client_for(carol).get("/console/dashboard/").content.decode()
    chart = content[content.index('aria-label="Average rating per day') :]
    chart = chart[: chart.index("</svg>")]
    assert ">5 average<" not in chart
    assert ">Best: 5<" in chart
    assert ": 4.0 average (1 rating)</title>" in chart


def test_the_transcript_names_the_writer_of_each_staff_line() -> None:
    alice, bob = factories.agent("alice", first_name="Alice"), factories.agent("bob")
    conversation = closed_conversation(alice)
    store.append_message(
        conversation.pk, sender="agent", text="Booked for Tuesday", author_id=alice.pk
    )
    store.append_message(
        conversation.pk, sender="note", text="Check the warranty", author_id=bob.pk
    )
    page = client_for(alice).get(f"/console/history/{conversation.pk}/").content.decode()
    assert "agent (Alice)</span>" in page
    assert "note (Bob)</span>" in page


def test_an_erased_transcript_offers_no_hold_and_refuses_one() -> None:
    carol = factories.supervisor("carol")
    conversation = closed_conversation()
    store.shred_conversation(conversation.pk)
    client = client_for(carol)
    page = client.post(f"/console/history/{conversation.pk}/", {"reason": "complaint"})
    assert page.status_code == 200
    assert b"Place on legal hold" not in page.content
    assert b"[erased]" not in page.content
    assert b"The 1 line of this conversation was erased on " in page.content
    refused = client.post(
        f"/console/history/{conversation.pk}/hold/", {"action": "set", "reason": "ombudsman"}
    )
    assert refused.status_code == 400
    assert b"erased" in refused.content
    conversation.refresh_from_db()
    assert conversation.legal_hold is False
    assert not AuditEntry.objects.filter(action="legal_hold_set").exists()


def test_the_console_names_each_language_for_an_english_speaking_agent() -> None:
    """Welsh is "Cymraeg (Welsh)" in the console's lists, and "Welsh" on a visitor's line."""
    page = client_for(factories.agent("alice")).get("/console/")
    languages = page.context["languages"]
    assert languages["default"] == "en-gb"
    assert languages["names"] == {"en-gb": "English", "cy": "Cymraeg (Welsh)"}
    assert languages["english"] == {"en-gb": "English", "cy": "Welsh"}


@pytest.mark.django_db
def test_the_header_offers_only_the_pages_the_user_may_open() -> None:
    from django.test import Client

    from tests import factories
    from tests.mfa import sign_in

    agent, supervisor = Client(), Client()
    sign_in(agent, factories.agent("sam"))
    sign_in(supervisor, factories.supervisor("morgan"))
    agent_page = agent.get("/console/").content.decode()
    supervisor_page = supervisor.get("/console/").content.decode()
    assert 'href="/console/dashboard/"' not in agent_page and 'href="/admin/"' not in agent_page
    assert 'href="/console/dashboard/"' in supervisor_page and 'href="/admin/"' in supervisor_page
