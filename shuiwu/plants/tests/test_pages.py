"""The pages open for who may see them, show the scope's plants, and record a day through the form."""

from decimal import Decimal

import pytest

from shuiwu.plants.models import ChemicalStock, DailyLog, ShiftLog, UnitStatusChange
from shuiwu.plants.tests.factories import day, plant, stock, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def works(companies):
    made = plant(companies["PROD"])
    stock(made, "PAC", balance="5000", minimum="1000")
    day(made, doses=[("PAC", 20)])
    return made


def test_every_page_opens_for_the_manager(client, group_manager, works):
    client.force_login(group_manager)
    log = DailyLog.objects.get(plant=works)
    pac = ChemicalStock.objects.get(plant=works)
    for url in (
        "/plants/",
        f"/plants/{works.pk}/",
        f"/plants/{works.pk}/?day={yesterday().isoformat()}",
        f"/plants/{works.pk}/log/",
        "/plants/logs/",
        f"/plants/logs/{log.pk}/",
        f"/plants/logs/{log.pk}/edit/",
        "/plants/logs/add/",
        "/plants/stock/",
        "/plants/stock/?low=true",
        f"/plants/stock/{pac.pk}/",
        "/plants/backwash/",
        f"/plants/backwash/add/?plant={works.pk}",
        "/plants/shifts/",
        f"/plants/shifts/add/?plant={works.pk}",
        "/",
    ):
        assert client.get(url).status_code == 200, url


def test_a_user_without_the_permission_is_refused(client, supply_dispatcher, works, companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role

    lab = make_persona("lee-lab", companies["PROD"], Role.LAB_TECHNICIAN)
    client.force_login(lab)
    assert client.get("/plants/").status_code == 403
    assert client.get(f"/plants/{works.pk}/").status_code == 403


def test_an_operator_records_a_day_with_its_dose(client, prod_operator, works):
    client.force_login(prod_operator)
    on = yesterday().replace(day=1) if yesterday().day > 1 else yesterday()
    DailyLog.objects.filter(plant=works, day=on).delete()
    pac = ChemicalStock.objects.get(plant=works)
    before = pac.balance_kg
    url = f"/plants/logs/add/?plant={works.pk}&day={on.isoformat()}"
    form = {"plant": works.pk, "day": on.isoformat(), "inflow_m3": "20000", "outflow_m3": "19000", "energy_kwh": "6000"}
    response = client.post(url, {**form, f"dose_{pac.chemical_id}": "15"})
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    log = DailyLog.objects.get(plant=works, day=on)
    assert log.recorded_by == prod_operator
    pac.refresh_from_db()
    assert before - pac.balance_kg == Decimal("300.00")  # 15 × 20,000 / 1000


def test_unit_status_and_shift_handover(client, prod_operator, works):
    client.force_login(prod_operator)
    unit = works.children.get(subtype="sludge")
    response = client.post(
        f"/plants/{works.pk}/unit-status/", {"unit": unit.pk, "status": "maintenance", "note": "检修"}
    )
    assert response.status_code == 302
    assert UnitStatusChange.objects.get(unit=unit).status == "maintenance"
    page = client.get(f"/plants/{works.pk}/")
    [row] = [u for u in page.context["units"] if u["unit"] == unit]
    assert row["status"] == "maintenance"
    staff = prod_operator.staff
    shift = ShiftLog.objects.create(
        plant=works, day=yesterday(), shift="day", operator=staff, handover_notes="注意刮泥机"
    )
    assert client.post(f"/plants/shifts/{shift.pk}/receive/").status_code == 302
    shift.refresh_from_db()
    assert shift.received_at is not None
