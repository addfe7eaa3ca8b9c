"""The sewage inspector can neither read supply-company staff nor edit supply assets: API, UI and admin."""

import pytest

from shuiwu.assets.tests.factories import junction
from shuiwu.org.choices import Role
from shuiwu.org.tests.factories import StaffFactory


@pytest.fixture
def supply_staff(companies):
    return StaffFactory(company=companies["SUPPLY"], role=Role.CREW_MEMBER, name="供水员工")


@pytest.fixture
def supply_node(companies):
    return junction(companies["SUPPLY"], "J-SUPPLY")


def test_api_hides_supply_staff(api, sewage_inspector, supply_staff):
    client = api(sewage_inspector)
    assert client.get(f"/api/org/staff/{supply_staff.pk}/").status_code == 404
    assert supply_staff.pk not in [r["id"] for r in client.get("/api/org/staff/").json()["results"]]
    assert client.get("/api/org/staff/", {"company": "SUPPLY"}).json()["count"] == 0


def test_ui_hides_supply_staff(client, sewage_inspector, supply_staff):
    client.force_login(sewage_inspector)
    assert client.get(f"/org/staff/{supply_staff.pk}/").status_code == 404
    assert "供水员工" not in client.get("/org/staff/").content.decode()


def test_api_refuses_to_edit_a_supply_asset(api, sewage_inspector, supply_node):
    # Give the inspector every asset permission: scope alone must still stop the write.
    from django.contrib.auth.models import Permission

    sewage_inspector.user_permissions.add(*Permission.objects.filter(content_type__app_label="assets"))
    client = api(sewage_inspector)
    response = client.patch(f"/api/assets/junctions/{supply_node.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 404
    supply_node.refresh_from_db()
    assert supply_node.name == ""


def test_api_refuses_to_create_for_another_company(api, companies):
    from shuiwu.core.testkit import make_persona

    engineer = make_persona("sewer-engineer", companies["SEWAGE"], Role.NETWORK_ENGINEER)
    response = api(engineer).post(
        "/api/assets/junctions/", {"company": companies["SUPPLY"].pk, "code": "J-X", "system": "supply"}, format="json"
    )
    assert response.status_code == 400
    assert "company" in response.json()


def test_ui_refuses_to_edit_a_supply_asset(client, companies, supply_node):
    from shuiwu.core.testkit import make_persona

    engineer = make_persona("sewer-engineer", companies["SEWAGE"], Role.NETWORK_ENGINEER)
    client.force_login(engineer)
    assert client.get(f"/assets/{supply_node.pk}/edit/").status_code == 404
    assert client.post(f"/assets/{supply_node.pk}/edit/", {"name": "x"}).status_code == 404


def test_ui_form_offers_only_own_company(client, companies):
    from shuiwu.core.testkit import make_persona

    engineer = make_persona("sewer-engineer", companies["SEWAGE"], Role.NETWORK_ENGINEER)
    client.force_login(engineer)
    page = client.get("/assets/manholes/add/").content.decode()
    assert f'value="{companies["SEWAGE"].pk}"' in page
    assert f'value="{companies["SUPPLY"].pk}"' not in page


def test_admin_hides_and_refuses_other_companies(client, companies, supply_node, supply_staff):
    from shuiwu.core.testkit import make_persona

    manager = make_persona("sewer-boss", companies["SEWAGE"], Role.COMPANY_MANAGER)
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert client.get("/admin/org/staff/").status_code == 200
    assert "供水员工" not in client.get("/admin/org/staff/").content.decode()
    assert client.get(f"/admin/org/staff/{supply_staff.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/assets/junction/{supply_node.pk}/change/").status_code in (302, 404)
