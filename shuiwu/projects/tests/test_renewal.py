"""A renewal project in one step from pipes chosen from the risk list (here: pipes picked by the test)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.assets.choices import Status as AssetStatus
from shuiwu.assets.models import Asset
from shuiwu.projects import services
from shuiwu.projects.choices import PipeRole, ProjectType
from shuiwu.projects.tests.factories import finish, network

pytestmark = pytest.mark.django_db


def test_chosen_pipes_become_a_renewal_project(companies, group_manager):
    pipes = network(companies["SUPPLY"], 3, diameter=150)
    proj = services.create_renewal_project(
        companies["SUPPLY"], [pipes[0].pk, pipes[2].pk], name="老城区管网改造", user=group_manager
    )
    assert proj.type == ProjectType.RENEWAL and proj.status == "planned"
    replaced = proj.pipes.filter(role=PipeRole.REPLACED).order_by("asset_id")
    assert [link.asset_id for link in replaced] == [pipes[0].pk, pipes[2].pk]
    new = [link.asset for link in proj.pipes.filter(role=PipeRole.NEW).select_related("asset").order_by("id")]
    assert [(p.start_node_id, p.end_node_id) for p in new] == [
        (pipes[0].start_node_id, pipes[0].end_node_id),
        (pipes[2].start_node_id, pipes[2].end_node_id),
    ]
    assert all(p.status == AssetStatus.PLANNED and p.diameter == 150 for p in new)
    # DN150 costs 900 yuan/m by the seeded local-policy table: 2 × 100 m × 900.
    assert proj.budget == Decimal("180000.00")
    assert proj.planned_m == pytest.approx(sum(p.length for p in new), abs=0.1)


def test_handover_of_a_renewal_retires_the_old_pipes(companies, group_manager):
    pipes = network(companies["SUPPLY"], 2)
    proj = services.create_renewal_project(companies["SUPPLY"], [p.pk for p in pipes], name="改造", user=group_manager)
    finish(proj)
    result = services.handover(proj, user=group_manager)
    assert result == {"project": proj.code, "activated": 2, "retired": 2}
    assert set(Asset.objects.filter(pk__in=[p.pk for p in pipes]).values_list("status", flat=True)) == {"abandoned"}


@pytest.mark.parametrize("case", ["empty", "junction", "abandoned", "unknown", "taken"])
def test_bad_choices_are_refused_and_nothing_is_made(companies, group_manager, case):
    from shuiwu.projects.models import Project

    pipes = network(companies["SUPPLY"], 2)
    if case == "taken":
        services.create_renewal_project(companies["SUPPLY"], [pipes[0].pk], name="先", user=group_manager)
    before = (Project.objects.count(), Asset.objects.count())
    ids = {
        "empty": [],
        "junction": [pipes[0].start_node_id],
        "abandoned": [pipes[1].pk],
        "unknown": [999999],
        "taken": [pipes[0].pk],
    }[case]
    if case == "abandoned":
        Asset.objects.filter(pk=pipes[1].pk).update(status=AssetStatus.ABANDONED)
    with pytest.raises(ValidationError) as info:
        services.create_renewal_project(companies["SUPPLY"], ids, name="改造", user=group_manager)
    assert "asset_ids" in info.value.message_dict
    assert (Project.objects.count(), Asset.objects.count()) == before


def test_the_api_takes_a_post_of_asset_ids(api, companies, group_manager):
    pipes = network(companies["SUPPLY"], 2)
    body = {"asset_ids": [p.pk for p in pipes], "name": "风险管段改造", "company": "SUPPLY"}
    response = api(group_manager).post("/api/projects/renewal/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["type"] == "renewal" and response.json()["planned_m"] > 0
    again = api(group_manager).post("/api/projects/renewal/", body, format="json")
    assert again.status_code == 400 and "asset_ids" in again.json()


def test_pipes_out_of_scope_are_not_found(api, companies, install_manager):
    pipes = network(companies["SUPPLY"], 1)
    response = api(install_manager).post(
        "/api/projects/renewal/", {"asset_ids": [pipes[0].pk], "name": "越权"}, format="json"
    )
    assert response.status_code == 400 and "asset_ids" in response.json()


def test_the_risk_page_can_post_the_ids(client, companies, group_manager):
    from shuiwu.org.tests.factories import PASSWORD

    pipes = network(companies["SUPPLY"], 2)
    client.login(username=group_manager.username, password=PASSWORD)
    response = client.post(
        "/projects/renewal/", {"asset_ids": [p.pk for p in pipes], "name": "风险管段改造", "company": "SUPPLY"}
    )
    assert response.status_code == 302
    assert client.get("/projects/renewal/?company=SUPPLY").status_code == 200
