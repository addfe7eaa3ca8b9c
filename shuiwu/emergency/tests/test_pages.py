"""The emergency pages open for the people who may see them, within their company."""

from datetime import date

import pytest
from django.urls import reverse

from shuiwu.emergency import services
from shuiwu.emergency.choices import DrillStatus, ModeKind
from shuiwu.emergency.models import Drill, DrillAction
from shuiwu.emergency.tests.factories import drill, material, need, plan, stock, warehouse
from shuiwu.org.models import Staff


@pytest.fixture
def city(companies):
    p = plan(companies["SUPPLY"])
    pumps = material()
    need(p, pumps, 17)
    wh = warehouse(companies["SUPPLY"])
    stock(wh, pumps, 12, minimum=17)
    d = drill(p, status=DrillStatus.DONE, held_on=date(2026, 5, 10))
    return {"plan": p, "warehouse": wh, "drill": d}


def test_the_pages_open(client, supply_manager, city):
    client.force_login(supply_manager)
    mode = services.switch_on(city["plan"].company, ModeKind.TYPHOON, user=supply_manager, plan=city["plan"])
    for url in (
        reverse("emergency:board"),
        reverse("emergency:plan_list"),
        reverse("emergency:plan_detail", args=[city["plan"].pk]),
        reverse("emergency:plan_add"),
        reverse("emergency:drill_list"),
        reverse("emergency:drill_detail", args=[city["drill"].pk]),
        reverse("emergency:drill_add") + f"?plan={city['plan'].pk}",
        reverse("emergency:stock_list") + "?below_minimum=true",
        reverse("emergency:warehouse_detail", args=[city["warehouse"].pk]),
        reverse("emergency:material_list"),
        reverse("emergency:weathermode_list"),
        reverse("emergency:weathermode_add"),
        reverse("emergency:weathermode_detail", args=[mode.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_the_board_highlights_stock_below_minimum(client, supply_manager, city):
    client.force_login(supply_manager)
    content = client.get(reverse("emergency:board")).content.decode()
    assert "below-minimum" in content and city["plan"].code in content


def test_another_company_cannot_open_the_plan(client, sewage_inspector, city):
    client.force_login(sewage_inspector)
    assert client.get(reverse("emergency:plan_detail", args=[city["plan"].pk])).status_code in (403, 404)


def test_a_drill_is_planned_from_the_page(client, supply_manager, city):
    client.force_login(supply_manager)
    response = client.post(
        reverse("emergency:drill_add"),
        {
            "company": city["plan"].company_id,
            "plan": city["plan"].pk,
            "title": "防汛演练",
            "kind": "functional",
            "status": "planned",
            "planned_on": "2026-08-01",
            "other_participants": 0,
        },
    )
    assert response.status_code == 302
    assert Drill.objects.filter(title="防汛演练", number__startswith="YL-2026-").exists()


def test_an_action_due_before_the_drill_is_refused_on_the_page(client, supply_manager, city):
    client.force_login(supply_manager)
    owner = Staff.objects.get(user=supply_manager)
    url = reverse("emergency:drill_action_add", args=[city["drill"].pk])
    client.post(url, {"description": "x", "owner": owner.pk, "due_on": "2026-01-01"})
    assert not DrillAction.objects.exists()
    client.post(url, {"description": "补充抢修夹", "owner": owner.pk, "due_on": "2026-06-01"})
    assert DrillAction.objects.count() == 1


def test_switching_heat_mode_on_from_the_page(client, supply_manager, companies):
    client.force_login(supply_manager)
    response = client.post(reverse("emergency:weathermode_add"), {"company": companies["SUPPLY"].pk, "kind": "heat"})
    assert response.status_code == 302
    assert services.modes_for_company(companies["SUPPLY"], ModeKind.HEAT).exists()
