"""Helpers for the people tests."""

from datetime import date
from decimal import Decimal
from itertools import count

from shuiwu.org.choices import Role
from shuiwu.org.tests.factories import StaffFactory
from shuiwu.people.choices import ActivityKind, TrainingCategory
from shuiwu.people.models import Activity, Training

_n = count(1)


def person(company, **fields):
    return StaffFactory(company=company, role=fields.pop("role", Role.CREW_MEMBER), **fields)


def training(company, hours="8", category=TrainingCategory.SAFETY, start=date(2026, 5, 6), end=None) -> Training:
    n = next(_n)
    return Training.objects.create(
        company=company,
        topic=f"培训{n}",
        category=category,
        organiser="安全应急部",
        start_on=start,
        end_on=end or start,
        hours=Decimal(hours),
    )


def activity(company, kind=ActivityKind.CONTEST, start=date(2026, 5, 20)) -> Activity:
    n = next(_n)
    return Activity.objects.create(company=company, title=f"活动{n}", kind=kind, start_on=start)
