"""Asset services: EPANET import and export, and GeoJSON layers for the map and the API."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import wntr
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from shuiwu.assets.choices import Kind, Layer, Status, System
from shuiwu.assets.models import Asset, Network
from shuiwu.engine import inp
from shuiwu.lib import geo
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company

log = logging.getLogger(__name__)

BATCH = 2000

_NODE_KINDS = {"Junction": Kind.JUNCTION, "Tank": Kind.TANK, "Reservoir": Kind.RESERVOIR}
_LINK_KINDS = {"Pipe": Kind.PIPE, "Pump": Kind.PUMP, "Valve": Kind.VALVE}
_NODE_TYPES = {v: k for k, v in _NODE_KINDS.items()}
_LINK_TYPES = {v: k for k, v in _LINK_KINDS.items()}

# Keys of WNTR's element dictionaries that live in typed columns or in the geometry.
_NODE_COLUMNS = {"name", "node_type", "coordinates", "elevation"}
_LINK_COLUMNS = {
    "name",
    "link_type",
    "start_node_name",
    "end_node_name",
    "vertices",
    "length",
    "diameter",
    "valve_type",
}

# Hazen-Williams C for pipes drawn in the register without a hydraulic model (local policy defaults).
DEFAULT_ROUGHNESS = {
    "DI": 130.0,
    "CI": 100.0,
    "ST": 120.0,
    "PE": 140.0,
    "PVC": 150.0,
    "PCCP": 130.0,
    "RC": 120.0,
    "GRP": 145.0,
    "GS": 110.0,
    "SS": 140.0,
}

SYSTEM_COMPANY_KIND = {
    System.SUPPLY: CompanyKind.SUPPLY,
    System.RAW: CompanyKind.RAW_WATER,
    System.SEWER: CompanyKind.SEWAGE,
}


@dataclass
class ImportResult:
    network: Network
    model: dict = field(default_factory=dict, repr=False)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    retired: int = 0

    @property
    def summary(self) -> str:
        made = ", ".join(f"{n} {k}" for k, n in sorted(self.created.items()) if n)
        changed = ", ".join(f"{n} {k}" for k, n in sorted(self.updated.items()) if n)
        parts = [
            f"created {made}" if made else "",
            f"updated {changed}" if changed else "",
            f"retired {self.retired}" if self.retired else "",
        ]
        return "; ".join(p for p in parts if p) or "nothing to change"


def default_company(system: str) -> Company:
    """The one company that runs ``system`` (supply → the water supply company, …)."""
    kind = SYSTEM_COMPANY_KIND[system]
    companies = list(Company.objects.filter(kind=kind)[:2])
    if len(companies) != 1:
        raise ValueError(
            f"cannot tell which company owns the {system} network: "
            f"{'none' if not companies else 'several'} of kind {kind!r}; name one with --company"
        )
    return companies[0]


def placement_for(model: dict, crs: str | None, origin: tuple[float, float] | None, scale: float):
    """How the file's coordinates map to WGS84: a named CRS, or the documented planar placement."""
    if crs:
        return geo.CRSPlacement(geo.check_crs(crs))
    xs, ys = [], []
    for node in model["nodes"]:
        if node.get("coordinates"):
            xs.append(node["coordinates"][0])
            ys.append(node["coordinates"][1])
    centre_x = (min(xs) + max(xs)) / 2 if xs else 0.0
    centre_y = (min(ys) + max(ys)) / 2 if ys else 0.0
    lon, lat = origin or settings.SHUIWU_MAP_ORIGIN
    if scale <= 0:
        raise ValueError("--scale must be positive (metres per drawing unit)")
    return geo.PlanarPlacement(lon, lat, centre_x, centre_y, scale)


