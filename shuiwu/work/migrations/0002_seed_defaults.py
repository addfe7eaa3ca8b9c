"""Seed the editable defaults: SLA policies and the material catalogue (shuiwu.work.defaults)."""

from django.db import migrations


def seed(apps, schema_editor):
    from shuiwu.work.defaults import MATERIALS, SLA_POLICIES

    SLAPolicy = apps.get_model("work", "SLAPolicy")
    MaterialItem = apps.get_model("work", "MaterialItem")
    if not SLAPolicy.objects.exists():
        SLAPolicy.objects.bulk_create([
            SLAPolicy(category=c, priority=p, min_diameter=lo, max_diameter=hi, arrive_minutes=a,
                      night_arrive_minutes=na, secure_minutes=s, complete_minutes=d, local_policy=local,
                      source=source)
            for c, p, lo, hi, a, na, s, d, local, source in SLA_POLICIES
        ])
    if not MaterialItem.objects.exists():
        MaterialItem.objects.bulk_create([MaterialItem(code=c, name=n, unit=u) for c, n, u in MATERIALS])


class Migration(migrations.Migration):
    dependencies = [("work", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
