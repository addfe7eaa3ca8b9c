"""Background jobs of the reports (Celery; in-process without a broker)."""

from celery import shared_task

from shuiwu.reports import services


@shared_task(name="reports.produce_due")
def produce_due() -> dict:
    """Daily: last month's and the last half-year's reports, for the group and each company, once each."""
    made = services.produce_due()
    return {"reports": len(made)}
