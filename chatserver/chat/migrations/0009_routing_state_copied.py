"""Copies the routing state from the record to the chat's live state, in batches.
Reversible: going back copies it again (before ``chat`` 0008 drops the columns).
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Model

from chatserver.chat.migrations._batches import batches

MOVED = ("status", "waiting_since", "assigned_at", "assigned_agent_id", "awaiting_reply")


def _handlers(model: type[Model]) -> type[Model]:
    """The table linking a model's conversations to the agents who handled them."""
    return model._meta.get_field("handled_by").remote_field.through


def copy_to_chat(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    conversation_model = apps.get_model("transcripts", "Conversation")
    live_model = apps.get_model("chat", "LiveConversation")
    old_handlers, new_handlers = _handlers(conversation_model), _handlers(live_model)
    using = schema_editor.connection.alias
    for batch in batches(conversation_model, using):
        live_model._default_manager.using(using).bulk_create(
            [
                live_model(
                    conversation_id=conversation.pk,
                    **{field: getattr(conversation, field) for field in MOVED},
                )
                for conversation in batch
            ],
            update_conflicts=True,
            unique_fields=["conversation"],
            update_fields=[field.removesuffix("_id") for field in MOVED],
        )
        new_handlers._default_manager.using(using).bulk_create(
            new_handlers(liveconversation_id=row.conversation_id, user_id=row.user_id)
            for row in old_handlers._default_manager.using(using).filter(
                conversation_id__in=[conversation.pk for conversation in batch]
            )
        )


def copy_to_record(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    conversation_model = apps.get_model("transcripts", "Conversation")
    live_model = apps.get_model("chat", "LiveConversation")
    old_handlers, new_handlers = _handlers(conversation_model), _handlers(live_model)
    using = schema_editor.connection.alias
    for batch in batches(live_model, using):
        conversation_model._default_manager.using(using).bulk_update(
            [
                conversation_model(
                    pk=live.conversation_id, **{field: getattr(live, field) for field in MOVED}
                )
                for live in batch
            ],
            [field.removesuffix("_id") for field in MOVED],
        )
        old_handlers._default_manager.using(using).bulk_create(
            old_handlers(conversation_id=row.liveconversation_id, user_id=row.user_id)
            for row in new_handlers._default_manager.using(using).filter(
                liveconversation_id__in=[live.pk for live in batch]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0008_routing_state"),
        ("transcripts", "0012_live_state_moved_to_chat"),
    ]

    operations = [migrations.RunPython(copy_to_chat, copy_to_record, elidable=False)]
