"""Bad input is refused with a 400 naming the field: negative volumes, water out above water in beyond the
meters' tolerance, a day in the future, a negative dose; nothing is written."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.plants.models import DailyLog
from shuiwu.plants.tests.factories import chemical, plant, stock, yesterday

pytestmark = pytest.mark.django_db
URL = "/api/plants/daily-logs/"


def _payload(works, **fields):
    return {
        "plant": works.pk,
        "day": yesterday().isoformat(),
        "inflow_m3": "10000",
        "outflow_m3": "9500",
        "energy_kwh": "3000",
        **fields,
    }


@pytest.fixture
def works(companies):
    made = plant(companies["PROD"])
    stock(made, "PAC", balance="5000")
    return made


def test_a_good_day_is_created(api, prod_operator, works):
    response = api(prod_operator).post(
        URL, _payload(works, dosings=[{"chemical": chemical("PAC").pk, "dose_mg_l": "20"}]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["own_use_percent"] == "5.00" and body["kwh_per_m3"] == "0.316"
    assert body["dosing"][0]["kg"] == "200.00"


@pytest.mark.parametrize("field", ["inflow_m3", "outflow_m3", "energy_kwh"])
def test_a_negative_figure_is_a_400_on_its_field(api, prod_operator, works, field):
    response = api(prod_operator).post(URL, _payload(works, **{field: "-1"}), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not DailyLog.objects.exists()


def test_water_out_above_water_in_beyond_the_tolerance_is_a_400(api, prod_operator, works):
    response = api(prod_operator).post(URL, _payload(works, inflow_m3="10000", outflow_m3="10300"), format="json")
    assert response.status_code == 400
    assert "outflow_m3" in response.json()


def test_water_out_a_little_above_water_in_is_kept_and_flagged(api, prod_operator, works):
    # within the 2 % tolerance of the meters: recorded, with a flag
    response = api(prod_operator).post(URL, _payload(works, inflow_m3="10000", outflow_m3="10100"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["flags"]


def test_a_day_in_the_future_is_a_400(api, prod_operator, works):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = api(prod_operator).post(URL, _payload(works, day=tomorrow.isoformat()), format="json")
    assert response.status_code == 400
    assert "day" in response.json()


def test_a_negative_dose_is_a_400(api, prod_operator, works):
    payload = _payload(works, dosings=[{"chemical": chemical("PAC").pk, "dose_mg_l": "-2"}])
    response = api(prod_operator).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "dosings" in response.json()


def test_a_dose_beyond_the_stock_is_a_400_and_no_day_is_written(api, prod_operator, works):
    payload = _payload(
        works, inflow_m3="100000", outflow_m3="95000", dosings=[{"chemical": chemical("PAC").pk, "dose_mg_l": "80"}]
    )
    response = api(prod_operator).post(URL, payload, format="json")
    assert response.status_code == 400
    assert "dosings" in response.json()
    assert not DailyLog.objects.exists()


def test_the_same_day_twice_is_a_400(api, prod_operator, works):
    client = api(prod_operator)
    assert client.post(URL, _payload(works), format="json").status_code == 201
    response = client.post(URL, _payload(works), format="json")
    assert response.status_code == 400


def test_a_correction_through_the_api_is_validated_too(api, prod_operator, works):
    client = api(prod_operator)
    created = client.post(URL, _payload(works), format="json").json()
    response = client.patch(f"{URL}{created['id']}/", {"outflow_m3": "12000"}, format="json")
    assert response.status_code == 400 and "outflow_m3" in response.json()
    response = client.patch(f"{URL}{created['id']}/", {"outflow_m3": "9000"}, format="json")
    assert response.status_code == 200 and response.json()["own_use_percent"] == "10.00"


def test_the_form_shows_the_error_on_the_field(client, prod_operator, works):
    client.force_login(prod_operator)
    response = client.post(
        f"/plants/logs/add/?plant={works.pk}&day={yesterday().isoformat()}",
        {"plant": works.pk, "day": yesterday().isoformat(), "inflow_m3": "100", "outflow_m3": "200", "energy_kwh": "5"},
    )
    assert response.status_code == 200
    assert "outflow_m3" in response.context["form"].errors
    assert not DailyLog.objects.exists()
