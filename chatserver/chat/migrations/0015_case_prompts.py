from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chat", "0014_welsh_choice"),
    ]

    operations = [
        migrations.AddField(
            model_name="liveconversation",
            name="case_prompts",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
