"""What differs between asset kinds: URL slug, the fields a person edits, how the map draws it."""

from dataclasses import dataclass

from shuiwu.assets.choices import Kind


@dataclass(frozen=True)
class KindSpec:
    kind: str
    slug: str  # plural kebab, as in /assets/pump-stations/ and /api/assets/pump-stations/
    fields: tuple[str, ...]  # kind-specific fields beyond the common ones
    geometry: str  # "point" or "line"
    colour: str
    radius: int = 5


COMMON_FIELDS = (
    "code",
    "name",
    "system",
    "company",
    "status",
    "subtype",
    "install_date",
    "material",
    "diameter",
    "address",
    "dma",
    "zone",
    "parent",
)

SPECS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        KindSpec(Kind.PIPE, "pipes", ("start_node", "end_node", "length"), "line", "#2171b5"),
        KindSpec(Kind.JUNCTION, "junctions", ("elevation",), "point", "#6baed6", 2),
        KindSpec(
            Kind.VALVE,
            "valves",
            ("pipe", "node", "start_node", "end_node", "normally_open", "operable"),
            "point",
            "#e6550d",
            4,
        ),
        KindSpec(Kind.HYDRANT, "hydrants", ("node", "pipe", "elevation"), "point", "#de2d26", 4),
        KindSpec(Kind.SERVICE_POINT, "service-points", ("node", "pipe"), "point", "#756bb1", 3),
        KindSpec(Kind.PUMP, "pumps", ("start_node", "end_node"), "point", "#31a354", 6),
        KindSpec(Kind.PUMP_STATION, "pump-stations", ("node", "elevation"), "point", "#006d2c", 8),
        KindSpec(Kind.TANK, "tanks", ("elevation",), "point", "#08519c", 8),
        KindSpec(Kind.RESERVOIR, "reservoirs", ("elevation",), "point", "#08306b", 9),
        KindSpec(Kind.PLANT, "plants", ("node", "elevation"), "point", "#54278f", 11),
        KindSpec(Kind.PROCESS_UNIT, "process-units", (), "point", "#9e9ac8", 5),
        KindSpec(Kind.INTAKE, "intakes", ("node", "elevation"), "point", "#2ca25f", 9),
        KindSpec(Kind.SECONDARY_UNIT, "secondary-units", ("node",), "point", "#d95f0e", 6),
        KindSpec(Kind.MANHOLE, "manholes", ("elevation",), "point", "#8c510a", 2),
        KindSpec(Kind.METER_WELL, "meter-wells", ("pipe", "node"), "point", "#01665e", 5),
        KindSpec(Kind.OUTFALL, "outfalls", ("elevation",), "point", "#543005", 7),
    )
}

BY_SLUG = {spec.slug: spec for spec in SPECS.values()}


def form_fields(kind: str) -> list[str]:
    """The fields of a kind's form and serializer, common ones first, without duplicates."""
    return list(dict.fromkeys([*COMMON_FIELDS, *SPECS[kind].fields]))
