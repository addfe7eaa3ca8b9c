"""The analytics app's scheduled jobs: the live leak detector (hourly) and the pipe-risk ranking (nightly)."""

from celery import shared_task

from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company


@shared_task(name="analytics.detect_leaks")
def detect_leaks() -> int:
    from shuiwu.analytics import live

    return sum(len(live.run(company)) for company in Company.objects.filter(kind=CompanyKind.SUPPLY))


@shared_task(name="analytics.rank_pipes")
def rank_pipes() -> int:
    from shuiwu.analytics import services

    return sum(services.compute_pipe_risk(company) for company in Company.objects.filter(kind=CompanyKind.SUPPLY))
