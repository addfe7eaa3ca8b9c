"""Geometry helpers on GeoJSON (WGS84): bounding boxes, geodesic lengths, coordinate transforms.

Geometry lives in the database as GeoJSON dicts in longitude/latitude
(EPSG:4326). Lengths are geodesic metres on the WGS84 ellipsoid.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pyproj import CRS, Geod, Transformer

WGS84 = "EPSG:4326"
_GEOD = Geod(ellps="WGS84")

Coord = Sequence[float]


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}


def line(coords: Iterable[Coord]) -> dict:
    return {"type": "LineString", "coordinates": [[round(x, 7), round(y, 7)] for x, y in coords]}


def polygon(ring: Iterable[Coord]) -> dict:
    pts = [[round(x, 7), round(y, 7)] for x, y in ring]
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    return {"type": "Polygon", "coordinates": [pts]}


def _positions(geometry: dict) -> Iterable[Coord]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    if kind == "Point":
        yield coords
    elif kind in ("LineString", "MultiPoint"):
        yield from coords
    elif kind in ("Polygon", "MultiLineString"):
        for part in coords:
            yield from part
    elif kind == "MultiPolygon":
        for poly in coords:
            for ring in poly:
                yield from ring
    elif kind == "GeometryCollection":
        for g in geometry.get("geometries", []):
            yield from _positions(g)
    else:
        raise ValueError(f"unsupported geometry type {kind!r}")


def bbox(geometry: dict | None) -> tuple[float, float, float, float] | None:
    """(min_lon, min_lat, max_lon, max_lat) of a GeoJSON geometry, None for none."""
    if not geometry:
        return None
    xs, ys = [], []
    for x, y, *_ in _positions(geometry):
        xs.append(x)
        ys.append(y)
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def validate(geometry: dict) -> None:
    """Raise ValueError unless ``geometry`` is GeoJSON with WGS84 positions."""
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise ValueError("geometry must be a GeoJSON object with a 'type'")
    count = 0
    for pos in _positions(geometry):
        if len(pos) < 2 or not all(isinstance(v, int | float) for v in pos[:2]):
            raise ValueError(f"position {pos!r} is not [longitude, latitude]")
        lon, lat = pos[0], pos[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"position {pos!r} is outside longitude/latitude range")
        count += 1
    if geometry["type"] == "LineString" and count < 2:
        raise ValueError("a LineString needs at least two positions")
    if count == 0:
        raise ValueError("geometry has no positions")


def line_length_m(coords: Sequence[Coord]) -> float:
    """Geodesic length in metres of a lon/lat polyline."""
    if len(coords) < 2:
        return 0.0
    lons = [c[0] for c in coords]
    lats = [c[1] for c in coords]
    return float(_GEOD.line_length(lons, lats))


def geometry_length_m(geometry: dict | None) -> float | None:
    if not geometry:
        return None
    if geometry["type"] == "LineString":
        return line_length_m(geometry["coordinates"])
    if geometry["type"] == "MultiLineString":
        return sum(line_length_m(part) for part in geometry["coordinates"])
    return None


def distance_m(a: Coord, b: Coord) -> float:
    """Geodesic distance in metres between two lon/lat positions."""
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2])


def metres_per_degree(lat: float) -> tuple[float, float]:
    """Approximate metres per degree of longitude and latitude at ``lat`` (for small offsets)."""
    return 111_320.0 * math.cos(math.radians(lat)), 110_574.0


@dataclass(frozen=True)
class PlanarPlacement:
    """Places planar coordinates with no CRS on the map.

    The documented local transform: planar units × ``scale`` are metres east
    and north of the drawing's centre (``centre_x``, ``centre_y``), and that
    centre sits at (``origin_lon``, ``origin_lat``) on an azimuthal
    equidistant projection, so distances near the origin are true.
    """

    origin_lon: float
    origin_lat: float
    centre_x: float
    centre_y: float
    scale: float = 1.0

    def forward(self) -> Transformer:
        return _aeqd(self.origin_lon, self.origin_lat)[0]

    def inverse(self) -> Transformer:
        return _aeqd(self.origin_lon, self.origin_lat)[1]

    def to_wgs84(self, xs: Sequence[float], ys: Sequence[float]) -> tuple[list[float], list[float]]:
        ex = [(x - self.centre_x) * self.scale for x in xs]
        ny = [(y - self.centre_y) * self.scale for y in ys]
        lon, lat = self.forward().transform(ex, ny)
        return list(lon), list(lat)

    def from_wgs84(self, lons: Sequence[float], lats: Sequence[float]) -> tuple[list[float], list[float]]:
        ex, ny = self.inverse().transform(list(lons), list(lats))
        return [x / self.scale + self.centre_x for x in ex], [y / self.scale + self.centre_y for y in ny]

    def as_dict(self) -> dict:
        return {
            "kind": "planar",
            "origin_lon": self.origin_lon,
            "origin_lat": self.origin_lat,
            "centre_x": self.centre_x,
            "centre_y": self.centre_y,
            "scale": self.scale,
        }


@lru_cache(maxsize=16)
def _aeqd(lon: float, lat: float) -> tuple[Transformer, Transformer]:
    """Transformers to and from an azimuthal equidistant projection centred on (lon, lat)."""
    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +x_0=0 +y_0=0 +datum=WGS84 +units=m")
    return (Transformer.from_crs(crs, WGS84, always_xy=True), Transformer.from_crs(WGS84, crs, always_xy=True))


@lru_cache(maxsize=16)
def _transformer(source: str, target: str) -> Transformer:
    return Transformer.from_crs(source, target, always_xy=True)


@dataclass(frozen=True)
class CRSPlacement:
    """Coordinates in a known CRS (``EPSG:xxxx``), transformed to and from WGS84."""

    crs: str

    def to_wgs84(self, xs, ys):
        lon, lat = _transformer(self.crs, WGS84).transform(list(xs), list(ys))
        return list(lon), list(lat)

    def from_wgs84(self, lons, lats):
        x, y = _transformer(WGS84, self.crs).transform(list(lons), list(lats))
        return list(x), list(y)

    def as_dict(self) -> dict:
        return {"kind": "crs", "crs": self.crs}


def placement_from_dict(data: dict | None):
    if not data:
        return CRSPlacement(WGS84)
    if data.get("kind") == "planar":
        return PlanarPlacement(
            data["origin_lon"], data["origin_lat"], data["centre_x"], data["centre_y"], data.get("scale", 1.0)
        )
    return CRSPlacement(data.get("crs", WGS84))


def check_crs(value: str) -> str:
    """Normalise a CRS string such as ``EPSG:4547``; ValueError when pyproj does not know it."""
    try:
        crs = CRS.from_user_input(value)
    except Exception as exc:  # pyproj raises CRSError, a subclass of several bases
        raise ValueError(f"unknown CRS {value!r}: {exc}") from None
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]}" if auth else crs.to_string()


def _local_metres(points, lon0: float, lat0: float):
    per_lon, per_lat = metres_per_degree(lat0)
    return [((x - lon0) * per_lon, (y - lat0) * per_lat) for x, y, *_ in points]


def covered_length(
    lines: Sequence[Sequence[Coord]], track: Sequence[Coord], tolerance_m: float, step_m: float = 10.0
) -> tuple[float, float]:
    """(metres of ``lines`` within ``tolerance_m`` of the ``track``, metres of ``lines`` in all).

    Lines and track are lon/lat, put on a flat local frame (metres east and north of their centre), exact
    enough over a city. Each line is sampled every ``step_m``; a sample counts as covered when a segment of
    the track passes within the tolerance (an R-tree of the track's segments answers that for all samples
    at once).
    """
    import numpy as np
    import shapely

    lines = [line for line in lines if len(line) >= 2]
    if not lines:
        return 0.0, 0.0
    every = [p for line in lines for p in line] + list(track)
    lon0 = sum(p[0] for p in every) / len(every)
    lat0 = sum(p[1] for p in every) / len(every)
    geoms = np.array([shapely.LineString(_local_metres(line, lon0, lat0)) for line in lines])
    lengths = shapely.length(geoms)
    total = float(lengths.sum())
    if not track:
        return 0.0, total
    walked = np.array(_local_metres(track, lon0, lat0))
    if len(walked) == 1:
        segments = shapely.points(walked)
    else:
        segments = shapely.linestrings(np.stack([walked[:-1], walked[1:]], axis=1))
    tree = shapely.STRtree(segments)
    counts = np.maximum(1, np.ceil(lengths / step_m).astype(int))
    weights = np.where(lengths > 0, lengths / counts, 0.0)
    owner = np.repeat(np.arange(len(geoms)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    samples = shapely.line_interpolate_point(geoms[owner], (offsets + 0.5) * weights[owner])
    hits = np.unique(tree.query(samples, predicate="dwithin", distance=tolerance_m)[0])
    return float(weights[owner][hits].sum()), total


def track_length_m(track: Sequence[Coord]) -> float:
    """Geodesic length in metres of a GPS track."""
    return line_length_m(track) if len(track) >= 2 else 0.0
