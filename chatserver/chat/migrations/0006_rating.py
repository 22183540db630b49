"""The visitor's rating moves from the record (``transcripts.Rating``) to the chat.

The rows are copied in batches; ``transcripts`` 0011 then drops its table. Reversible:
going back copies them into the record's table again.
"""

import django.db.models.deletion
import django.utils.timezone
from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from chatserver.chat.migrations._batches import batches


def _copy(apps: Apps, schema_editor: BaseDatabaseSchemaEditor, source: str, target: str) -> None:
    source_model = apps.get_model(source, "Rating")
    target_model = apps.get_model(target, "Rating")
    using = schema_editor.connection.alias
    for batch in batches(source_model, using):
        target_model._default_manager.using(using).bulk_create(
            target_model(
                conversation_id=row.conversation_id,
                score=row.score,
                agent_id=row.agent_id,
                rated_at=row.rated_at,
            )
            for row in batch
        )


def copy_to_chat(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _copy(apps, schema_editor, "transcripts", "chat")


def copy_to_record(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _copy(apps, schema_editor, "chat", "transcripts")


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0005_agent_socket_session"),
        ("transcripts", "0010_conversation_origin"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Rating",
            fields=[
                (
                    "conversation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="rating",
                        serialize=False,
                        to="transcripts.conversation",
                    ),
                ),
                ("score", models.PositiveSmallIntegerField()),
                (
                    "rated_at",
                    models.DateTimeField(db_index=True, default=django.utils.timezone.now),
                ),
                (
                    "agent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.RunPython(copy_to_chat, copy_to_record, elidable=False),
    ]
