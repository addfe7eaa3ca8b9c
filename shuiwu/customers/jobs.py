"""Background jobs of billing (Celery; in-process without a broker)."""

from celery import shared_task
from django.utils import timezone

from shuiwu.customers import services


@shared_task(name="customers.bill")
def bill(run_id: int) -> dict:
    run = services.execute_billing_run(run_id)
    return {"run": run.pk, "status": run.status, "bills": run.bills}


@shared_task(name="customers.tick")
def tick() -> dict:
    """Daily: use-type changes whose month has come."""
    return {"use_types_changed": services.apply_pending_use_types(timezone.localdate())}
