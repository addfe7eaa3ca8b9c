"""Handover: a finished project's planned assets go into service, once; an unfinished one is refused."""

import pytest

from shuiwu.assets.choices import Status as AssetStatus
from shuiwu.assets.models import Asset
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.models import ObjectChange
from shuiwu.projects import services
from shuiwu.projects.choices import Status
from shuiwu.projects.tests.factories import draw, finish, project, report

pytestmark = pytest.mark.django_db


def _statuses(proj):
    link = proj.pipes.get(role="new")
    pipe = Asset.objects.get(pk=link.asset_id)
    return pipe.status, pipe.start_node.status, pipe.end_node.status


def test_handover_activates_the_planned_pipe_and_its_nodes(companies, group_manager):
    proj = project(companies["INSTALL"])
    draw(proj, 150)
    assert _statuses(proj) == (AssetStatus.PLANNED,) * 3
    finish(proj)
    result = services.handover(proj, user=group_manager)
    proj.refresh_from_db()
    assert proj.status == Status.HANDED_OVER and proj.handed_over_on == services.today()
    assert result["activated"] == 3 and result["retired"] == 0
    assert _statuses(proj) == (AssetStatus.ACTIVE,) * 3
    pipe = Asset.objects.get(pk=proj.pipes.get().asset_id)
    assert pipe.install_date == services.today()
    # The register's change log records each asset going into service.
    assert ObjectChange.objects.filter(object_id=pipe.pk, action="update").exists()


def test_handover_is_refused_twice(companies, group_manager):
    proj = project(companies["INSTALL"])
    draw(proj, 100)
    finish(proj)
    services.handover(proj, user=group_manager)
    changes = ObjectChange.objects.count()
    with pytest.raises(ConflictError):
        services.handover(proj, user=group_manager)
    assert ObjectChange.objects.count() == changes


def test_handover_of_an_unfinished_project_is_refused_and_nothing_changes(companies, group_manager):
    proj = project(companies["INSTALL"])
    draw(proj, 100)
    report(proj, 80)
    with pytest.raises(ConflictError):
        services.handover(proj, user=group_manager)
    proj.refresh_from_db()
    assert proj.status == Status.IN_PROGRESS and proj.handed_over_on is None
    assert _statuses(proj) == (AssetStatus.PLANNED,) * 3


def test_the_api_hands_over_once(api, companies, group_manager):
    proj = project(companies["INSTALL"])
    draw(proj, 100)
    url = f"/api/projects/projects/{proj.pk}/handover/"
    assert api(group_manager).post(url, {}, format="json").status_code == 409  # not finished
    finish(proj)
    response = api(group_manager).post(url, {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["activated"] == 3
    assert api(group_manager).post(url, {}, format="json").status_code == 409


def test_a_reader_cannot_hand_over(api, companies, supply_viewer):
    proj = project(companies["SUPPLY"])
    draw(proj, 100)
    finish(proj)
    response = api(supply_viewer).post(f"/api/projects/projects/{proj.pk}/handover/", {}, format="json")
    assert response.status_code == 403
    proj.refresh_from_db()
    assert proj.status == Status.COMPLETED


def test_cancel_abandons_the_planned_pipes(companies):
    proj = project(companies["INSTALL"])
    draw(proj, 100)
    services.cancel(proj, reason="规划调整")
    assert _statuses(proj) == (AssetStatus.ABANDONED,) * 3
    with pytest.raises(ConflictError):
        report(proj, 10)
