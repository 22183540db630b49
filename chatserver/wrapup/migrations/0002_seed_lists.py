"""The lists a landlord starts with (supervisors change them in the admin) and the policy
row, wrap-up optional until a supervisor makes it required."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

REASONS = [
    ("repair", "Repair"),
    ("rent-arrears", "Rent or arrears"),
    ("anti-social-behaviour", "Anti-social behaviour"),
    ("lettings", "Lettings"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]
OUTCOMES = [
    ("resolved-in-chat", "Resolved in chat"),
    ("repair-raised", "Repair raised"),
    ("callback-arranged", "Callback arranged"),
    ("signposted", "Signposted"),
    ("complaint-recorded", "Complaint recorded"),
]
TAGS = [
    ("follow-up-needed", "Follow-up needed"),
    ("escalated", "Escalated to a manager"),
    ("repeat-contact", "Repeat contact"),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for model, rows in (("ContactReason", REASONS), ("Outcome", OUTCOMES), ("Tag", TAGS)):
        model_class = apps.get_model("wrapup", model)
        for position, (slug, label) in enumerate(rows):
            model_class.objects.get_or_create(
                slug=slug, defaults={"label": label, "position": position}
            )
    apps.get_model("wrapup", "WrapUpPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("wrapup", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
