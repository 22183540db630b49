"""The chat's data moving out of the record's tables keeps every value, both ways."""

from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps.registry import Apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chatserver.chat.migrations import _batches

BEFORE = [("chat", "0005_agent_socket_session"), ("transcripts", "0010_conversation_origin")]
AFTER = [("chat", "0007_live_conversation"), ("transcripts", "0012_live_state_moved_to_chat")]
AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
LIVE_FIELDS = ("emergency", "emergency_at", "emergency_categories", "language")

pytestmark = pytest.mark.django_db(transaction=True)

Values = dict[str, tuple[Any, ...]]


def migrate(targets: list[tuple[str, str]]) -> Apps:
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def restore_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def populate(apps: Apps, count: int) -> tuple[Values, Values]:
    """Conversations, every other one flagged and rated, made with the historical models:
    their live values and their ratings, by conversation id."""
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    conversation_model = apps.get_model("transcripts", "Conversation")
    rating_model = apps.get_model("transcripts", "Rating")
    alice = user_model.objects.create(username="alice")
    live, rated = {}, {}
    for number in range(count):
        flagged = number % 2 == 1
        conversation = conversation_model.objects.create(
            status="closed",
            emergency="gas" if flagged else "",
            emergency_at=AT if flagged else None,
            emergency_categories=["gas", "fire"] if flagged else [],
            language="cy" if number % 3 == 0 else "en-gb",
        )
        key = str(conversation.pk)
        live[key] = tuple(getattr(conversation, field) for field in LIVE_FIELDS)
        if flagged:
            rating_model.objects.create(
                conversation=conversation, score=number % 5 + 1, agent=alice, rated_at=AT
            )
            rated[key] = (number % 5 + 1, alice.pk, AT)
    return live, rated


def live_values(apps: Apps, app_label: str, model_name: str) -> Values:
    return {
        str(row.pk): tuple(getattr(row, field) for field in LIVE_FIELDS)
        for row in apps.get_model(app_label, model_name).objects.all()
    }


def ratings(apps: Apps, app_label: str) -> Values:
    return {
        str(row.conversation_id): (row.score, row.agent_id, row.rated_at)
        for row in apps.get_model(app_label, "Rating").objects.all()
    }


def test_live_state_and_ratings_move_to_the_chat_in_batches_and_back(
    restore_latest, monkeypatch
) -> None:
    monkeypatch.setattr(_batches, "BATCH", 2)
    live, rated = populate(migrate(BEFORE), 7)

    after = migrate(AFTER)
    assert live_values(after, "chat", "LiveConversation") == live
    assert ratings(after, "chat") == rated
    with pytest.raises(LookupError):
        after.get_model("transcripts", "Rating")
    recorded = {field.name for field in after.get_model("transcripts", "Conversation")._meta.fields}
    assert recorded.isdisjoint(LIVE_FIELDS)

    before = migrate(BEFORE)
    assert live_values(before, "transcripts", "Conversation") == live
    assert ratings(before, "transcripts") == rated


ROUTING_BEFORE = [
    ("chat", "0007_live_conversation"),
    ("transcripts", "0012_live_state_moved_to_chat"),
]
ROUTING_AFTER = [
    ("chat", "0009_routing_state_copied"),
    ("transcripts", "0013_routing_state_moved_to_chat"),
]
ROUTING_FIELDS = ("status", "waiting_since", "assigned_at", "assigned_agent_id", "awaiting_reply")
STATUSES = ("waiting", "offline", "active", "closed")


def populate_routing(apps: Apps, count: int) -> Values:
    """Conversations in every status, some assigned and handled by two agents, one of them
    without a live row (made before the chat had one): their routing values by id."""
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    conversation_model = apps.get_model("transcripts", "Conversation")
    alice = user_model.objects.create(username="alice")
    bob = user_model.objects.create(username="bob")
    routing = {}
    for number in range(count):
        assigned = number % 2 == 0
        conversation = conversation_model.objects.create(
            status=STATUSES[number % 4],
            waiting_since=None if assigned else AT,
            assigned_at=AT if assigned else None,
            assigned_agent=alice if assigned else None,
            awaiting_reply=number % 3 == 0,
        )
        handlers = [alice, bob] if assigned else []
        conversation.handled_by.set(handlers)
        values = tuple(getattr(conversation, field) for field in ROUTING_FIELDS)
        routing[str(conversation.pk)] = (*values, sorted(user.pk for user in handlers))
    apps.get_model("chat", "LiveConversation").objects.filter(
        conversation_id=next(iter(routing))
    ).delete()
    return routing


def routing_values(apps: Apps, app_label: str, model_name: str) -> Values:
    return {
        str(row.pk): (
            *(getattr(row, field) for field in ROUTING_FIELDS),
            sorted(row.handled_by.values_list("pk", flat=True)),
        )
        for row in apps.get_model(app_label, model_name).objects.all()
    }


def test_routing_state_moves_to_the_chat_in_batches_and_back(restore_latest, monkeypatch) -> None:
    monkeypatch.setattr(_batches, "BATCH", 2)
    before = migrate(ROUTING_BEFORE)
    for model in before.get_models():
        if model._meta.app_label in ("chat", "transcripts"):
            model.objects.all().delete()
    routing = populate_routing(before, 9)

    after = migrate(ROUTING_AFTER)
    assert routing_values(after, "chat", "LiveConversation") == routing
    recorded = {field.name for field in after.get_model("transcripts", "Conversation")._meta.fields}
    assert recorded.isdisjoint({"status", "waiting_since", "assigned_at", "assigned_agent"})

    back = migrate(ROUTING_BEFORE)
    assert routing_values(back, "transcripts", "Conversation") == routing
