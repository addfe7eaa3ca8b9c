"""The test kit every app's tests use: personas, API clients, and reusable API test cases.

Personas (pytest fixtures), as in "bob can, charlie cannot":

- ``group_manager``: the group office's manager; group-wide access and every permission.
- ``supply_dispatcher``: a dispatcher of the water supply company.
- ``sewage_inspector``: an inspector of the sewage company.
- ``supply_viewer``: a read-only user of the water supply company.

``api(user)`` gives a DRF client authenticated by the user's token, as a
real API caller is. ``APIViewTests`` is a base class of reusable API tests:
list, get, create, update and delete with and without permission, company
scope, and a list whose query count does not grow with its rows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from shuiwu.org.choices import CompanyKind, Role


@pytest.fixture
def companies(db):
    """The group office and its five companies, by code."""
    from shuiwu.org.tests.factories import CompanyFactory

    group = CompanyFactory(code="GROUP", name="测试水务集团", kind=CompanyKind.GROUP)
    made = {"GROUP": group}
    for code, kind in (
        ("SUPPLY", CompanyKind.SUPPLY),
        ("PROD", CompanyKind.PRODUCTION),
        ("RAW", CompanyKind.RAW_WATER),
        ("SEWAGE", CompanyKind.SEWAGE),
        ("INSTALL", CompanyKind.INSTALLATION),
    ):
        made[code] = CompanyFactory(code=code, name=f"测试{code}", kind=kind, parent=group)
    return made


def make_persona(username: str, company, role: str, team=None):
    """A user with a staff record in ``company`` and the role's group (and so its permissions)."""
    from shuiwu.org.tests.factories import StaffFactory, UserFactory

    user = UserFactory(username=username)
    StaffFactory(company=company, role=role, user=user, team=team, name=username)
    user.refresh_from_db()
    return user


@pytest.fixture
def group_manager(companies):
    return make_persona("bob-manager", companies["GROUP"], Role.GROUP_MANAGER)


@pytest.fixture
def supply_dispatcher(companies):
    return make_persona("dan-dispatcher", companies["SUPPLY"], Role.DISPATCHER)


@pytest.fixture
def sewage_inspector(companies):
    return make_persona("ivy-inspector", companies["SEWAGE"], Role.INSPECTOR)


@pytest.fixture
def supply_viewer(companies):
    return make_persona("vic-viewer", companies["SUPPLY"], Role.READ_ONLY)


@pytest.fixture
def supply_engineer(companies):
    return make_persona("eve-engineer", companies["SUPPLY"], Role.NETWORK_ENGINEER)


@pytest.fixture
def api():
    """``api(user)``: an API client authenticated with the user's token; ``api()`` is anonymous."""

    def client(user=None) -> APIClient:
        c = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as ctx:
        func()
    return len(ctx.captured_queries)


class APIViewTests:
    """Reusable API tests for one endpoint. Subclass with:

    - ``list_url``: e.g. ``"/api/org/teams/"``;
    - ``make(self, companies, company_code)``: one saved record of that company;
    - ``create_payload(self, companies)``: a valid POST body for a supply-company record;
    - ``update_payload``: a valid PATCH body;
    - ``writer``/``reader``: persona fixture names that may write / only read supply records.
    """

    list_url: str = ""
    update_payload: dict = {}
    writer = "group_manager"
    reader = "supply_viewer"
    outsider = "sewage_inspector"
    scoped = True
    deletable = True  # False: records end through their state machine; DELETE must be refused

    def make(self, companies, company_code="SUPPLY"):
        raise NotImplementedError

    def create_payload(self, companies) -> dict:
        raise NotImplementedError

    def detail_url(self, obj) -> str:
        return f"{self.list_url}{obj.pk}/"

    def test_it_needs_authentication(self, api, companies):
        assert api().get(self.list_url).status_code in (401, 403)

    def test_it_lists_with_a_count(self, api, companies, request):
        obj = self.make(companies)
        body = api(request.getfixturevalue(self.reader)).get(self.list_url).json()
        assert body["count"] >= 1
        assert obj.pk in [row["id"] for row in body["results"]]

    def test_it_gets_one(self, api, companies, request):
        obj = self.make(companies)
        response = api(request.getfixturevalue(self.reader)).get(self.detail_url(obj))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == obj.pk

    def test_the_writer_creates(self, api, companies, request):
        response = api(request.getfixturevalue(self.writer)).post(
            self.list_url, self.create_payload(companies), format="json"
        )
        assert response.status_code == 201, response.content

    def test_a_reader_cannot_create(self, api, companies, request):
        response = api(request.getfixturevalue(self.reader)).post(
            self.list_url, self.create_payload(companies), format="json"
        )
        assert response.status_code == 403

    def test_the_writer_updates(self, api, companies, request):
        obj = self.make(companies)
        response = api(request.getfixturevalue(self.writer)).patch(
            self.detail_url(obj), self.update_payload, format="json"
        )
        assert response.status_code == 200, response.content
        for key, value in self.update_payload.items():
            assert response.json()[key] == value

    def test_a_reader_cannot_update(self, api, companies, request):
        obj = self.make(companies)
        response = api(request.getfixturevalue(self.reader)).patch(
            self.detail_url(obj), self.update_payload, format="json"
        )
        assert response.status_code == 403

    def test_the_writer_deletes(self, api, companies, request):
        obj = self.make(companies)
        response = api(request.getfixturevalue(self.writer)).delete(self.detail_url(obj))
        if not self.deletable:
            assert response.status_code == 405
            assert type(obj)._base_manager.filter(pk=obj.pk).exists()
            return
        assert response.status_code == 204
        assert not type(obj)._base_manager.filter(pk=obj.pk).exists()

    def test_a_reader_cannot_delete(self, api, companies, request):
        obj = self.make(companies)
        assert api(request.getfixturevalue(self.reader)).delete(self.detail_url(obj)).status_code in (403, 405)

    def test_another_company_cannot_see_it(self, api, companies, request):
        if not self.scoped:
            pytest.skip("not a company-scoped model")
        obj = self.make(companies)
        client = api(request.getfixturevalue(self.outsider))
        assert client.get(self.detail_url(obj)).status_code == 404
        assert obj.pk not in [row["id"] for row in client.get(self.list_url).json()["results"]]

    def test_the_list_does_not_query_per_row(self, api, companies, request):
        client = api(request.getfixturevalue(self.writer))
        self.make(companies)
        client.get(self.list_url)  # warm caches (content types, permissions)
        few = count_queries(lambda: client.get(self.list_url))
        for _ in range(4):
            self.make(companies)
        many = count_queries(lambda: client.get(self.list_url))
        assert many == few, f"{self.list_url}: {few} queries for 1 row, {many} for 5"
