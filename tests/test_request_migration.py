"""The migration to requests of five kinds with their conversations keeps every request,
both ways (run on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from datetime import date

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("transcripts", "0015_request_conversations")]
AFTER = [("transcripts", "0016_subject_request_kinds_scope_withholding")]

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets: list[tuple[str, str]]) -> Apps:
    MigrationExecutor(connection).migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def restore_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_requests_survive_the_migration_and_take_the_new_kinds(restore_latest) -> None:
    old = migrate(BEFORE)
    made = old.get_model("transcripts", "SubjectRequest").objects.create(
        kind="access", received_on=date(2026, 1, 31), deadline=date(2026, 3, 2), email_index="ab"
    )
    new = migrate(AFTER)
    requests = new.get_model("transcripts", "SubjectRequest")
    kept = requests.objects.get(pk=made.pk)
    assert (kept.kind, kept.email_index, kept.extension, kept.outcome) == ("access", "ab", "", "")
    assert kept.in_scope.count() == 0
    conversation = new.get_model("transcripts", "Conversation").objects.create()
    rectification = requests.objects.create(
        kind="rectification", received_on=date(2026, 2, 1), deadline=date(2026, 3, 2)
    )
    rectification.in_scope.add(conversation)
    new.get_model("transcripts", "Withholding").objects.create(
        request=kept, conversation=conversation, part="line", seq=1, reason="third_party"
    )
    rectification.delete()
    back = migrate(BEFORE)
    assert back.get_model("transcripts", "SubjectRequest").objects.get(pk=made.pk).kind == "access"
