"""The routing state lives on the chat's live row; the record's erasure and ageing reach it
through the ``erasing`` signal."""

from datetime import timedelta

import pytest
from django.utils import timezone

from chatserver.chat.actions import conversations
from chatserver.chat.models import LiveConversation
from transcripts.compliance import retention
from transcripts.record import store
from transcripts.record.models import Conversation

pytestmark = pytest.mark.django_db
Status = LiveConversation.Status


def left_message(*, status: str) -> Conversation:
    """A conversation with a line, waiting for a reply, flagged, quiet for 200 days."""
    conversation = store.create_conversation(details={"name": "Pat"})
    store.append_message(conversation.pk, sender="visitor", text="Please call me back")
    LiveConversation.objects.filter(pk=conversation.pk).update(
        status=status,
        waiting_since=timezone.now(),
        awaiting_reply=True,
        emergency="gas",
        emergency_categories=["gas"],
    )
    moment = timezone.now() - timedelta(days=200)
    Conversation.objects.filter(pk=conversation.pk).update(
        last_activity_at=moment, closed_at=moment if status == Status.CLOSED else None
    )
    return conversation


def test_ageing_a_message_left_stops_it_waiting_for_a_reply() -> None:
    aged = left_message(status=Status.CLOSED)
    assert retention.run().aged == 1
    live = LiveConversation.objects.get(pk=aged.pk)
    assert (live.status, live.awaiting_reply, live.emergency) == (Status.CLOSED, False, "gas")


def test_erasure_closes_the_live_state() -> None:
    erased = left_message(status=Status.WAITING)
    store.shred_conversation(erased.pk)
    live = LiveConversation.objects.get(pk=erased.pk)
    assert (live.status, live.waiting_since, live.awaiting_reply) == (Status.CLOSED, None, False)
    assert (live.emergency, live.emergency_categories) == ("", [])


def test_a_record_made_outside_the_chat_is_not_live() -> None:
    assert not store.create_conversation().live.is_open


def test_a_started_chat_is_queued_from_its_first_moment(settings) -> None:
    settings.CHAT_OPENING_HOURS = ""  # never open: the visitor may leave a message
    started = conversations.do_start_conversation(
        session_hash="b" * 64, details=None, diagnostics=None
    )
    assert (started.live.status, started.live.waiting_since) == (
        Status.OFFLINE,
        started.created_at,
    )
