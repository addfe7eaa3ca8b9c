"""Factories of the lab's tests: points, samples with results, approved in one step."""

from datetime import datetime

from django.utils import timezone

from shuiwu.quality import services
from shuiwu.quality.models import SamplingPoint


def point(company, code="P1", kind="plant_outlet", **fields) -> SamplingPoint:
    fields.setdefault("name", f"测试点{code}")
    return SamplingPoint.objects.create(company=company, code=code, kind=kind, **fields)


def at(y, m, d, h=9) -> datetime:
    return timezone.make_aware(datetime(y, m, d, h))


def sample(point, entries: dict, *, user=None, reviewer=None, when=None, task=None, approve=True):
    """A sample at ``point`` with ``entries`` {code: text}; entered and (by ``reviewer``) approved."""
    s = services.take_sample(
        user=user, point=point if task is None else None, task=task, sampled_at=when or timezone.now(),
        parameter_codes=list(entries),
    )  # fmt: skip
    services.enter_results(s, entries, user=user, submit=True)
    if approve:
        s.refresh_from_db()
        services.approve(s, user=reviewer)
    s.refresh_from_db()
    return s
