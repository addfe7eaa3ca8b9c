"""The lab's API: the CRUD cases of the test kit, the sample workflow, the import, the summary and company scope."""

import pytest

from shuiwu.core.testkit import APIViewTests
from shuiwu.quality.models import Exceedance, Sample
from shuiwu.quality.tests.factories import point, sample

pytestmark = pytest.mark.django_db


class TestSamplingPointAPI(APIViewTests):
    list_url = "/api/quality/sampling-points/"
    update_payload = {"name": "新名称"}
    outsider = "sewage_viewer"

    def make(self, companies, company_code="SUPPLY"):
        from shuiwu.quality.models import SamplingPoint

        return point(companies[company_code], f"P-{company_code}-{SamplingPoint.objects.count()}", "network")

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "NW-99", "name": "测试管网点", "kind": "network",
                "lon": 121.0, "lat": 30.7}  # fmt: skip


def test_a_bad_limit_is_a_400_naming_the_field(api, group_manager):
    from shuiwu.quality.models import Parameter, Standard

    body = {
        "standard": Standard.objects.get(code="internal").pk,
        "parameter": Parameter.objects.get(code="turbidity").pk,
        "kind": "range",
        "lower": "2",
        "upper": "1",
        "grade": "NF",
        "point_kinds": ["plant_outlet"],
    }
    response = api(group_manager).post("/api/quality/limits/", body, format="json")
    assert response.status_code == 400
    assert "upper" in response.json()


def test_the_sample_workflow_through_the_api(api, outlet, technician, reviewer):
    created = api(technician).post(
        "/api/quality/samples/", {"point": outlet.pk, "parameter_codes": ["turbidity", "free_chlorine"]}, format="json"
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    bad = api(technician).post(f"/api/quality/samples/{pk}/results/", {"results": {"turbidity": "cloudy"}},
                               format="json")  # fmt: skip
    assert bad.status_code == 400 and "turbidity" in bad.json()
    entered = api(technician).post(
        f"/api/quality/samples/{pk}/results/",
        {"results": {"turbidity": "1.6", "free_chlorine": "<0.05"}, "submit": True},
        format="json",
    )
    assert entered.status_code == 200 and entered.json()["status"] == "entered"
    assert api(technician).post(f"/api/quality/samples/{pk}/approve/", {}, format="json").status_code == 403
    approved = api(reviewer).post(f"/api/quality/samples/{pk}/approve/", {}, format="json")
    assert approved.status_code == 200
    verdicts = {r["parameter"]: r["national"] for r in approved.json()["results"]}
    assert verdicts == {"turbidity": "fail", "free_chlorine": "fail"}
    assert Exceedance.objects.count() == 2
    again = api(reviewer).post(f"/api/quality/samples/{pk}/approve/", {}, format="json")
    assert again.status_code == 409


def test_the_import_endpoint_refuses_a_bad_file_with_400(api, outlet, technician):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.csv", "采样点,采样时间,检测项目,结果\nWTP-1-OUT,2026-03-02 09:00,镭,1\n".encode())
    response = api(technician).post("/api/quality/import/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Sample.objects.exists()


def test_the_summary_view(api, outlet, technician, reviewer):
    sample(outlet, {"turbidity": "0.2"}, user=technician, reviewer=reviewer)
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    response = api(technician).get(f"/api/quality/summary/?start={today}&end={today}")
    assert response.status_code == 200
    body = response.json()
    assert body["finished_pass_rate"] == 100.0
    assert {"samples_planned", "samples_taken", "samples_late", "exceedances"} <= set(body)
    assert api(technician).get("/api/quality/summary/?start=2026-03-02&end=2026-03-01").status_code == 400


def test_the_trend_view_needs_its_parameters(api, outlet, technician):
    assert api(technician).get("/api/quality/trend/?point=0&parameter=x&start=a&end=b").status_code == 400
    ok = api(technician).get(
        f"/api/quality/trend/?point={outlet.pk}&parameter=turbidity&start=2026-01-01&end=2026-03-01"
    )
    assert ok.status_code == 200
    assert ok.json()["limits"]["national"]["upper"] == 1.0
