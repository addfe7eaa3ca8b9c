"""Seed the editable checklists (shuiwu.inspections.defaults)."""

from django.db import migrations


def seed(apps, schema_editor):
    from shuiwu.inspections.defaults import seed as seed_checklists

    seed_checklists(apps.get_model("inspections", "Checklist"), apps.get_model("inspections", "ChecklistItem"))


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
