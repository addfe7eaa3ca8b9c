"""Organisation pages: lists with filters, record pages, and the role groups behind them."""

from django.contrib.auth.models import Group

from shuiwu.org.choices import Role
from shuiwu.org.tests.factories import StaffFactory, TeamFactory


def test_staff_list_filters_by_role(client, group_manager, companies):
    StaffFactory(company=companies["SUPPLY"], role=Role.CREW_MEMBER, name="队员甲")
    StaffFactory(company=companies["SUPPLY"], role=Role.INSPECTOR, name="巡查员乙")
    client.force_login(group_manager)
    page = client.get("/org/staff/", {"role": Role.INSPECTOR}).content.decode()
    assert "巡查员乙" in page and "队员甲" not in page


def test_team_page_lists_its_members(client, group_manager, companies):
    team = TeamFactory(company=companies["SUPPLY"])
    StaffFactory(company=companies["SUPPLY"], team=team, name="成员丙")
    client.force_login(group_manager)
    assert "成员丙" in client.get(f"/org/teams/{team.pk}/").content.decode()


def test_every_role_is_a_group_with_permissions(companies):
    for role in Role.values:
        group = Group.objects.get(name=role)
        assert group.permissions.exists(), role


def test_read_only_can_view_but_not_change(supply_viewer):
    assert supply_viewer.has_perm("assets.view_pipe")
    assert supply_viewer.has_perm("org.view_staff")
    assert not supply_viewer.has_perm("assets.change_pipe")


def test_a_role_change_moves_the_login_between_groups(supply_viewer):
    staff = supply_viewer.staff
    staff.role = Role.NETWORK_ENGINEER
    staff.save()
    names = set(supply_viewer.groups.values_list("name", flat=True))
    assert names == {Role.NETWORK_ENGINEER}


def test_staff_must_be_in_their_teams_company(api, group_manager, companies):
    team = TeamFactory(company=companies["SEWAGE"])
    response = api(group_manager).post(
        "/api/org/staff/",
        {
            "company": companies["SUPPLY"].pk,
            "employee_no": "X1",
            "name": "错配",
            "role": Role.CREW_MEMBER,
            "team": team.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "team" in response.json()


def test_the_home_page_shows_tiles(client, group_manager, companies):
    client.force_login(group_manager)
    response = client.get("/")
    assert response.status_code == 200
    assert "tile" in response.content.decode()


def test_pages_need_a_login(client, companies):
    response = client.get("/org/staff/")
    assert response.status_code == 302 and "/login/" in response["Location"]
