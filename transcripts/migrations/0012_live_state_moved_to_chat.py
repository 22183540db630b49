"""The emergency flags and the visitor's language are the chat's live state now
(``chat`` 0007 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0011_rating_moved_to_chat"),
        ("chat", "0007_live_conversation"),
    ]

    operations = [
        migrations.RemoveField(model_name="conversation", name="emergency"),
        migrations.RemoveField(model_name="conversation", name="emergency_at"),
        migrations.RemoveField(model_name="conversation", name="emergency_categories"),
        migrations.RemoveField(model_name="conversation", name="language"),
    ]
