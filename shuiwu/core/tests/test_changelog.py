"""The change log records every create, update and delete through the UI, the API and the admin."""

import pytest

from shuiwu.core.models import ObjectChange
from shuiwu.org.choices import TeamKind
from shuiwu.org.models import Team
from shuiwu.org.tests.factories import TeamFactory


def _changes(obj):
    return ObjectChange.objects.filter(object_id=obj.pk, content_type__model=type(obj)._meta.model_name)


def test_an_api_create_update_and_delete_are_logged_with_who_and_what(api, group_manager, companies):
    client = api(group_manager)
    created = client.post(
        "/api/org/teams/",
        {"company": companies["SUPPLY"].pk, "code": "R9", "name": "抢修九队", "kind": TeamKind.REPAIR},
        format="json",
    ).json()
    client.patch(f"/api/org/teams/{created['id']}/", {"name": "抢修十队"}, format="json")
    client.delete(f"/api/org/teams/{created['id']}/")
    log = list(ObjectChange.objects.filter(object_id=created["id"], content_type__model="team").order_by("id"))
    assert [c.action for c in log] == ["create", "update", "delete"]
    assert {c.source for c in log} == {"api"}
    assert {c.user_id for c in log} == {group_manager.pk}
    assert log[0].prechange is None and log[0].postchange["name"] == "抢修九队"
    assert log[1].diff() == [("name", "抢修九队", "抢修十队")]
    assert log[2].prechange["name"] == "抢修十队" and log[2].postchange is None
    assert log[1].company_id == companies["SUPPLY"].pk


def test_changes_in_one_request_share_a_request_id(api, group_manager, companies):
    client = api(group_manager)
    client.post(
        "/api/org/teams/",
        {"company": companies["SUPPLY"].pk, "code": "X1", "name": "甲", "kind": "repair"},
        format="json",
    )
    client.post(
        "/api/org/teams/",
        {"company": companies["SUPPLY"].pk, "code": "X2", "name": "乙", "kind": "repair"},
        format="json",
    )
    ids = list(ObjectChange.objects.filter(content_type__model="team").values_list("request_id", flat=True))
    assert len(ids) == 2 and ids[0] != ids[1]


def test_a_ui_edit_is_logged_and_shown_on_the_page(client, group_manager, companies):
    team = TeamFactory(company=companies["SUPPLY"], name="巡查一队", kind=TeamKind.PATROL)
    client.force_login(group_manager)
    response = client.post(
        f"/org/teams/{team.pk}/edit/",
        {
            "company": companies["SUPPLY"].pk,
            "code": team.code,
            "name": "巡查二队",
            "kind": TeamKind.PATROL,
            "phone": "",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content
    change = _changes(team).get(action="update")
    assert change.source == "ui" and change.user == group_manager
    page = client.get(f"/org/teams/{team.pk}/").content.decode()
    assert "changelog" in page and "巡查一队" in page and "巡查二队" in page


def test_an_admin_change_is_logged(client, companies, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw-123456")
    team = TeamFactory(company=companies["SUPPLY"], name="旧名")
    client.force_login(admin)
    response = client.post(
        f"/admin/org/team/{team.pk}/change/",
        {
            "company": companies["SUPPLY"].pk,
            "code": team.code,
            "name": "新名",
            "kind": team.kind,
            "phone": "",
            "active": "on",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = _changes(team).get(action="update")
    assert change.source == "admin" and change.user == admin
    assert ("name", "旧名", "新名") in change.diff()


def test_a_save_without_changes_is_not_logged(companies):
    team = TeamFactory(company=companies["SUPPLY"])
    team = Team.objects.get(pk=team.pk)
    team.save()
    assert list(_changes(team).values_list("action", flat=True)) == ["create"]


def test_the_change_log_is_scoped_to_the_company(api, sewage_inspector, companies):
    TeamFactory(company=companies["SUPPLY"])
    TeamFactory(company=companies["SEWAGE"])
    # An inspector holds view permissions on org: the change log shows only their company's changes.
    sewage_inspector.user_permissions.add(*_perm("core", "view_objectchange"))
    body = api(sewage_inspector).get("/api/core/changes/").json()
    assert {row["company_id"] for row in body["results"]} == {companies["SEWAGE"].pk}


def _perm(app_label, codename):
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(content_type__app_label=app_label, codename=codename))


@pytest.mark.parametrize("url", ["/changes/", "/api/core/changes/"])
def test_the_change_log_pages_answer(client, group_manager, companies, url):
    TeamFactory(company=companies["SUPPLY"])
    client.force_login(group_manager)
    assert client.get(url).status_code == 200
