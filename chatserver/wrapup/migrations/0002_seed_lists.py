"""The lists a landlord starts with (supervisors change them in the admin) and the policy
row, wrap-up optional until a supervisor makes it required."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from chatserver.wrapup import defaults


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    defaults.seed(lambda name: apps.get_model("wrapup", name))


class Migration(migrations.Migration):
    dependencies = [("wrapup", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
