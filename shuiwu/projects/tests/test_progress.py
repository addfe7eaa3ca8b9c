"""Progress and km: each report's effects, and the portfolio's figures computed by hand."""

from datetime import timedelta
from decimal import Decimal

import pytest

from shuiwu.projects import services
from shuiwu.projects.choices import Status
from shuiwu.projects.models import Project
from shuiwu.projects.tests.factories import draw, finish, project, report

pytestmark = pytest.mark.django_db


def test_the_first_report_starts_the_project_and_100_percent_finishes_it(companies):
    proj = project(companies["INSTALL"])
    draw(proj, 200)
    report(proj, 30, days_ago=5, laid_m=50, spent="20000")
    proj.refresh_from_db()
    assert proj.status == Status.IN_PROGRESS
    assert proj.actual_start == services.today() - timedelta(days=5)
    assert proj.progress_percent == Decimal("30.0") and proj.laid_m == 50 and proj.spent == Decimal("20000.00")
    finish(proj)
    proj.refresh_from_db()
    assert proj.status == Status.COMPLETED and proj.actual_end == services.today()
    assert proj.laid_m == pytest.approx(proj.planned_m, abs=0.1)
    assert proj.spent == Decimal("20000.00")  # spend kept when not reported


def test_planned_length_is_the_sum_of_the_new_pipes(companies):
    proj = project(companies["INSTALL"])
    a = draw(proj, 200)
    b = draw(proj, 300, y=50, diameter=300)
    proj.refresh_from_db()
    assert a.asset.length == pytest.approx(200, rel=0.01) and b.asset.length == pytest.approx(300, rel=0.01)
    assert proj.planned_m == pytest.approx(round(a.asset.length + b.asset.length, 1))
    rows = services.diameter_breakdown(proj)
    assert [r["diameter"] for r in rows] == [300, 200]
    assert rows[0]["planned_m"] == pytest.approx(round(b.asset.length, 1)) and rows[0]["laid_m"] == 0


def test_the_portfolio_figures_by_hand(companies):
    # Project A: budget 100,000, 50 % done, 120 m of 400 m laid, 30,000 spent.
    # Project B: budget 300,000, 10 % done, 30 m of 200 m laid, 20,000 spent.
    # Project C: cancelled (left out). Weighted % = (50×1 + 10×3) / 4 = 20.0.
    install = companies["INSTALL"]
    a = project(install, budget="100000")
    draw(a, 400)
    b = project(install, budget="300000")
    draw(b, 200)
    c = project(install, budget="900000")
    services.cancel(c, reason="测试")
    report(a, 50, laid_m=120, spent="30000")
    report(b, 10, laid_m=30, spent="20000")
    figures = services.figures(Project.objects.filter(company=install))
    a.refresh_from_db()
    b.refresh_from_db()
    assert figures["projects"] == 2 and figures["active"] == 2 and figures["late"] == 0
    assert figures["percent_done"] == 20.0 and figures["percent_weighting"] == "budget"
    assert figures["km_laid"] == 0.15
    assert figures["km_planned"] == round((a.planned_m + b.planned_m) / 1000, 2)
    assert figures["budget"] == "400000.00" and figures["spent"] == "50000.00" and figures["spend_percent"] == 12.5
    assert figures["by_type"]["new_main"]["count"] == 2


def test_without_budgets_the_percent_is_the_plain_mean(companies):
    install = companies["INSTALL"]
    report(project(install, budget="0"), 40)
    report(project(install, budget="0"), 70)
    assert services.figures(Project.objects.all())["percent_done"] == 55.0


def test_a_summary_as_of_a_past_day_uses_the_reports_up_to_that_day(companies):
    install = companies["INSTALL"]
    proj = project(install, start=services.today() - timedelta(days=100))
    draw(proj, 300)
    report(proj, 20, days_ago=40, laid_m=60)
    report(proj, 60, days_ago=2, laid_m=180)
    past = services.today() - timedelta(days=10)
    then = services.summary(install, past - timedelta(days=60), past)
    now = services.summary(install, past, services.today())
    assert then["percent_done"] == 20.0 and then["km_laid"] == 0.06
    assert now["percent_done"] == 60.0 and now["km_laid"] == 0.18


def test_late_projects_are_counted(companies):
    install = companies["INSTALL"]
    late = project(install, start=services.today() - timedelta(days=200), end=services.today() - timedelta(days=10))
    report(late, 40)
    on_time = project(install)
    report(on_time, 40)
    figures = services.figures(Project.objects.all())
    assert figures["late"] == 1
    assert list(Project.objects.filter(services.late_q()).values_list("pk", flat=True)) == [late.pk]