def _transform_all(model: dict, placement) -> tuple[dict[str, list[float]], dict[str, list[list[float]]]]:
    """WGS84 positions of every node and of every link's vertices, in one transform call."""
    xs, ys, keys = [], [], []
    for node in model["nodes"]:
        if node.get("coordinates"):
            xs.append(node["coordinates"][0])
            ys.append(node["coordinates"][1])
            keys.append(("n", node["name"], 0))
    for link in model["links"]:
        for i, vertex in enumerate(link.get("vertices") or []):
            xs.append(vertex[0])
            ys.append(vertex[1])
            keys.append(("v", link["name"], i))
    lons, lats = placement.to_wgs84(xs, ys) if xs else ([], [])
    nodes: dict[str, list[float]] = {}
    vertices: dict[str, list[list[float]]] = {}
    for (kind, name, _), lon, lat in zip(keys, lons, lats, strict=True):
        pos = [round(lon, 7), round(lat, 7)]
        if kind == "n":
            nodes[name] = pos
        else:
            vertices.setdefault(name, []).append(pos)
    return nodes, vertices


def _strip(element: dict, columns: set[str]) -> dict:
    return {k: v for k, v in element.items() if k not in columns}


@transaction.atomic
def import_network(
    path: str | Path,
    *,
    system: str,
    company: Company | None = None,
    crs: str | None = None,
    origin: tuple[float, float] | None = None,
    scale: float = 1.0,
    replace: bool = False,
) -> ImportResult:
    """Import an EPANET file into the register, all or nothing.

    Elements are matched by code within the system: new ones are created,
    existing ones updated. With ``replace``, network elements of the system
    missing from the file are retired (status abandoned), never deleted:
    work orders and readings may still point at them.
    """
    if system not in System.values:
        raise ValueError(f"unknown system {system!r} (one of {', '.join(System.values)})")
    path = Path(path)
    model = inp.read(path)
    company = company or default_company(system)
    placement = placement_for(model, crs, origin, scale)
    node_pos, vertex_pos = _transform_all(model, placement)

    counts = {
        "nodes": len(model["nodes"]),
        "links": len(model["links"]),
        "patterns": len(model["patterns"]),
        "curves": len(model["curves"]),
        "controls": len(model["controls"]),
    }
    network, _ = Network.objects.get_or_create(system=system)
    network.title = " / ".join(model.get("title") or [])[:200]
    network.source_file = path.name
    network.placement = placement.as_dict()
    network.options = model["options"]
    network.patterns = model["patterns"]
    network.curves = model["curves"]
    network.controls = model["controls"]
    network.sources = model["sources"]
    network.imported_at = timezone.now()
    network.counts = counts
    network.save()

    result = ImportResult(network=network, model=model)
    existing = {
        (layer, code): pk
        for pk, layer, code in Asset.objects.filter(system=system, layer__in=[Layer.NODE, Layer.LINK]).values_list(
            "pk", "layer", "code"
        )
    }

    def build_node(node: dict) -> Asset:
        kind = _NODE_KINDS[node["node_type"]]
        pos = node_pos.get(node["name"])
        asset = Asset(
            kind=kind,
            layer=Layer.NODE,
            system=system,
            code=node["name"],
            company=company,
            status=Status.ACTIVE,
            elevation=node.get("elevation"),
            geometry=geo.point(*pos) if pos else None,
            hydraulic=_strip(node, _NODE_COLUMNS),
            network=network,
        )
        asset.set_bbox()
        return asset

    node_fields = [
        "kind",
        "company",
        "status",
        "elevation",
        "geometry",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "hydraulic",
        "network",
        "updated",
    ]
    node_ids = _save(result, [build_node(n) for n in model["nodes"]], existing, Layer.NODE, node_fields)

    def build_link(link: dict) -> Asset:
        kind = _LINK_KINDS[link["link_type"]]
        start, end = link["start_node_name"], link["end_node_name"]
        coords = [node_pos.get(start), *vertex_pos.get(link["name"], []), node_pos.get(end)]
        geometry = geo.line(coords) if coords[0] and coords[-1] else None
        diameter = link.get("diameter")
        hydraulic = _strip(link, _LINK_COLUMNS)
        asset = Asset(
            kind=kind,
            layer=Layer.LINK,
            system=system,
            code=link["name"],
            company=company,
            status=Status.ACTIVE,
            start_node_id=node_ids[start],
            end_node_id=node_ids[end],
            geometry=geometry,
            diameter=round(diameter * 1000, 6) if diameter else None,
            length=link.get("length") if kind == Kind.PIPE else None,
            subtype=link.get("valve_type", "") if kind == Kind.VALVE else "",
            hydraulic=hydraulic,
            network=network,
        )
        if kind == Kind.VALVE:
            asset.normally_open = str(link.get("initial_status", "")).upper() != "CLOSED"
            asset.operable = True
        if kind == Kind.PIPE and asset.length is None:
            asset.length = geo.geometry_length_m(geometry)
        asset.set_bbox()
        return asset

    link_fields = [
        "kind",
        "company",
        "status",
        "start_node",
        "end_node",
        "geometry",
        "diameter",
        "length",
        "subtype",
        "normally_open",
        "operable",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "hydraulic",
        "network",
        "updated",
    ]
    link_ids = _save(result, [build_link(lk) for lk in model["links"]], existing, Layer.LINK, link_fields)

    if replace:
        keep = set(node_ids.values()) | set(link_ids.values())
        stale = [pk for (layer, _), pk in existing.items() if pk not in keep]
        result.retired = Asset.objects.filter(pk__in=stale).update(status=Status.ABANDONED, updated=timezone.now())
    log.info("imported %s into %s: %s", path.name, system, result.summary)
    return result


