"""Background jobs of the inspections (Celery; in-process without a broker)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from shuiwu.inspections import services


@shared_task(name="inspections.schedule")
def schedule(days_ahead: int = 2) -> dict:
    """Create the rounds of the next days and flag the missed ones overdue (run hourly)."""
    today = timezone.localdate()
    made = services.generate_rounds(today, today + timedelta(days=days_ahead))
    return {"rounds_created": made, "rounds_overdue": services.mark_overdue()}
