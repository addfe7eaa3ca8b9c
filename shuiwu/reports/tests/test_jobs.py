"""The scheduled job: last month's and the last half-year's reports, for the group and each company, once."""

from datetime import date

import pytest

from shuiwu.reports import jobs, services
from shuiwu.reports.models import Report

pytestmark = pytest.mark.django_db


def test_it_produces_the_due_reports_once(companies, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    made = services.produce_due(date(2026, 7, 3))
    # group + 5 companies, monthly (June) and half-year (H1)
    assert len(made) == 12
    kinds = set(Report.objects.values_list("kind", "start", "end"))
    assert kinds == {
        ("monthly", date(2026, 6, 1), date(2026, 6, 30)),
        ("half_year", date(2026, 1, 1), date(2026, 6, 30)),
    }
    assert all(r.xlsx and r.pdf for r in Report.objects.all())
    assert services.produce_due(date(2026, 7, 4)) == []


def test_the_celery_task_runs(companies, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert jobs.produce_due.delay().get()["reports"] >= 12


def test_the_periods():
    assert services.last_half_year(date(2026, 3, 1)) == (date(2025, 7, 1), date(2025, 12, 31))
    assert services.last_month(date(2026, 1, 15)) == (date(2025, 12, 1), date(2025, 12, 31))
    assert services.parse_period("2026-02") == (date(2026, 2, 1), date(2026, 2, 28))
    assert services.compare_period(date(2024, 2, 1), date(2024, 2, 29)) == (date(2023, 2, 1), date(2023, 2, 28))
    with pytest.raises(ValueError):
        services.parse_period("2026-13")