def _save(result: ImportResult, assets: list[Asset], existing: dict, layer: str, fields: list[str]) -> dict:
    """Bulk-create the new assets and bulk-update the known ones; {code: pk} of all."""
    now = timezone.now()
    new, known = [], []
    for asset in assets:
        pk = existing.get((layer, asset.code))
        asset.updated = now
        if pk is None:
            asset.created = now
            new.append(asset)
        else:
            asset.pk = pk
            known.append(asset)
    Asset.objects.bulk_create(new, batch_size=BATCH)
    Asset.objects.bulk_update(known, fields, batch_size=BATCH)
    for bucket, items in ((result.created, new), (result.updated, known)):
        for asset in items:
            bucket[asset.kind] = bucket.get(asset.kind, 0) + 1
    ids = {a.code: a.pk for a in new + known}
    if any(pk is None for pk in ids.values()):  # databases that cannot return ids from a bulk insert
        ids = dict(
            Asset.objects.filter(system=assets[0].system, layer=layer, code__in=list(ids)).values_list("code", "pk")
        )
    return ids


def network_model(system: str) -> dict:
    """The active network of ``system`` as a WNTR model dictionary (SI units)."""
    network = Network.objects.filter(system=system).first()
    defaults = wntr.network.io.to_dict(wntr.network.WaterNetworkModel())
    placement = geo.placement_from_dict(network.placement if network else None)
    assets = list(
        Asset.objects.filter(system=system, status=Status.ACTIVE, layer__in=[Layer.NODE, Layer.LINK]).values(
            "kind",
            "layer",
            "code",
            "elevation",
            "geometry",
            "hydraulic",
            "diameter",
            "length",
            "subtype",
            "material",
            "normally_open",
            "start_node__code",
            "end_node__code",
            "start_node__status",
            "end_node__status",
        )
    )
    # Coordinates back to the file's own system, all in one transform call.
    xs, ys, owners = [], [], []
    for i, a in enumerate(assets):
        coords = (a["geometry"] or {}).get("coordinates")
        if not coords:
            continue
        points = [coords] if a["layer"] == Layer.NODE else coords[1:-1]
        for j, (lon, lat, *_) in enumerate(points):
            xs.append(lon)
            ys.append(lat)
            owners.append((i, j))
    out_x, out_y = placement.from_wgs84(xs, ys) if xs else ([], [])
    positions: dict[int, list] = {}
    for (i, _), x, y in zip(owners, out_x, out_y, strict=True):
        positions.setdefault(i, []).append([x, y])

    nodes, links = [], []
    for i, a in enumerate(assets):
        if a["layer"] == Layer.NODE:
            if a["kind"] not in _NODE_TYPES:
                continue
            element = dict(a["hydraulic"] or {})
            element.update(name=a["code"], node_type=_NODE_TYPES[a["kind"]])
            if a["kind"] != Kind.RESERVOIR:
                element["elevation"] = a["elevation"] if a["elevation"] is not None else 0.0
            elif "base_head" not in element:
                element["base_head"] = a["elevation"] or 0.0
            if i in positions:
                element["coordinates"] = positions[i][0]
            nodes.append(element)
        else:
            if a["start_node__status"] != Status.ACTIVE or a["end_node__status"] != Status.ACTIVE:
                continue
            element = dict(a["hydraulic"] or {})
            element.update(
                name=a["code"],
                link_type=_LINK_TYPES[a["kind"]],
                start_node_name=a["start_node__code"],
                end_node_name=a["end_node__code"],
                vertices=positions.get(i, []),
            )
            if a["diameter"] is not None and a["kind"] in (Kind.PIPE, Kind.VALVE):
                element["diameter"] = a["diameter"] / 1000
            if a["kind"] == Kind.PIPE:
                element["length"] = a["length"] if a["length"] is not None else 1.0
                element.setdefault("roughness", DEFAULT_ROUGHNESS.get(a["material"], 130.0))
            if a["kind"] == Kind.VALVE:
                element["valve_type"] = a["subtype"]
            links.append(element)

    return {
        "version": defaults["version"],
        "comment": defaults["comment"],
        "name": network.title if network else system,
        "title": [network.title] if network and network.title else [],
        "references": [],
        "options": network.options if network and network.options else defaults["options"],
        "curves": network.curves if network else [],
        "patterns": network.patterns if network else [],
        "nodes": nodes,
        "links": links,
        "sources": network.sources if network else [],
        "controls": network.controls if network else [],
    }


