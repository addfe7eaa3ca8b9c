"""Background jobs of telemetry (Celery; in-process without a broker)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from shuiwu.core import rules
from shuiwu.telemetry import alarms, store


@shared_task(name="telemetry.check")
def check() -> dict:
    """Stale sensors (run every few minutes) and, after the night hours, last night's minimum night flows."""
    raised, _ = alarms.check_stale()
    result = {"stale_raised": raised}
    now = timezone.localtime()
    if now.hour >= rules.value("telemetry.night_flow_hours")[1]:
        result["night_flow_raised"], result["night_flow_cleared"] = alarms.check_night_flow(now.date())
    return result


@shared_task(name="telemetry.prune")
def prune() -> dict:
    """Delete raw readings past the retention period (run daily); rollups stay."""
    cutoff = timezone.now() - timedelta(days=rules.value("telemetry.raw_retention_days"))
    return {"deleted": store.delete_before(cutoff), "before": cutoff.isoformat()}
