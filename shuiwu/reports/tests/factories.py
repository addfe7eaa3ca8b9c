"""Hand-counted records for the reports tests: completed repairs and done rounds at known days."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from shuiwu.inspections.choices import PlanType, RoundStatus
from shuiwu.inspections.models import Round
from shuiwu.inspections.tests.factories import plan
from shuiwu.work.choices import State
from shuiwu.work.models import WorkOrder
from shuiwu.work.tests.factories import order


def at(y, m, d, hour=10):
    return timezone.make_aware(datetime(y, m, d, hour))


def repair(user, company, done_at, crew_size=2):
    """A work order of ``company`` completed at ``done_at`` by ``crew_size`` people."""
    wo = order(user, company=company)
    WorkOrder.objects.filter(pk=wo.pk).update(state=State.COMPLETED, completed_at=done_at, crew_size=crew_size)
    return wo


def rounds(company, plan_type, days, *, crew_size=2, km="0", dredged=None, status=RoundStatus.DONE):
    """One round of a plan of ``plan_type`` on each day of ``days`` (datetimes)."""
    p = plan(company, plan_type, code=f"PL-{company.code}-{plan_type}")
    made = []
    for day in days:
        made.append(
            Round.objects.create(
                company=company,
                plan=p,
                team=p.team,
                scheduled_for=day,
                due_by=day,
                status=status,
                crew_size=crew_size,
                covered_km=Decimal(km),
                dredged_km=None if dredged is None else Decimal(dredged),
            )
        )
    return made


PATROL = PlanType.NETWORK_PATROL
