"""Plans generate tasks with their frequencies; missed tasks are flagged; a late sample is marked late."""

from datetime import date

import pytest

from shuiwu.quality import services
from shuiwu.quality.choices import TaskStatus
from shuiwu.quality.models import Plan, SampleTask, SamplingPoint
from shuiwu.quality.tests.factories import at, point

pytestmark = pytest.mark.django_db


def only(code):
    Plan.objects.exclude(code=code).update(active=False)


def test_daily_plan_makes_one_task_a_day(outlet):
    only("finished-daily")
    made = services.generate_tasks(date(2026, 3, 1), date(2026, 3, 10))
    assert made == 10
    assert services.generate_tasks(date(2026, 3, 1), date(2026, 3, 10)) == 0


def test_twice_a_month_for_network_points(network_end):
    only("network-7")
    services.generate_tasks(date(2026, 2, 1), date(2026, 2, 28))
    dues = list(SampleTask.objects.order_by("due").values_list("window_start", "due"))
    assert dues == [(date(2026, 2, 1), date(2026, 2, 14)), (date(2026, 2, 15), date(2026, 2, 28))]


def test_every_six_months(outlet):
    only("finished-extended")
    services.generate_tasks(date(2026, 1, 1), date(2026, 12, 31))
    assert list(SampleTask.objects.order_by("due").values_list("due", flat=True)) == [
        date(2026, 6, 30),
        date(2026, 12, 31),
    ]


def test_plans_only_apply_to_their_kinds(companies):
    point(companies["PROD"], "RAW-1", "raw")
    only("finished-daily")
    assert services.generate_tasks(date(2026, 3, 1), date(2026, 3, 3)) == 0


def test_missed_and_late(outlet, technician):
    only("finished-daily")
    services.generate_tasks(date(2026, 3, 1), date(2026, 3, 3))
    assert services.flag_missed(date(2026, 3, 3)) == 2
    task = SampleTask.objects.get(due=date(2026, 3, 1))
    assert task.status == TaskStatus.MISSED
    services.take_sample(user=technician, task=task, sampled_at=at(2026, 3, 2))
    task.refresh_from_db()
    assert task.status == TaskStatus.TAKEN and task.late
    assert SamplingPoint.objects.count() == 1
