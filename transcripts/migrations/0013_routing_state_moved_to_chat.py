"""The routing state is the chat's live state now (``chat`` 0009 copied it).

``status`` gets a default before it goes, so that going back can add the column again
to a table that has rows (``chat`` 0009 then copies the values back).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0012_live_state_moved_to_chat"),
        ("chat", "0009_routing_state_copied"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="conversation", name="transcripts_status_2d2abc_idx"),
        migrations.RemoveField(model_name="conversation", name="assigned_agent"),
        migrations.RemoveField(model_name="conversation", name="assigned_at"),
        migrations.RemoveField(model_name="conversation", name="awaiting_reply"),
        migrations.RemoveField(model_name="conversation", name="handled_by"),
        migrations.AlterField(
            model_name="conversation",
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
        migrations.RemoveField(model_name="conversation", name="status"),
        migrations.RemoveField(model_name="conversation", name="waiting_since"),
    ]
