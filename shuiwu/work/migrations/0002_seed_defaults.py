"""Seed the editable defaults: SLA policies and the material catalogue (shuiwu.work.defaults)."""

from django.db import migrations


def seed(apps, schema_editor):
    from shuiwu.work.defaults import seed as seed_defaults

    seed_defaults(apps.get_model("work", "SLAPolicy"), apps.get_model("work", "MaterialItem"))


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
