"""The chat's data moving out of the record's tables keeps every value, both ways."""

import importlib
from datetime import UTC, datetime

import pytest
from django.apps.registry import Apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("chat", "0005_agent_socket_session"), ("transcripts", "0010_conversation_origin")]
AFTER = [("chat", "0006_rating"), ("transcripts", "0011_rating_moved_to_chat")]
RATED_AT = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets: list[tuple[str, str]]) -> Apps:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def restore_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def rate(apps: Apps, count: int) -> dict[str, tuple[int, int | None, datetime]]:
    """Rated conversations made with the historical models, by conversation id."""
    user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    conversation_model = apps.get_model("transcripts", "Conversation")
    rating_model = apps.get_model("transcripts", "Rating")
    alice = user_model.objects.create(username="alice")
    made = {}
    for number in range(count):
        conversation = conversation_model.objects.create(status="closed")
        agent_id = alice.pk if number % 2 else None
        rating_model.objects.create(
            conversation=conversation, score=number % 5 + 1, agent_id=agent_id, rated_at=RATED_AT
        )
        made[str(conversation.pk)] = (number % 5 + 1, agent_id, RATED_AT)
    return made


def ratings(apps: Apps, app_label: str) -> dict[str, tuple[int, int | None, datetime]]:
    return {
        str(row.conversation_id): (row.score, row.agent_id, row.rated_at)
        for row in apps.get_model(app_label, "Rating").objects.all()
    }


def test_ratings_move_to_the_chat_in_batches_and_back(restore_latest, monkeypatch) -> None:
    moving = importlib.import_module("chatserver.chat.migrations.0006_rating")
    monkeypatch.setattr(moving, "BATCH", 2)
    made = rate(migrate(BEFORE), 5)

    after = migrate(AFTER)
    assert ratings(after, "chat") == made
    with pytest.raises(LookupError):
        after.get_model("transcripts", "Rating")

    assert ratings(migrate(BEFORE), "transcripts") == made
