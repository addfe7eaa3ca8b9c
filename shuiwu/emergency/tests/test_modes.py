"""Weather modes: switched on by a manager or by an imported warning, once at a time, ended once."""

import pytest

from shuiwu.core.exceptions import ConflictError
from shuiwu.emergency import services
from shuiwu.emergency.choices import ModeKind, ModeSource, PlanType
from shuiwu.emergency.models import WeatherMode, WeatherWarning
from shuiwu.emergency.tests.factories import plan


def test_a_mode_takes_the_companys_plan(companies, supply_manager):
    flood = plan(companies["SUPPLY"], PlanType.FLOOD_TYPHOON)
    mode = services.switch_on(companies["SUPPLY"], ModeKind.TYPHOON, user=supply_manager)
    assert mode.plan == flood and mode.is_on


def test_a_mode_cannot_be_on_twice(companies, supply_manager):
    services.switch_on(companies["SUPPLY"], ModeKind.HEAT, user=supply_manager)
    with pytest.raises(ConflictError):
        services.switch_on(companies["SUPPLY"], ModeKind.HEAT, user=supply_manager)
    assert WeatherMode.objects.count() == 1


def test_ending_twice_is_a_conflict(companies, supply_manager):
    mode = services.switch_on(companies["SUPPLY"], ModeKind.HEAT, user=supply_manager)
    services.switch_off(mode, user=supply_manager)
    with pytest.raises(ConflictError):
        services.switch_off(mode, user=supply_manager)


def test_a_reader_cannot_switch_a_mode_on(api, supply_viewer):
    response = api(supply_viewer).post("/api/emergency/weather-modes/", {"kind": "heat"}, format="json")
    assert response.status_code == 403
    assert not WeatherMode.objects.exists()


def test_the_api_switches_on_and_ends(api, supply_manager):
    client = api(supply_manager)
    response = client.post("/api/emergency/weather-modes/", {"kind": "typhoon", "level": "orange"}, format="json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.post("/api/emergency/weather-modes/", {"kind": "typhoon"}, format="json").status_code == 409
    assert [m["id"] for m in client.get("/api/emergency/weather-modes/current/").json()] == [pk]
    assert client.post(f"/api/emergency/weather-modes/{pk}/end/").json()["is_on"] is False


def test_an_orange_warning_switches_the_mode_on_a_yellow_one_does_not(api, supply_manager, companies):
    client = api(supply_manager)
    url = "/api/emergency/weather-warnings/"
    yellow = client.post(url, {"company": companies["SUPPLY"].pk, "kind": "heat", "level": "yellow"}, format="json")
    assert yellow.status_code == 201 and yellow.json()["mode"] is None
    orange = client.post(
        url,
        {"company": companies["SUPPLY"].pk, "kind": "heat", "level": "orange", "issuer": "澄湖市气象台"},
        format="json",
    )
    assert orange.status_code == 201 and orange.json()["mode"]
    mode = WeatherMode.objects.get()
    assert mode.source == ModeSource.WARNING and mode.level == "orange"
    red = client.post(url, {"company": companies["SUPPLY"].pk, "kind": "heat", "level": "red"}, format="json")
    assert red.json()["mode"] == mode.pk
    mode.refresh_from_db()
    assert mode.level == "red" and WeatherWarning.objects.count() == 3


def test_a_warning_with_a_bad_level_is_a_400(api, supply_manager, companies):
    response = api(supply_manager).post(
        "/api/emergency/weather-warnings/", {"company": companies["SUPPLY"].pk, "kind": "heat", "level": "purple"}
    )
    assert response.status_code == 400 and "level" in response.json()
    assert not WeatherWarning.objects.exists()


def test_the_banner_shows_the_modes_that_concern_the_user(
    rf, companies, supply_manager, supply_viewer, sewage_inspector
):
    from django.template import Context, Template

    services.switch_on(companies["SUPPLY"], ModeKind.HEAT, user=supply_manager)
    template = Template("{% load emergency %}{% weather_banner %}")

    def render(user):
        request = rf.get("/")
        request.user = user
        return template.render(Context({"request": request}))

    assert 'data-mode="heat"' in render(supply_viewer)
    assert render(sewage_inspector).strip() == ""
