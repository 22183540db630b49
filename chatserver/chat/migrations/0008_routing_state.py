"""The routing state (status, waiting, assignment, who handled it, a message left) gets
columns in the chat's live state; ``chat`` 0009 copies it from the record, in its own
transaction (PostgreSQL alters no table with pending trigger events), and ``transcripts``
0013 then drops it there.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0007_live_conversation"),
        ("transcripts", "0012_live_state_moved_to_chat"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="liveconversation",
            name="assigned_agent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="chat_conversations",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="liveconversation",
            name="assigned_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="liveconversation",
            name="awaiting_reply",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="liveconversation",
            name="handled_by",
            field=models.ManyToManyField(
                blank=True, related_name="handled_conversations", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="liveconversation",
            name="status",
            field=models.CharField(
                choices=[
                    ("waiting", "Waiting"),
                    ("offline", "Offline"),
                    ("active", "Active"),
                    ("closed", "Closed"),
                ],
                db_index=True,
                default="closed",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="liveconversation",
            name="waiting_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="liveconversation",
            index=models.Index(
                fields=["status", "waiting_since"], name="chat_liveco_status_d75401_idx"
            ),
        ),
    ]
