"""The plant API's reusable cases (shift logs, backwash, stock) and its stock actions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.core.testkit import APIViewTests
from shuiwu.org.models import Staff
from shuiwu.plants.models import Backwash, ChemicalStock, ShiftLog
from shuiwu.plants.tests.factories import chemical, plant, stock, yesterday


def _plant(companies, code):
    from shuiwu.assets.models import Asset

    found = Asset.objects.filter(kind="plant", company=companies[code]).order_by("pk").first()
    return found or plant(companies[code])


def _staff(companies, code):
    from shuiwu.org.tests.factories import StaffFactory

    return Staff.objects.filter(company=companies[code]).order_by("pk").first() or StaffFactory(company=companies[code])


class TestShiftLogAPI(APIViewTests):
    list_url = "/api/plants/shift-logs/"
    update_payload = {"handover_notes": "2号刮泥机检修中"}
    outsider = "sewage_operator"

    def make(self, companies, company_code="SUPPLY"):
        works = _plant(companies, company_code)
        day = timezone.localdate() - timedelta(days=ShiftLog.objects.count() + 1)
        return ShiftLog.objects.create(plant=works, day=day, shift="day", operator=_staff(companies, company_code))

    def create_payload(self, companies):
        works = _plant(companies, "SUPPLY")
        return {
            "plant": works.pk,
            "day": yesterday().isoformat(),
            "shift": "night",
            "operator": _staff(companies, "SUPPLY").pk,
        }


class TestBackwashAPI(APIViewTests):
    list_url = "/api/plants/backwashes/"
    update_payload = {"duration_min": 12}
    outsider = "sewage_operator"

    def make(self, companies, company_code="SUPPLY"):
        works = _plant(companies, company_code)
        unit = works.children.get(subtype="sand_filter")
        return Backwash.objects.create(
            plant=works,
            unit=unit,
            started_at=timezone.now() - timedelta(hours=Backwash.objects.count() + 1),
            duration_min=10,
        )

    def create_payload(self, companies):
        works = _plant(companies, "SUPPLY")
        unit = works.children.get(subtype="sand_filter")
        return {
            "plant": works.pk,
            "unit": unit.pk,
            "started_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "duration_min": 9,
        }


class TestChemicalStockAPI(APIViewTests):
    list_url = "/api/plants/stocks/"
    update_payload = {"minimum_kg": "1500.00"}
    outsider = "sewage_operator"

    def make(self, companies, company_code="SUPPLY"):
        works = plant(companies[company_code])
        return ChemicalStock.objects.create(plant=works, chemical=chemical("PAC"), minimum_kg=1000)

    def create_payload(self, companies):
        return {"plant": plant(companies["SUPPLY"]).pk, "chemical": chemical("NACLO").pk, "minimum_kg": "800"}


@pytest.mark.django_db
def test_a_backwash_on_a_unit_that_is_no_filter_is_a_400(api, group_manager, companies):
    works = plant(companies["PROD"])
    sludge = works.children.get(subtype="sludge")
    payload = {"plant": works.pk, "unit": sludge.pk, "started_at": timezone.now().isoformat(), "duration_min": 9}
    response = api(group_manager).post("/api/plants/backwashes/", payload, format="json")
    assert response.status_code == 400 and "unit" in response.json()


@pytest.mark.django_db
def test_a_delivery_through_the_api(api, prod_operator, supply_viewer, companies):
    works = plant(companies["PROD"])
    pac = stock(works, "PAC", balance="100", minimum="1000")
    url = f"/api/plants/stocks/{pac.pk}/delivery/"
    response = api(prod_operator).post(url, {"quantity_kg": "5000", "day": yesterday().isoformat()}, format="json")
    assert response.status_code == 201 and response.json()["balance_kg"] == "5100.00"
    bad = api(prod_operator).post(url, {"quantity_kg": "-5", "day": yesterday().isoformat()}, format="json")
    assert bad.status_code == 400 and "quantity_kg" in bad.json()
    body = api(prod_operator).get(f"/api/plants/stocks/{pac.pk}/").json()
    assert body["low"] is False and body["balance_kg"] == "5100.00"
