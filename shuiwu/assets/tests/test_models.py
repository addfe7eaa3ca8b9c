"""Asset rules: layer, length from geometry, bounding box, subtypes, link validation."""

import pytest
from django.core.exceptions import ValidationError

from shuiwu.assets.choices import Kind, Layer
from shuiwu.assets.models import Pipe, Valve
from shuiwu.assets.tests.factories import junction, lonlat, pipe
from shuiwu.lib import geo


def test_a_pipe_without_length_is_measured_from_its_geometry(companies):
    supply = companies["SUPPLY"]
    a, b = junction(supply, "A", 0, 0), junction(supply, "B", 300, 400)
    p = pipe(supply, "P", a, b)
    assert p.layer == Layer.LINK
    assert p.geometry["type"] == "LineString"
    assert p.length == pytest.approx(500, rel=0.005)


def test_a_given_length_is_kept(companies):
    supply = companies["SUPPLY"]
    p = pipe(supply, "P", junction(supply, "A"), junction(supply, "B", 100, 0), length=123.0)
    assert p.length == 123.0


def test_the_bounding_box_follows_the_geometry(companies):
    supply = companies["SUPPLY"]
    p = pipe(supply, "P", junction(supply, "A", 0, 0), junction(supply, "B", 100, 50))
    (west, south), (east, north) = lonlat(0, 0), lonlat(100, 50)
    assert (p.min_lon, p.min_lat, p.max_lon, p.max_lat) == pytest.approx((west, south, east, north))


def test_a_proxy_fixes_the_kind(companies):
    valve = Valve(company=companies["SUPPLY"], code="V1", system="supply", geometry=geo.point(*lonlat(1, 1)))
    valve.save()
    assert valve.kind == Kind.VALVE and valve.layer == Layer.FEATURE
    assert list(Valve.objects.values_list("code", flat=True)) == ["V1"]
    assert not Pipe.objects.exists()


def test_a_subtype_must_belong_to_the_kind(companies):
    valve = Valve(company=companies["SUPPLY"], code="V1", system="supply", subtype="sand_filter")
    with pytest.raises(ValidationError) as info:
        valve.full_clean()
    assert "subtype" in info.value.message_dict


def test_a_link_joins_two_different_nodes_of_its_system(companies):
    supply = companies["SUPPLY"]
    a = junction(supply, "A")
    sewer_node = junction(companies["SEWAGE"], "M", system="sewer")
    with pytest.raises(ValidationError) as info:
        Pipe(company=supply, code="P", system="supply", start_node=a, end_node=a).full_clean()
    assert "end_node" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        Pipe(company=supply, code="P", system="supply", start_node=a, end_node=sewer_node).full_clean()
    assert "end_node" in info.value.message_dict


def test_codes_are_unique_per_system_and_layer(companies):
    from django.db import IntegrityError, transaction

    supply = companies["SUPPLY"]
    junction(supply, "10")
    junction(supply, "10", system="sewer")  # another system: fine
    a, b = junction(supply, "11"), junction(supply, "12", 10, 0)
    pipe(supply, "10", a, b)  # a link may share a node's code, as in EPANET
    with pytest.raises(IntegrityError), transaction.atomic():
        junction(supply, "10")


def test_geometry_must_be_wgs84(companies):
    valve = Valve(
        company=companies["SUPPLY"],
        code="V1",
        system="supply",
        geometry={"type": "Point", "coordinates": [500000, 3400000]},
    )
    with pytest.raises(ValidationError) as info:
        valve.full_clean()
    assert "geometry" in info.value.message_dict
