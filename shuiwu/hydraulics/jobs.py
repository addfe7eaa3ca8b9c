"""Background jobs of hydraulics (Celery; in-process without a broker, as in the demo)."""

from celery import shared_task

from shuiwu.hydraulics import services


@shared_task(name="hydraulics.simulate")
def simulate(run_id: int) -> dict:
    run = services.execute(run_id)
    return {"run": run.pk, "status": run.status}


@shared_task(name="hydraulics.criticality")
def criticality(run_id: int) -> dict:
    run = services.execute_criticality(run_id)
    return {"run": run.pk, "status": run.status}
