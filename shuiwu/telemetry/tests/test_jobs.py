"""The periodic jobs run in-process without a broker and are on the beat schedule."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from shuiwu.telemetry import jobs
from shuiwu.telemetry.models import Alarm, Reading
from shuiwu.telemetry.tests.factories import records, sensor

pytestmark = pytest.mark.django_db


def test_the_jobs_are_scheduled():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"telemetry.check", "telemetry.prune", "work.tick", "inspections.schedule"} <= tasks


def test_check_raises_stale_alarms_and_prune_keeps_recent_readings(companies):
    sensor(companies["SUPPLY"])
    old = timezone.now() - timedelta(days=500)
    from shuiwu.telemetry import ingest

    ingest.ingest(records("P-1", [0.3], start=old) + records("P-1", [0.3], start=timezone.now() - timedelta(hours=3)))
    assert jobs.check()["stale_raised"] == 1
    assert Alarm.objects.filter(rule__kind="stale", cleared_at__isnull=True).count() == 1
    assert jobs.prune()["deleted"] == 1
    assert Reading.objects.count() == 1
