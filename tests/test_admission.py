"""Conversation bounds and the queue order by address, on the store (audit F-05)."""

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from chatserver.chat import admission, state
from chatserver.chat.actions import conversations
from chatserver.chat.errors import RateLimited
from chatserver.chat.models import LiveConversation
from tests.production import production_env, run
from transcripts.record import crypto, store
from transcripts.record.models import Conversation, ConversationOrigin

pytestmark = pytest.mark.django_db


def started(address: str, *, session: str | None = None, emergency: str = "") -> Conversation:
    origin = admission.origin_of(session or uuid.uuid4().hex, address)
    conversation = conversations.do_start_conversation(
        session_hash=origin.session_hash,
        address_index=origin.address_index,
        details=None,
        diagnostics=None,
    )
    if emergency:
        LiveConversation.objects.filter(conversation_id=conversation.pk).update(
            emergency=emergency, emergency_at=timezone.now()
        )
    return conversation


def test_the_address_is_stored_only_as_a_keyed_hash() -> None:
    conversation = started("203.0.113.7")
    origin = ConversationOrigin.objects.get(conversation=conversation)
    assert "203.0.113.7" not in origin.address_index
    assert origin.address_index == crypto.address_index("203.0.113.7")
    assert origin.address_index != crypto.address_index("203.0.113.8")


def test_one_address_heads_the_queue_with_one_emergency_at_a_time(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    fakes = [started("203.0.113.7", emergency="gas") for _ in range(5)]
    ordinary = started("192.0.2.1")
    genuine = started("198.51.100.20", emergency="gas")
    order = [entry["conversation_id"] for entry in state.queue_entries()]
    assert order[:2] == [str(fakes[0].pk), str(genuine.pk)]
    assert order[2:] == [str(c.pk) for c in [*fakes[1:], ordinary]]
    store.shred_conversation(fakes[0].pk)  # taken or gone: the next one moves up
    assert [entry["conversation_id"] for entry in state.queue_entries()][:2] == [
        str(fakes[1].pk),
        str(genuine.pk),
    ]


def test_two_emergencies_per_address_when_configured(settings) -> None:
    settings.CHAT_ROUTING = "manual"
    settings.CHAT_PRIORITY_EMERGENCIES_PER_IP = 2
    fakes = [started("203.0.113.7", emergency="fire") for _ in range(3)]
    genuine = started("198.51.100.20", emergency="gas")
    order = [entry["conversation_id"] for entry in state.queue_entries()]
    assert order == [str(c.pk) for c in (fakes[0], fakes[1], genuine, fakes[2])]


def test_queued_bound_counts_only_what_is_in_the_queue(settings) -> None:
    settings.CHAT_QUEUED_CONVERSATIONS_PER_IP = 2
    first, _second = started("203.0.113.7"), started("203.0.113.7")
    origin = admission.origin_of(uuid.uuid4().hex, "203.0.113.7")
    with pytest.raises(RateLimited):
        admission.check_start(origin)
    conversations.do_end_by_visitor(first)  # no message left: out of the queue
    admission.check_start(origin)


def test_housekeeping_blanks_address_hashes_no_bound_needs() -> None:
    old_closed, old_queued, recent_closed = (started("203.0.113.7") for _ in range(3))
    conversations.do_end_by_visitor(old_closed)
    conversations.do_end_by_visitor(recent_closed)
    ConversationOrigin.objects.filter(conversation__in=[old_closed, old_queued]).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    conversations.do_housekeeping()
    kept = dict(ConversationOrigin.objects.values_list("conversation_id", "address_index"))
    assert kept[old_closed.pk] == ""
    assert kept[old_queued.pk] and kept[recent_closed.pk]


def test_erasure_deletes_the_origin() -> None:
    conversation = started("203.0.113.7")
    store.shred_conversation(conversation.pk)
    assert not ConversationOrigin.objects.filter(conversation=conversation).exists()


@pytest.mark.parametrize(
    "variable",
    [
        "CHAT_CONVERSATIONS_PER_SOCKET_PER_HOUR",
        "CHAT_CONVERSATIONS_PER_SESSION_PER_HOUR",
        "CHAT_CONVERSATIONS_PER_IP_PER_HOUR",
        "CHAT_QUEUED_CONVERSATIONS_PER_SESSION",
        "CHAT_QUEUED_CONVERSATIONS_PER_IP",
        "CHAT_PRIORITY_EMERGENCIES_PER_IP",
        "CHAT_QUEUE_FRAME_MAX",
    ],
)
@pytest.mark.parametrize(
    ("value", "message"), [("0", "must be at least 1"), ("many", "must be a whole number")]
)
def test_a_bad_bound_stops_the_server_with_a_clear_error(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    env = production_env(tmp_path / "prod.sqlite3") | {variable: value}
    result = run(env, "manage.py", "check")
    assert result.returncode == 2
    assert f"{variable} {message}" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_ipv6_64_heads_the_queue_with_one_emergency_at_a_time(settings) -> None:
    """Forty gas leaks from forty addresses of one /64 are one client's emergencies."""
    settings.CHAT_ROUTING = "manual"
    fakes = [started(f"2001:db8:1:2::{number + 1:x}", emergency="gas") for number in range(4)]
    genuine = started("2001:db8:1:3::1", emergency="gas")
    order = [entry["conversation_id"] for entry in state.queue_entries()]
    assert order == [str(c.pk) for c in (fakes[0], genuine, *fakes[1:])]
