"""The service-counter API: windows (reusable cases), applications received and moved on, refusals, figures."""

from datetime import date

from shuiwu.core.testkit import APIViewTests, count_queries
from shuiwu.service.choices import Status
from shuiwu.service.models import Application, Window
from shuiwu.service.tests.factories import account, receive, type_of, window

URL = "/api/service/applications/"
CONNECTION = {"address": "测试路8号", "use_type": "residential"}


class TestWindowAPI(APIViewTests):
    list_url = "/api/service/windows/"
    update_payload = {"name": "新窗口"}
    outsider = "sewage_viewer"

    def make(self, companies, company_code="SUPPLY"):
        return window(companies[company_code], f"W{Window.objects.count() + 1}{company_code}")

    def create_payload(self, companies):
        return {"company": companies["SUPPLY"].pk, "code": "NEW", "name": "荷溪镇便民服务中心", "kind": "town_centre"}


def _payload(hall, **fields):
    return {
        "type": type_of("NEW-RES").pk,
        "window": hall.pk,
        "applicant_name": "陈晓东",
        "details": CONNECTION,
        "documents_received": type_of("NEW-RES").documents,
        **fields,
    }


def test_a_clerk_receives_an_application(api, window_clerk, hall):
    response = api(window_clerk).post(URL, _payload(hall), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"].startswith("SQ-") and body["status"] == Status.RECEIVED
    assert body["clock"] in ("ok", "due_today") and len(body["steps"]) == 2


def test_a_transfer_is_received_by_account_number(api, window_clerk, hall, companies):
    acct = account(companies["SUPPLY"])
    payload = {
        "type": type_of("TRANSFER").pk,
        "window": hall.pk,
        "applicant_name": "林思远",
        "account_number": acct.number,
        "details": {"new_name": "林思远", "new_identity": "330499198805050017"},
    }
    response = api(window_clerk).post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["account"] == acct.pk and response.json()["missing_documents"]


def test_a_missing_detail_is_a_400_on_its_field(api, window_clerk, hall):
    response = api(window_clerk).post(URL, _payload(hall, details={"address": "x"}), format="json")
    assert response.status_code == 400
    assert "use_type" in response.json()


def test_a_transfer_without_an_account_is_a_400_on_account(api, window_clerk, hall):
    payload = _payload(hall, type=type_of("TRANSFER").pk, details={"new_name": "a", "new_identity": "b"})
    response = api(window_clerk).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "account" in response.json()


def test_a_clerk_works_it_through_to_completion(api, window_clerk, hall):
    client = api(window_clerk)
    pk = client.post(URL, _payload(hall), format="json").json()["id"]
    assert client.post(f"{URL}{pk}/complete/", {}, format="json").status_code == 409
    assert client.post(f"{URL}{pk}/advance/", {"note": "已签约"}, format="json").status_code == 200
    response = client.post(f"{URL}{pk}/complete/", {"details": {"meter_serial": "API-1"}}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.COMPLETED and response.json()["account"]


def test_a_viewer_cannot_complete(api, window_clerk, supply_viewer, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    client = api(supply_viewer)
    assert client.get(f"{URL}{app.pk}/").status_code == 200
    assert client.post(f"{URL}{app.pk}/advance/", {}, format="json").status_code == 403
    assert client.post(f"{URL}{app.pk}/complete/", {}, format="json").status_code == 403
    assert client.post(URL, _payload(hall), format="json").status_code == 403


def test_another_company_cannot_see_it(api, window_clerk, sewage_viewer, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    assert api(sewage_viewer).get(f"{URL}{app.pk}/").status_code == 404
    assert app.pk not in [row["id"] for row in api(sewage_viewer).get(URL).json()["results"]]


def test_an_application_is_not_deleted(api, group_manager, window_clerk, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    assert api(group_manager).delete(f"{URL}{app.pk}/").status_code == 405


def test_a_refusal_without_a_reason_is_a_400(api, window_clerk, hall):
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    response = api(window_clerk).post(f"{URL}{app.pk}/reject/", {"code": "other"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api(window_clerk).post(f"{URL}{app.pk}/reject/", {"code": "demolition"}, format="json")
    assert response.json()["status"] == Status.REJECTED


def test_documents_brought_later_start_the_clock(api, window_clerk, hall):
    documents = type_of("NEW-RES").documents
    app = receive(window_clerk, "NEW-RES", hall, details=CONNECTION, documents=[])
    client = api(window_clerk)
    assert client.post(f"{URL}{app.pk}/advance/", {}, format="json").status_code == 400
    response = client.post(f"{URL}{app.pk}/documents/", {"documents": documents}, format="json")
    assert response.json()["missing_documents"] == [] and response.json()["due_on"]


def test_the_list_filters_overdue_applications(api, window_clerk, hall):
    late = receive(window_clerk, "NEW-RES", hall, details=CONNECTION, day=date(2026, 6, 1))
    receive(window_clerk, "NEW-WORKS", hall, details=CONNECTION, day=date(2026, 6, 1))  # 13 working days: done?
    fresh = receive(window_clerk, "NEW-WORKS", hall, details=CONNECTION, day=date(2099, 1, 5))
    ids = [row["id"] for row in api(window_clerk).get(URL, {"overdue": "true"}).json()["results"]]
    assert late.pk in ids and fresh.pk not in ids
    row = next(r for r in api(window_clerk).get(URL).json()["results"] if r["id"] == late.pk)
    assert row["clock"] == "overdue" and row["working_days"] > 0


def test_the_list_does_not_query_per_row(api, window_clerk, hall):
    client = api(window_clerk)
    receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    client.get(URL)
    few = count_queries(lambda: client.get(URL))
    for _ in range(4):
        receive(window_clerk, "NEW-RES", hall, details=CONNECTION)
    assert count_queries(lambda: client.get(URL)) == few


def test_the_summary_counts_received_completed_and_on_time(api, window_clerk, hall, companies):
    from shuiwu.service.tests.factories import through

    done = through(receive(window_clerk, "NEW-RES", hall, details=CONNECTION), window_clerk)
    receive(window_clerk, "NEW-RES", hall, details=CONNECTION, day=date(2026, 11, 2))
    response = api(window_clerk).get("/api/service/summary/", {"start": "2026-11-01", "end": "2026-11-30"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["received"] == 2 and body["completed"] == 1 and body["on_time_percent"] == 100.0
    assert body["overdue"] == 1
    assert body["by_type"]["NEW-RES"]["received"] == 2
    assert Application.objects.get(pk=done.pk).status == Status.COMPLETED


def test_the_summary_needs_the_permission(api, sewage_inspector):
    response = api(sewage_inspector).get("/api/service/summary/", {"start": "2026-11-01", "end": "2026-11-30"})
    assert response.status_code == 403


def test_application_types_are_listed(api, supply_viewer):
    body = api(supply_viewer).get("/api/service/application-types/", {"page_size": 100}).json()
    assert {"NEW-RES", "TRANSFER", "USE-TYPE", "TEMPORARY"} <= {row["code"] for row in body["results"]}


def test_a_type_whose_steps_exceed_its_limit_is_a_400(api, group_manager):
    payload = {
        "code": "X",
        "name": "x",
        "kind": "rename",
        "steps": [{"code": "a", "name": "a", "limit_working_days": 5}],
        "documents": [],
        "limit_working_days": 2,
    }
    response = api(group_manager).post("/api/service/application-types/", payload, format="json")
    assert response.status_code == 400 and "steps" in response.json()
