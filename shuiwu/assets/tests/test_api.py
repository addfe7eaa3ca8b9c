"""The asset API through the reusable API test cases, plus GeoJSON and bounding-box queries."""

import pytest

from shuiwu.assets.choices import Kind, ValveType
from shuiwu.assets.tests.factories import DMAFactory, junction, lonlat, pipe
from shuiwu.core.testkit import APIViewTests
from shuiwu.lib import geo


class TestPipeAPI(APIViewTests):
    list_url = "/api/assets/pipes/"
    update_payload = {"material": "DI", "diameter": 300.0}
    writer = "supply_engineer"

    def make(self, companies, company_code="SUPPLY"):
        company = companies[company_code]
        count = company.pk * 1000 + len(self.__dict__)
        self.__dict__[f"n{count}"] = True
        a = junction(company, f"J{count}a", 0, 0)
        b = junction(company, f"J{count}b", 100, 0)
        return pipe(company, f"P{count}", a, b)

    def create_payload(self, companies):
        company = companies["SUPPLY"]
        a = junction(company, "NEW-A", 0, 0)
        b = junction(company, "NEW-B", 0, 50)
        return {
            "company": company.pk,
            "code": "P-NEW",
            "system": "supply",
            "start_node": a.pk,
            "end_node": b.pk,
            "diameter": 150,
        }


class TestValveAPI(APIViewTests):
    list_url = "/api/assets/valves/"
    update_payload = {"operable": False}
    writer = "supply_engineer"

    def make(self, companies, company_code="SUPPLY"):
        from shuiwu.assets.tests.factories import AssetFactory

        return AssetFactory(
            kind=Kind.VALVE, company=companies[company_code], subtype=ValveType.GATE, operable=True, normally_open=True
        )

    def create_payload(self, companies):
        return {
            "company": companies["SUPPLY"].pk,
            "code": "V-NEW",
            "system": "supply",
            "subtype": "gate",
            "geometry": geo.point(*lonlat(5, 5)),
            "operable": True,
            "normally_open": True,
        }


class TestDMAAPI(APIViewTests):
    list_url = "/api/assets/dmas/"
    update_payload = {"name": "城北片区"}
    writer = "supply_engineer"

    def make(self, companies, company_code="SUPPLY"):
        return DMAFactory(company=companies[company_code])

    def create_payload(self, companies):
        ring = [lonlat(0, 0), lonlat(200, 0), lonlat(200, 200), lonlat(0, 200)]
        return {"company": companies["SUPPLY"].pk, "code": "DMA-NEW", "name": "新片区", "geometry": geo.polygon(ring)}


@pytest.fixture
def two_pipes(companies):
    supply = companies["SUPPLY"]
    a, b, c = junction(supply, "A", 0, 0), junction(supply, "B", 100, 0), junction(supply, "C", 5000, 0)
    return pipe(supply, "P-NEAR", a, b), pipe(supply, "P-FAR", b, c)


def test_a_pipe_created_through_the_api_measures_its_length(api, supply_engineer, companies):
    supply = companies["SUPPLY"]
    a, b = junction(supply, "L1", 0, 0), junction(supply, "L2", 300, 400)
    response = api(supply_engineer).post(
        "/api/assets/pipes/",
        {
            "company": supply.pk,
            "code": "P-L",
            "system": "supply",
            "start_node": a.pk,
            "end_node": b.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["length"] == pytest.approx(500, rel=0.01)
    assert response.json()["kind"] == "pipe"


def test_it_refuses_a_pipe_without_nodes_with_the_field_and_reason(api, supply_engineer, companies):
    response = api(supply_engineer).post(
        "/api/assets/pipes/", {"company": companies["SUPPLY"].pk, "code": "P-X", "system": "supply"}, format="json"
    )
    assert response.status_code == 400
    assert "start_node" in response.json()


def test_it_refuses_bad_geometry(api, supply_engineer, companies):
    response = api(supply_engineer).post(
        "/api/assets/hydrants/",
        {
            "company": companies["SUPPLY"].pk,
            "code": "H-X",
            "system": "supply",
            "geometry": {"type": "Point", "coordinates": [500, 30]},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "geometry" in response.json()


def test_it_refuses_a_subtype_of_another_kind(api, supply_engineer, companies):
    response = api(supply_engineer).post(
        "/api/assets/valves/",
        {"company": companies["SUPPLY"].pk, "code": "V-X", "system": "supply", "subtype": "sand_filter"},
        format="json",
    )
    assert response.status_code == 400
    assert "subtype" in response.json()


def test_geojson_export_of_a_layer(api, supply_viewer, two_pipes):
    response = api(supply_viewer).get("/api/assets/pipes/geojson/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert {f["properties"]["code"] for f in body["features"]} == {"P-NEAR", "P-FAR"}
    assert body["features"][0]["geometry"]["type"] == "LineString"


def test_bbox_filter_keeps_what_meets_the_box(api, supply_viewer, two_pipes):
    west, south = lonlat(-10, -10)
    east, north = lonlat(50, 10)
    body = api(supply_viewer).get("/api/assets/pipes/", {"bbox": f"{west},{south},{east},{north}"}).json()
    assert [row["code"] for row in body["results"]] == ["P-NEAR"]


def test_a_bad_bbox_is_a_400_naming_the_field(api, supply_viewer, two_pipes):
    response = api(supply_viewer).get("/api/assets/pipes/", {"bbox": "1,2,3"})
    assert response.status_code == 400
    assert "bbox" in response.json()


def test_search_with_q(api, supply_viewer, two_pipes):
    body = api(supply_viewer).get("/api/assets/pipes/", {"q": "far"}).json()
    assert [row["code"] for row in body["results"]] == ["P-FAR"]


def test_every_list_is_paginated_with_count(api, supply_viewer, two_pipes):
    body = api(supply_viewer).get("/api/assets/assets/", {"page_size": 1}).json()
    assert body["count"] == 5  # three junctions, two pipes
    assert len(body["results"]) == 1
    assert body["next"]
