"""Company scope: a sewage-company user sees only the sewage plant and its records; the production company's
operator sees only the water plants."""

import pytest

from shuiwu.plants.models import DailyLog
from shuiwu.plants.tests.factories import day, plant, stock, yesterday

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(companies):
    water = plant(companies["PROD"], code="WTP-X")
    sewage = plant(companies["SEWAGE"], code="WWTP-X", sewage=True)
    stock(water, "NACLO", balance="10", minimum="100")
    stock(sewage, "PAC", balance="10", minimum="100")
    day(water)
    day(sewage, inflow="50000", outflow="49500")
    return water, sewage


def test_a_sewage_user_lists_only_the_sewage_plant(api, sewage_operator, both):
    client = api(sewage_operator)
    codes = [row["code"] for row in client.get("/api/plants/plants/").json()["results"]]
    assert codes == ["WWTP-X"]
    logs = client.get("/api/plants/daily-logs/").json()["results"]
    assert [row["plant"] for row in logs] == [both[1].pk]
    stocks = client.get("/api/plants/stocks/").json()["results"]
    assert {row["plant"] for row in stocks} == {both[1].pk}


def test_a_sewage_user_cannot_open_or_write_a_water_plant(api, client, sewage_operator, both):
    water, _ = both
    log = DailyLog.objects.get(plant=water)
    assert api(sewage_operator).get(f"/api/plants/daily-logs/{log.pk}/").status_code == 404
    payload = {
        "plant": water.pk,
        "day": yesterday().isoformat(),
        "inflow_m3": "1",
        "outflow_m3": "1",
        "energy_kwh": "1",
    }
    response = api(sewage_operator).post("/api/plants/daily-logs/", payload, format="json")
    assert response.status_code == 400 and "plant" in response.json()
    client.force_login(sewage_operator)
    assert client.get(f"/plants/{water.pk}/").status_code == 404


def test_the_pages_and_the_summary_keep_to_the_scope(api, client, sewage_operator, prod_operator, both):
    client.force_login(sewage_operator)
    rows = client.get("/plants/").context["rows"]
    assert [r["plant"].code for r in rows] == ["WWTP-X"]
    start = end = yesterday().isoformat()
    body = api(sewage_operator).get(f"/api/plants/summary/?start={start}&end={end}").json()
    assert body["water"]["days_logged"] == 0 and body["sewage"]["days_logged"] == 1
    assert [row["plant"] for row in body["low_stock"]] == ["WWTP-X"]
    body = api(prod_operator).get(f"/api/plants/summary/?start={start}&end={end}").json()
    assert body["water"]["days_logged"] == 1 and body["sewage"]["days_logged"] == 0
    forbidden = api(sewage_operator).get(f"/api/plants/summary/?company=PROD&start={start}&end={end}")
    assert forbidden.status_code == 403
