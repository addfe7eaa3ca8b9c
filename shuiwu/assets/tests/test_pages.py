"""Asset pages: lists with search, filters, sorting and pagination; record pages; the map and its data."""

import pytest

from shuiwu.assets.tests.factories import DMAFactory, junction, pipe


@pytest.fixture
def network(companies):
    supply = companies["SUPPLY"]
    nodes = [junction(supply, f"N{i:03d}", i * 50, 0) for i in range(61)]
    pipes = [pipe(supply, f"P{i:03d}", nodes[i], nodes[i + 1], diameter=100 + i) for i in range(60)]
    return nodes, pipes


@pytest.fixture
def engineer_client(client, supply_engineer):
    client.force_login(supply_engineer)
    return client


def test_the_pipe_list_searches_filters_sorts_and_pages(engineer_client, network):
    page = engineer_client.get("/assets/pipes/").content.decode()
    assert "P000" in page and "P059" not in page  # 50 a page
    assert "?page=2" in page
    page = engineer_client.get("/assets/pipes/", {"q": "P05"}).content.decode()
    assert "P050" in page and "P000" not in page
    page = engineer_client.get("/assets/pipes/", {"sort": "-diameter"}).content.decode()
    assert page.index("P059") < page.index("P058")
    page = engineer_client.get("/assets/pipes/", {"diameter_min": 155}).content.decode()
    assert "P055" in page and "P054" not in page


def test_htmx_gets_only_the_results(engineer_client, network):
    response = engineer_client.get("/assets/pipes/", {"q": "P01"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'id="results"' in body and "<html" not in body


def test_an_asset_page_shows_its_links_and_change_log(engineer_client, network):
    nodes, pipes = network
    page = engineer_client.get(f"/assets/{nodes[1].pk}/").content.decode()
    assert "P000" in page and "P001" in page
    assert "changelog" in page


def test_the_add_form_creates_a_hydrant(engineer_client, companies, network):
    response = engineer_client.post(
        "/assets/hydrants/add/",
        {
            "code": "XF-9",
            "system": "supply",
            "company": companies["SUPPLY"].pk,
            "status": "active",
            "longitude": "121.015",
            "latitude": "30.698",
            "node": "N001",
            "attrs": "{}",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    from shuiwu.assets.models import Hydrant

    hydrant = Hydrant.objects.get(code="XF-9")
    assert hydrant.node == network[0][1]
    assert hydrant.geometry == {"type": "Point", "coordinates": [121.015, 30.698]}


def test_the_add_form_explains_an_unknown_node(engineer_client, companies, network):
    response = engineer_client.post(
        "/assets/pipes/add/",
        {
            "code": "P-NEW",
            "system": "supply",
            "company": companies["SUPPLY"].pk,
            "status": "active",
            "start_node": "N001",
            "end_node": "NOPE",
            "attrs": "{}",
        },
    )
    assert response.status_code == 200
    assert "NOPE" in response.content.decode()


def test_the_map_loads_every_feature_in_one_request(engineer_client, network, companies):
    DMAFactory(company=companies["SUPPLY"])
    assert engineer_client.get("/assets/map/").status_code == 200
    body = engineer_client.get("/assets/map/features.geojson").json()
    kinds = {f["properties"]["kind"] for f in body["features"]}
    assert kinds == {"pipe"}  # junctions are the ends of the pipes drawn
    assert len(body["features"]) == 60
    assert len(engineer_client.get("/assets/map/dmas.geojson").json()["features"]) == 1


def test_the_map_data_is_scoped(client, sewage_inspector, network):
    client.force_login(sewage_inspector)
    assert client.get("/assets/map/features.geojson").json()["features"] == []


def test_every_kind_has_a_list_page(engineer_client, network):
    from shuiwu.assets.kinds import SPECS

    for spec in SPECS.values():
        assert engineer_client.get(f"/assets/{spec.slug}/").status_code == 200, spec.slug


def test_export_downloads_an_inp(engineer_client, network):
    from shuiwu.assets.models import Reservoir
    from shuiwu.lib import geo

    Reservoir.objects.create(
        company=network[0][0].company, code="R1", system="supply", elevation=60, geometry=geo.point(121.0, 30.7)
    )
    supply = network[0][0].company
    pipe(supply, "P-R", Reservoir.objects.get(code="R1"), network[0][0])
    response = engineer_client.get("/assets/export/supply.inp")
    assert response.status_code == 200
    assert b"[PIPES]" in response.content and b"P-R" in response.content
