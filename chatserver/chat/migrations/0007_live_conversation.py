"""The chat's live state of each conversation gets a table of its own (``LiveConversation``),
starting with the emergency flags (``transcripts`` 0006) and the visitor's language
(``transcripts`` 0009), copied in batches from the record;
``transcripts`` 0012 then drops them there. Reversible: going back copies them again.
"""

import django.db.models.deletion

import chatserver.chat.models
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from chatserver.chat.migrations._batches import batches

MOVED = ("emergency", "emergency_at", "emergency_categories", "language")


def copy_to_chat(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    conversation_model = apps.get_model("transcripts", "Conversation")
    live_model = apps.get_model("chat", "LiveConversation")
    using = schema_editor.connection.alias
    for batch in batches(conversation_model, using):
        live_model._default_manager.using(using).bulk_create(
            live_model(
                conversation_id=conversation.pk,
                **{field: getattr(conversation, field) for field in MOVED},
            )
            for conversation in batch
        )


def copy_to_record(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    conversation_model = apps.get_model("transcripts", "Conversation")
    live_model = apps.get_model("chat", "LiveConversation")
    using = schema_editor.connection.alias
    for batch in batches(live_model, using):
        conversation_model._default_manager.using(using).bulk_update(
            [
                conversation_model(
                    pk=live.conversation_id, **{field: getattr(live, field) for field in MOVED}
                )
                for live in batch
            ],
            MOVED,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0006_rating"),
        ("transcripts", "0011_rating_moved_to_chat"),
    ]

    operations = [
        migrations.CreateModel(
            name="LiveConversation",
            fields=[
                (
                    "conversation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="live",
                        serialize=False,
                        to="transcripts.conversation",
                    ),
                ),
                ("emergency", models.CharField(blank=True, max_length=30)),
                ("emergency_at", models.DateTimeField(blank=True, null=True)),
                ("emergency_categories", models.JSONField(blank=True, default=list)),
                (
                    "language",
                    models.CharField(
                        default=chatserver.chat.models.default_language, max_length=10
                    ),
                ),
            ],
            options={"verbose_name": "live state", "verbose_name_plural": "live states"},
        ),
        migrations.RunPython(copy_to_chat, copy_to_record, elidable=False),
    ]
