"""Bad input is refused with a 400 naming the field, and nothing is written."""

from datetime import timedelta

import pytest

from shuiwu.projects import services
from shuiwu.projects.models import ProgressReport, Project
from shuiwu.projects.tests.factories import draw, project, report

pytestmark = pytest.mark.django_db

URL = "/api/projects/projects/"


def _payload(companies, **fields):
    return {
        "company": companies["INSTALL"].pk,
        "name": "城东DN300给水主管新建工程",
        "type": "new_main",
        "budget": "1200000.00",
        "planned_start": "2026-03-01",
        "planned_end": "2026-09-30",
        **fields,
    }


def test_a_project_is_created_with_a_code(api, companies, group_manager):
    response = api(group_manager).post(URL, _payload(companies), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["code"].startswith("GC-2026-") and response.json()["status"] == "planned"


def test_dates_out_of_order_are_refused(api, companies, group_manager):
    response = api(group_manager).post(URL, _payload(companies, planned_end="2026-01-31"), format="json")
    assert response.status_code == 400
    assert "planned_end" in response.json()
    assert not Project.objects.exists()


def test_a_negative_budget_is_refused(api, companies, group_manager):
    response = api(group_manager).post(URL, _payload(companies, budget="-5"), format="json")
    assert response.status_code == 400
    assert "budget" in response.json()
    assert not Project.objects.exists()


def test_a_duplicate_code_is_refused(api, companies, group_manager):
    project(companies["INSTALL"], code="GC-X-1")
    response = api(group_manager).post(URL, _payload(companies, code="GC-X-1"), format="json")
    assert response.status_code == 400 and "code" in response.json()


@pytest.fixture
def started(companies):
    proj = project(companies["INSTALL"])
    draw(proj, 300)
    report(proj, 50, days_ago=3, laid_m=120, spent="50000")
    return proj


def _progress(api, user, proj, **body):
    return api(user).post(f"{URL}{proj.pk}/progress/", body, format="json")


def test_progress_over_100_percent_is_refused(api, group_manager, started):
    response = _progress(api, group_manager, started, percent="101")
    assert response.status_code == 400 and "percent" in response.json()
    assert ProgressReport.objects.count() == 1


def test_progress_going_backwards_needs_a_reason(api, group_manager, started):
    response = _progress(api, group_manager, started, percent="40")
    assert response.status_code == 400
    assert {"percent", "reason"} <= set(response.json())
    assert ProgressReport.objects.count() == 1
    started.refresh_from_db()
    assert started.progress_percent == 50
    response = _progress(api, group_manager, started, percent="40", reason="返工：试压不合格")
    assert response.status_code == 201, response.content
    started.refresh_from_db()
    assert started.progress_percent == 40


def test_less_laid_or_spent_needs_a_reason_too(api, group_manager, started):
    assert "laid_m" in _progress(api, group_manager, started, percent="60", laid_m=100).json()
    assert "spent" in _progress(api, group_manager, started, percent="60", spent="100").json()
    assert ProgressReport.objects.count() == 1


def test_more_laid_than_drawn_is_refused(api, group_manager, started):
    response = _progress(api, group_manager, started, percent="60", laid_m=5000)
    assert response.status_code == 400 and "laid_m" in response.json()


def test_a_report_before_the_last_one_is_refused(api, group_manager, started):
    day = (services.today() - timedelta(days=10)).isoformat()
    response = _progress(api, group_manager, started, percent="60", reported_on=day)
    assert response.status_code == 400 and "reported_on" in response.json()


def test_a_negative_spend_is_refused(api, group_manager, started):
    response = _progress(api, group_manager, started, percent="60", spent="-1")
    assert response.status_code == 400 and "spent" in response.json()
    assert ProgressReport.objects.count() == 1


def test_a_pipe_needs_a_line_and_a_positive_diameter(api, group_manager, started):
    url = f"{URL}{started.pk}/pipes/"
    assert (
        api(group_manager).post(url, {"coordinates": [[121.0, 30.7]], "diameter": 200}, format="json").status_code
        == 400
    )
    response = api(group_manager).post(
        url, {"coordinates": [[121.0, 30.7], [121.001, 30.7]], "diameter": 0}, format="json"
    )
    assert response.status_code == 400 and "diameter" in response.json()
    bad = api(group_manager).post(url, {"coordinates": [[500, 30.7], [121.001, 30.7]], "diameter": 100}, format="json")
    assert bad.status_code == 400 and "coordinates" in bad.json()
    assert started.pipes.count() == 1
