"""Seed the editable application types and the holidays (shuiwu.service.defaults)."""

from django.db import migrations


def seed(apps, schema_editor):
    from shuiwu.service.defaults import seed as seed_defaults

    seed_defaults(apps.get_model("service", "ApplicationType"), apps.get_model("service", "Holiday"))


class Migration(migrations.Migration):
    dependencies = [("service", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
