"""The contact-centre figures on a seeded set of conversations (``tests.reports_seed``),
each equal to the figure counted by hand from the seed's table."""

from datetime import timedelta
from typing import Any

import pytest

from chatserver.chat.actions import transfer
from chatserver.chat.models import LiveConversation
from chatserver.reports import figures
from chatserver.reports.forms import ReportForm
from tests import factories
from tests.reports_seed import START, period, seed

pytestmark = pytest.mark.django_db


def chosen(**filters: Any) -> Any:
    form = ReportForm({**period(), **filters})
    assert form.is_valid(), form.errors
    return form.conversations()


def test_the_period_s_figures_are_those_counted_by_hand() -> None:
    seed()
    row = figures.overall(chosen(), threshold_seconds=60)
    assert (row.chats, row.offered, row.messages_left) == (4, 3, 1)
    assert (row.answered, row.answered_in_time, row.abandoned) == (2, 1, 1)
    assert row.service_level == pytest.approx(100 / 3)
    assert row.abandonment == pytest.approx(100 / 3)
    assert row.answer_time == timedelta(seconds=(30 + 90) / 2)
    assert row.first_response_time == timedelta(seconds=(45 + 140) / 2)
    assert row.handle_time == timedelta(seconds=(600 + 300) / 2)


def test_a_longer_threshold_counts_both_answers_in_time() -> None:
    seed()
    row = figures.overall(chosen(), threshold_seconds=90)
    assert row.answered_in_time == 2
    assert row.service_level == pytest.approx(200 / 3)


def test_figures_by_team_and_welsh_against_english() -> None:
    seed()
    by_team = {row.label: row for row in figures.breakdown(chosen(), "team", 60)}
    assert set(by_team) == {"Repairs", "Rent", "(none)"}
    assert (by_team["Repairs"].chats, by_team["Repairs"].answered_in_time) == (2, 1)
    assert by_team["Repairs"].answer_time == timedelta(seconds=60)
    assert (by_team["Rent"].offered, by_team["Rent"].abandoned) == (1, 1)
    assert (by_team["(none)"].messages_left, by_team["(none)"].offered) == (1, 0)
    by_language = {row.label: row for row in figures.breakdown(chosen(), "language", 60)}
    assert (by_language["Cymraeg"].chats, by_language["English"].chats) == (1, 3)
    assert by_language["Cymraeg"].answer_time == timedelta(seconds=90)
    assert by_language["English"].answer_time == timedelta(seconds=30)
    assert by_language["English"].service_level == pytest.approx(50)


def test_figures_by_contact_reason_and_outcome() -> None:
    seed()
    by_reason = {row.label: row.chats for row in figures.breakdown(chosen(), "reason", 60)}
    assert by_reason == {"Report a repair": 2, "(none)": 2}
    by_outcome = {row.label: row.chats for row in figures.breakdown(chosen(), "outcome", 60)}
    assert by_outcome == {"Repair raised": 2, "(none)": 2}


def test_filters_narrow_the_chats() -> None:
    seeded = seed()
    assert figures.overall(chosen(team=seeded.rent.pk), 60).chats == 1
    assert figures.overall(chosen(reason=seeded.repair.pk), 60).answered == 2
    assert figures.overall(chosen(language="cy"), 60).chats == 1


def test_chats_by_hour_and_weekday() -> None:
    seed()
    weekday = START.isoweekday()
    assert figures.hours_and_weekdays(chosen()) == {
        (weekday, 10): 2,
        (weekday, 11): 1,
        (weekday, 12): 1,
    }


def test_concurrency_counts_the_chats_open_at_each_answer() -> None:
    seeded = seed()
    (load,) = figures.concurrency(chosen())
    # A was answered with nothing else open (1); B while A was still open (2).
    assert (load.agent_id, load.agent, load.chats, load.average, load.peak) == (
        seeded.alice.pk,
        "Alice",
        2,
        1.5,
        2,
    )


def test_ratings_by_team() -> None:
    seed()
    (repairs,) = figures.ratings_by_team(chosen())
    assert (repairs.team, repairs.count, repairs.average) == ("Repairs", 2, 4.0)


def test_the_chat_records_its_first_answer_and_whether_it_was_offered(settings: Any) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_OPENING_HOURS = None
    unanswered = factories.started()
    assert not LiveConversation.objects.get(pk=unanswered.pk).offered
    factories.online_agent("bob")
    answered = factories.started()
    live = LiveConversation.objects.get(pk=answered.pk)
    assert live.offered and live.answered_at == live.assigned_at is not None


def test_a_transfer_keeps_the_first_answer(settings: Any) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.CHAT_OPENING_HOURS = None
    alice = factories.online_agent("alice")
    started = factories.started()
    answered_at = LiveConversation.objects.get(pk=started.pk).answered_at
    bob = factories.online_agent("bob")
    moved = transfer.do_transfer(alice, started, transfer.Handover(to_agent_id=bob.pk))
    assert moved.live.assigned_agent == bob and moved.live.assigned_at != answered_at
    assert LiveConversation.objects.get(pk=started.pk).answered_at == answered_at


def test_concurrency_counts_a_long_chat_answered_hours_before() -> None:
    """The look-back reaches the period's longest open chat: one answered three hours before
    A and still open counts at A's and B's answers."""
    seeded = seed()
    factories.conversation(
        assigned_agent=seeded.alice,
        offered=True,
        answered_at=START - timedelta(hours=3),
        created_at=START - timedelta(hours=3, seconds=10),
        closed_at=START + timedelta(hours=1),
    )
    (load,) = figures.concurrency(chosen())
    # Its own answer (1), A's (2) and B's (3).
    assert (load.chats, load.average, load.peak) == (3, 2.0, 3)
