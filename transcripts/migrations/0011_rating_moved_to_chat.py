"""The rating is the chat's now (``chat`` 0006 copied the rows): drop the record's table."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("transcripts", "0010_conversation_origin"),
        ("chat", "0006_rating"),
    ]

    operations = [
        migrations.DeleteModel(name="Rating"),
    ]
