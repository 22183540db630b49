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
