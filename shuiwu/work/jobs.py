"""Background jobs of the repair centre (Celery; in-process without a broker)."""

from celery import shared_task

from shuiwu.work import services


@shared_task(name="work.tick")
def tick() -> dict:
    """Every few minutes: scheduled outages whose start has come become active."""
    return {"outages_activated": services.activate_due_outages()}
