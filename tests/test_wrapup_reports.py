"""Wrap-ups counted on the supervisor's dashboard, and still counted once the transcript
is masked by the retention job, erased at the visitor's request or purged."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.utils.timezone import now as timezone_now

from chatserver.chat.actions import conversations
from chatserver.console import stats
from chatserver.wrapup import choices, defaults
from chatserver.wrapup.models import WrapUp
from tests import factories
from tests.mfa import sign_in
from transcripts.compliance import retention, subject_rights
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lists(settings: Any, tmp_path: Path) -> None:
    settings.CHAT_ROUTING = "auto"
    settings.VAR_DIR = tmp_path
    defaults.seed(lambda name: apps.get_model("wrapup", name))


def closed_with(agent: Any, reason: str, outcome: str) -> Conversation:
    conversation = factories.started()
    store.append_message(conversation.pk, sender="visitor", text="My name is Zelda Keep")
    conversation.refresh_from_db()
    wrap_up = choices.WrapUpRequest(reason, outcome)
    assert conversations.do_close_by_agent(agent, conversation, wrap_up=wrap_up)
    return conversation


def counted(figures: stats.WrapUpCounts) -> tuple[dict[str, int], dict[str, int]]:
    return (
        {label: n for label, n in figures.by_reason if n},
        {label: n for label, n in figures.by_outcome if n},
    )


def test_the_dashboard_counts_chats_by_contact_reason_and_outcome() -> None:
    alice = factories.online_agent("alice")
    closed_with(alice, "repair", "repair-raised")
    closed_with(alice, "repair", "callback-arranged")
    closed_with(alice, "complaint", "complaint-recorded")
    carol = factories.supervisor("carol")
    client = Client()
    sign_in(client, carol)
    response = client.get("/console/dashboard/")
    figures = response.context["wrap_ups"]
    assert counted(figures) == (
        {"Repair": 2, "Complaint": 1},
        {"Repair raised": 1, "Callback arranged": 1, "Complaint recorded": 1},
    )
    assert ("Lettings", 0) in figures.by_reason  # every offered reason is listed
    content = response.content.decode()
    assert 'id="by-reason"' in content and 'id="by-outcome"' in content
    assert "<td>Repair</td><td>2</td>" in content


def test_wrap_ups_are_still_counted_after_masking_erasure_and_purge(settings: Any) -> None:
    alice = factories.online_agent("alice")
    aged = closed_with(alice, "repair", "repair-raised")
    erased = closed_with(alice, "rent-arrears", "signposted")
    purged = closed_with(alice, "complaint", "complaint-recorded")
    later = timezone_now() + timedelta(days=settings.CHAT_RETENTION_DAYS + 1)
    assert retention.run(now=later).aged == 3
    aged.refresh_from_db()
    assert aged.aged_at is not None
    subject_rights.forget_conversations([Conversation.objects.get(pk=erased.pk)])
    assert Conversation.objects.get(pk=erased.pk).erased_at is not None
    settings.CHAT_PURGE_DAYS = 200
    Conversation.objects.filter(pk=purged.pk).update(aged_at=timezone_now() - timedelta(days=300))
    assert retention.run(now=later).purged == 1
    assert not Conversation.objects.filter(pk=purged.pk).exists()

    assert counted(stats.wrap_up_counts()) == (
        {"Repair": 1, "Rent or arrears": 1, "Complaint": 1},
        {"Repair raised": 1, "Signposted": 1, "Complaint recorded": 1},
    )
    assert WrapUp.objects.get(reason__slug="complaint").conversation_id is None
    assert WrapUp.objects.get(reason__slug="repair").conversation_id == aged.pk
