"""EPANET import and export: the round trip keeps the model, and EPANET runs the exported file."""

import pytest
import wntr
from django.core.management import call_command

from shuiwu.assets.choices import Kind, Layer, System
from shuiwu.assets.models import Asset, Network
from shuiwu.engine import inp


def _model(path):
    return wntr.network.WaterNetworkModel(str(path))


def _compare(original, exported):
    a, b = _model(original), _model(exported)
    assert a.describe(level=1) == b.describe(level=1)
    assert sorted(a.node_name_list) == sorted(b.node_name_list)
    assert sorted(a.link_name_list) == sorted(b.link_name_list)
    for name, pipe in a.pipes():
        other = b.get_link(name)
        assert other.length == pytest.approx(pipe.length, rel=1e-6), name
        assert other.diameter == pytest.approx(pipe.diameter, rel=1e-6), name
        assert other.roughness == pytest.approx(pipe.roughness, rel=1e-6), name
        assert (other.start_node_name, other.end_node_name) == (pipe.start_node_name, pipe.end_node_name)
    for name, junction in a.junctions():
        other = b.get_node(name)
        assert other.elevation == pytest.approx(junction.elevation, abs=1e-6), name
        demands = [(d.base_value, d.pattern_name) for d in junction.demand_timeseries_list]
        other_demands = [(d.base_value, d.pattern_name) for d in other.demand_timeseries_list]
        assert len(demands) == len(other_demands), name
        for (x, p), (y, q) in zip(demands, other_demands, strict=True):
            assert y == pytest.approx(x, rel=1e-6, abs=1e-12) and p == q, name
    for name, tank in a.tanks():
        other = b.get_node(name)
        for attr in ("elevation", "init_level", "min_level", "max_level", "diameter"):
            assert getattr(other, attr) == pytest.approx(getattr(tank, attr), rel=1e-6), (name, attr)
    for name, valve in a.valves():
        other = b.get_link(name)
        assert other.valve_type == valve.valve_type and other.initial_setting == pytest.approx(valve.initial_setting)
    assert sorted(a.pattern_name_list) == sorted(b.pattern_name_list)
    for name in a.pattern_name_list:
        assert list(b.get_pattern(name).multipliers) == pytest.approx(list(a.get_pattern(name).multipliers))
    assert [str(c) for _, c in a.controls()] == [str(c) for _, c in b.controls()]


@pytest.mark.parametrize("network", ["net3", "ltown"])
def test_round_trip_keeps_the_model(network, request, companies, tmp_path):
    path = request.getfixturevalue(network)
    call_command("import_inp", str(path), system="supply", company="SUPPLY")
    out = tmp_path / "exported.inp"
    call_command("export_inp", str(out))
    _compare(path, out)


def test_the_exported_file_runs_in_epanet(ltown, companies, tmp_path):
    call_command("import_inp", str(ltown), system="supply", company="SUPPLY")
    out = tmp_path / "ltown.inp"
    call_command("export_inp", str(out))
    inp.check(out)  # the EPANET 2.3 toolkit opens it
    wn = _model(out)
    wn.options.time.duration = 3600
    results = wntr.sim.EpanetSimulator(wn).run_sim(file_prefix=str(tmp_path / "run"))
    assert results.node["pressure"].shape[1] == len(wn.node_name_list)
    assert results.node["pressure"].loc[:, "n1"].min() > 0


def test_import_writes_nodes_links_and_network_parts(net3, companies):
    call_command("import_inp", str(net3), system="supply", company="SUPPLY")
    wn = _model(net3)
    assets = Asset.objects.filter(system=System.SUPPLY)
    assert assets.filter(layer=Layer.NODE).count() == wn.num_nodes
    assert assets.filter(layer=Layer.LINK).count() == wn.num_links
    assert assets.filter(kind=Kind.PUMP).count() == wn.num_pumps
    assert assets.filter(kind=Kind.TANK).count() == wn.num_tanks
    assert assets.filter(kind=Kind.RESERVOIR).count() == wn.num_reservoirs
    network = Network.objects.get(system=System.SUPPLY)
    assert len(network.patterns) == len(wn.pattern_name_list)
    assert len(network.controls) == len(list(wn.controls()))
    pipe = assets.get(kind=Kind.PIPE, code="20")
    assert pipe.diameter == pytest.approx(wn.get_link("20").diameter * 1000)
    assert pipe.geometry["type"] == "LineString"
    assert all(a.geometry for a in assets.filter(layer=Layer.NODE))


def test_planar_coordinates_are_placed_at_the_origin(ltown, companies, settings):
    settings.SHUIWU_MAP_ORIGIN = (120.5, 30.0)
    call_command("import_inp", str(ltown), system="supply", company="SUPPLY")
    lons = [a.geometry["coordinates"][0] for a in Asset.objects.filter(layer=Layer.NODE)]
    lats = [a.geometry["coordinates"][1] for a in Asset.objects.filter(layer=Layer.NODE)]
    assert (min(lons) + max(lons)) / 2 == pytest.approx(120.5, abs=1e-6)
    assert (min(lats) + max(lats)) / 2 == pytest.approx(30.0, abs=1e-3)
    # L-Town is about 2.7 km wide: distances in metres survive the placement.
    assert (max(lons) - min(lons)) * 96_000 == pytest.approx(2700, rel=0.02)


def test_a_known_crs_is_transformed(tmp_path, companies):
    source = tmp_path / "lonlat.inp"
    source.write_text(
        "[JUNCTIONS]\n J1 10 1\n J2 10 1\n[RESERVOIRS]\n R1 50\n[PIPES]\n P1 R1 J1 100 200 130 0 Open\n"
        " P2 J1 J2 100 200 130 0 Open\n[COORDINATES]\n R1 121.0 30.7\n J1 121.001 30.7\n J2 121.002 30.701\n"
        "[OPTIONS]\n Units LPS\n[END]\n"
    )
    call_command("import_inp", str(source), system="supply", company="SUPPLY", crs="EPSG:4326")
    j2 = Asset.objects.get(code="J2")
    assert j2.geometry["coordinates"] == pytest.approx([121.002, 30.701])


def test_reimport_updates_in_place_and_replace_retires_the_missing(net3, companies, tmp_path):
    call_command("import_inp", str(net3), system="supply", company="SUPPLY")
    before = Asset.objects.count()
    call_command("import_inp", str(net3), system="supply", company="SUPPLY")
    assert Asset.objects.count() == before
    wn = _model(net3)
    wn.remove_link("329")
    smaller = tmp_path / "smaller.inp"
    wntr.network.write_inpfile(wn, str(smaller))
    call_command("import_inp", str(smaller), system="supply", company="SUPPLY", replace=True)
    assert Asset.objects.get(code="329", layer=Layer.LINK).status == "abandoned"
