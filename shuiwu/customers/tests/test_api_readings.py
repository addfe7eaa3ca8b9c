"""Meter readings through the API: one read, and imports that are all or nothing with line, field and reason."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shuiwu.customers.models import MeterReading
from shuiwu.customers.tests.pagekit import billing_manager, build_town, town  # noqa: F401 (fixtures)

URL = "/api/customers/readings/"


def test_one_read_is_recorded_with_its_consumption(api, billing_manager, town):  # noqa: F811
    meter = town.household.meters.get()
    response = api(billing_manager).post(
        URL, {"meter": meter.pk, "read_on": timezone.localdate().isoformat(), "value": 140}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["consumption"] == 15


def test_a_read_below_the_last_is_a_400_on_value(api, billing_manager, town):  # noqa: F811
    meter = town.household.meters.get()
    response = api(billing_manager).post(
        URL, {"meter": meter.pk, "read_on": timezone.localdate().isoformat(), "value": 3}, format="json"
    )
    assert response.status_code == 400
    assert "value" in response.json()


def test_a_reader_cannot_record(api, supply_viewer, town):  # noqa: F811
    meter = town.household.meters.get()
    response = api(supply_viewer).post(
        URL, {"meter": meter.pk, "read_on": timezone.localdate().isoformat(), "value": 140}, format="json"
    )
    assert response.status_code == 403


def test_an_import_with_one_bad_line_writes_nothing(api, billing_manager, town):  # noqa: F811
    today = timezone.localdate().isoformat()
    before = MeterReading.objects.count()
    rows = [
        {"meter": f"M{town.household.number}", "read_on": today, "value": "140"},
        {"meter": f"M{town.shop.number}", "read_on": "not-a-day", "value": "600"},
    ]
    response = api(billing_manager).post(f"{URL}import/", rows, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["line"] == 2
    assert response.json()["errors"][0]["field"] == "read_on"
    assert MeterReading.objects.count() == before


def test_a_good_csv_import_is_written(api, billing_manager, town):  # noqa: F811
    day = timezone.localdate().isoformat()
    text = f"meter,read_on,value\nM{town.household.number},{day},140\nM{town.shop.number},{day},610\n"
    upload = SimpleUploadedFile("reads.csv", text.encode("utf-8"), content_type="text/csv")
    response = api(billing_manager).post(f"{URL}import/?source=amr", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["written"] == 2
    assert MeterReading.objects.filter(read_on=day, source="amr").count() == 2


def test_an_import_cannot_reach_another_companys_meters(api, companies, town):  # noqa: F811
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    other = make_persona("sal-sewage-billing", companies["SEWAGE"], Role.BILLING_MANAGER)
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = api(other).post(
        f"{URL}import/", [{"meter": f"M{town.household.number}", "read_on": day, "value": 140}], format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"line": 1, "field": "meter", "reason": response.json()["errors"][0]["reason"]}
    ]


def test_an_empty_import_is_a_400(api, billing_manager, town):  # noqa: F811
    response = api(billing_manager).post(f"{URL}import/", [], format="json")
    assert response.status_code == 400 and "rows" in response.json()


def test_readings_filter_by_account(api, billing_manager, town):  # noqa: F811
    rows = api(billing_manager).get(URL, {"account_id": town.shop.pk}).json()["results"]
    assert rows and {r["account_number"] for r in rows} == {town.shop.number}