def export_network(system: str, path: str | Path) -> dict[str, int]:
    """Write the active network of ``system`` as an EPANET file; the element counts."""
    model = network_model(system)
    if not model["nodes"]:
        raise ValueError(f"the {system} network has no nodes to export")
    inp.write(model, path)
    return {
        "nodes": len(model["nodes"]),
        "links": len(model["links"]),
        "patterns": len(model["patterns"]),
        "controls": len(model["controls"]),
    }


# -- GeoJSON -----------------------------------------------------------------

MAP_FIELDS = ("id", "kind", "system", "code", "name", "status", "subtype", "diameter", "material", "geometry")


def geojson_features(
    queryset, properties=("kind", "system", "code", "name", "status", "subtype", "diameter", "material")
) -> str:
    """A GeoJSON FeatureCollection of the queryset, written as text in one pass.

    The map loads a whole network in one request; this avoids building
    thousands of nested dicts twice (query → dict → JSON).
    """
    chunks = []
    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    for row in (
        queryset.filter(geometry__isnull=False).values_list("id", "geometry", *properties).iterator(chunk_size=5000)
    ):
        props = dict(zip(properties, row[2:], strict=True))
        props["id"] = row[0]
        chunks.append(f'{{"type":"Feature","id":{row[0]},"geometry":{dumps(row[1])},"properties":{dumps(props)}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(chunks) + "]}"


def network_length_km(queryset) -> float:
    total = queryset.filter(kind=Kind.PIPE).aggregate(total=Sum("length"))["total"]
    return round((total or 0) / 1000, 3)
