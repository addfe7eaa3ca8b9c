"""Seed the editable parameters, standards, limits and sampling plans (shuiwu.quality.defaults)."""

from django.db import migrations


def seed(apps, schema_editor):
    from shuiwu.quality.defaults import seed as seed_defaults

    seed_defaults(*(apps.get_model("quality", name) for name in ("Parameter", "Standard", "Limit", "Plan")))


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
