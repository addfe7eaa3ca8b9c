"""The asset register: every asset of the raw-water, supply and sewer networks, and their areas.

One ``Asset`` table holds every kind (pipe, valve, tank, plant …) so that the
network is one graph, the map is one query, and every other app points at
"an asset" with one foreign key. Each kind has a proxy model (``Pipe``,
``Valve`` …) with its own manager, admin, API endpoint and permissions. What
EPANET needs to simulate an element is kept, in SI units and WNTR's own
names, in ``hydraulic``; what a utility records beyond the common columns is
kept in ``attrs``.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import (
    CONTROL_VALVE_TYPES,
    LINK_KINDS,
    NODE_KINDS,
    SUBTYPES,
    Kind,
    Layer,
    Material,
    Status,
    System,
)
from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.lib import geo
from shuiwu.org.models import code_validator


class GeoFields(models.Model):
    """GeoJSON geometry (WGS84) with bounding-box columns for indexed map queries."""

    geometry = models.JSONField(_("geometry"), null=True, blank=True, help_text=_("GeoJSON, WGS84"))
    min_lon = models.FloatField(null=True, blank=True, editable=False)
    min_lat = models.FloatField(null=True, blank=True, editable=False)
    max_lon = models.FloatField(null=True, blank=True, editable=False)
    max_lat = models.FloatField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def set_bbox(self) -> None:
        box = geo.bbox(self.geometry)
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = box if box else (None, None, None, None)

    def clean_geometry(self) -> None:
        if self.geometry:
            try:
                geo.validate(self.geometry)
            except ValueError as exc:
                raise ValidationError({"geometry": str(exc)})

    @property
    def centre(self) -> tuple[float, float] | None:
        if self.min_lon is None:
            return None
        return (self.min_lon + self.max_lon) / 2, (self.min_lat + self.max_lat) / 2


class GeoQuerySet(ScopedQuerySet):
    def in_bbox(self, west: float, south: float, east: float, north: float):
        """Rows whose bounding box meets the given box."""
        return self.filter(max_lon__gte=west, min_lon__lte=east, max_lat__gte=south, min_lat__lte=north)


class PressureZone(CompanyScopedModel, GeoFields):
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    system = models.CharField(_("system"), max_length=10, choices=System.choices, default=System.SUPPLY)
    min_pressure_mpa = models.DecimalField(
        _("minimum service pressure (MPa)"), max_digits=5, decimal_places=3, null=True, blank=True
    )
    attrs = models.JSONField(_("attributes"), default=dict, blank=True)

    objects = GeoQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("pressure zone")
        verbose_name_plural = _("pressure zones")

    def __str__(self):
        return self.name or self.code

    def save(self, *args, **kwargs):
        self.set_bbox()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("assets:pressurezone_detail", args=[self.pk])

    def clean(self):
        self.clean_geometry()


class DMA(CompanyScopedModel, GeoFields):
    """A district metered area: a polygon of the supply network with metered inlets."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    zone = models.ForeignKey(
        PressureZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dmas",
        verbose_name=_("pressure zone"),
    )
    attrs = models.JSONField(_("attributes"), default=dict, blank=True)

    objects = GeoQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("DMA")
        verbose_name_plural = _("DMAs")

    def __str__(self):
        return self.name or self.code

    def save(self, *args, **kwargs):
        self.set_bbox()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("assets:dma_detail", args=[self.pk])

    def clean(self):
        self.clean_geometry()
        if self.geometry and self.geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValidationError({"geometry": _("A DMA is a Polygon or MultiPolygon.")})


class Network(ChangeLoggedModel):
    """The network-wide part of a hydraulic model of one system, kept from its import.

    Patterns, curves, controls and options are WNTR's dictionaries, so the
    register exports back to an EPANET file that runs. ``placement`` says how
    the file's coordinates map to WGS84.
    """

    system = models.CharField(_("system"), max_length=10, choices=System.choices, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    placement = models.JSONField(_("coordinate placement"), default=dict, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)
    patterns = models.JSONField(_("patterns"), default=list, blank=True)
    curves = models.JSONField(_("curves"), default=list, blank=True)
    controls = models.JSONField(_("controls"), default=list, blank=True)
    sources = models.JSONField(_("quality sources"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    counts = models.JSONField(_("element counts"), default=dict, blank=True)

    changelog_exclude = ("created", "updated", "patterns", "curves", "controls", "options")

    class Meta:
        ordering = ["system"]
        verbose_name = _("hydraulic network")
        verbose_name_plural = _("hydraulic networks")

    def __str__(self):
        return f"{self.get_system_display()} — {self.title or self.source_file}"


class AssetQuerySet(GeoQuerySet):
    def active(self):
        return self.filter(status=Status.ACTIVE)

    def nodes(self):
        return self.filter(layer=Layer.NODE)

    def links(self):
        return self.filter(layer=Layer.LINK)


class AssetManager(models.Manager.from_queryset(AssetQuerySet)):
    pass


class KindManager(AssetManager):
    """The manager of a kind's proxy model: only assets of that kind."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind)


class Asset(CompanyScopedModel, GeoFields):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    layer = models.CharField(_("layer"), max_length=10, choices=Layer.choices, editable=False)
    system = models.CharField(_("system"), max_length=10, choices=System.choices)
    code = models.CharField(_("code"), max_length=60, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    subtype = models.CharField(_("type"), max_length=30, blank=True)
    install_date = models.DateField(_("installed"), null=True, blank=True)
    material = models.CharField(_("material"), max_length=10, choices=Material.choices, blank=True)
    diameter = models.FloatField(_("diameter (mm)"), null=True, blank=True)
    length = models.FloatField(
        _("length (m)"), null=True, blank=True, help_text=_("Left empty, it is measured from the geometry.")
    )
    elevation = models.FloatField(_("elevation (m)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("part of")
    )
    start_node = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("start node")
    )
    end_node = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("end node")
    )
    node = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attached",
        verbose_name=_("connected node"),
    )
    pipe = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="fittings", verbose_name=_("on pipe")
    )
    dma = models.ForeignKey(
        DMA, on_delete=models.SET_NULL, null=True, blank=True, related_name="assets", verbose_name=_("DMA")
    )
    zone = models.ForeignKey(
        PressureZone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("pressure zone"),
    )

    normally_open = models.BooleanField(_("normally open"), null=True, blank=True)
    operable = models.BooleanField(_("operable"), null=True, blank=True)

    hydraulic = models.JSONField(
        _("hydraulic properties"),
        default=dict,
        blank=True,
        help_text=_("EPANET properties in SI units, as WNTR names them"),
    )
    attrs = models.JSONField(_("attributes"), default=dict, blank=True)
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assets",
        verbose_name=_("imported with"),
    )

    objects = AssetManager()

    class Meta:
        ordering = ["system", "kind", "code"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        constraints = [
            models.UniqueConstraint(fields=["system", "layer", "code"], name="assets_asset_code_unique"),
        ]
        indexes = [
            models.Index(fields=["kind", "system", "status"], name="assets_kind_system_status"),
            models.Index(fields=["min_lon", "max_lon", "min_lat", "max_lat"], name="assets_bbox"),
            models.Index(fields=["company", "kind"], name="assets_company_kind"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}".strip() if self.name else self.code

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("assets:asset_detail", args=[self.pk])

    # -- derived values -------------------------------------------------

    def compute_layer(self) -> str:
        if self.kind in NODE_KINDS:
            return Layer.NODE
        if self.kind in LINK_KINDS and (self.kind == Kind.PIPE or (self.start_node_id and self.end_node_id)):
            return Layer.LINK
        return Layer.FEATURE

    @property
    def is_control_valve(self) -> bool:
        return self.kind == Kind.VALVE and self.subtype in CONTROL_VALVE_TYPES

    @property
    def subtype_label(self) -> str:
        """The type in words (the type's choices depend on the kind)."""
        choices = SUBTYPES.get(self.kind)
        return str(choices(self.subtype).label) if choices and self.subtype in choices.values else self.subtype

    @property
    def length_km(self) -> float | None:
        return None if self.length is None else self.length / 1000

    def fill_derived(self) -> None:
        """Layer, geometry of a link from its nodes, bounding box, and length from the geometry."""
        self.layer = self.compute_layer()
        if not self.geometry and self.layer == Layer.LINK and self.start_node_id and self.end_node_id:
            a, b = self.start_node.geometry, self.end_node.geometry
            if a and b and a.get("type") == b.get("type") == "Point":
                self.geometry = geo.line([a["coordinates"], b["coordinates"]])
        self.set_bbox()
        if self.length is None and self.kind == Kind.PIPE:
            self.length = geo.geometry_length_m(self.geometry)

    def clean(self):
        errors = {}
        if self.kind:
            choices = SUBTYPES.get(self.kind)
            if self.subtype and (choices is None or self.subtype not in choices.values):
                errors["subtype"] = _("“%(value)s” is not a type of %(kind)s.") % {
                    "value": self.subtype,
                    "kind": Kind(self.kind).label,
                }
        try:
            self.clean_geometry()
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if self.kind == Kind.PIPE and not (self.start_node_id and self.end_node_id):
            errors["start_node"] = _("A pipe joins a start node and an end node.")
        for field in ("start_node", "end_node"):
            node_id = getattr(self, f"{field}_id")
            if node_id:
                node = getattr(self, field)
                if node.layer != Layer.NODE:
                    errors[field] = _("%(asset)s is not a network node.") % {"asset": node}
                elif self.system and node.system != self.system:
                    errors[field] = _("%(asset)s is in another system.") % {"asset": node}
        if self.start_node_id and self.start_node_id == self.end_node_id:
            errors["end_node"] = _("A link cannot start and end at the same node.")
        if self.diameter is not None and self.diameter <= 0:
            errors["diameter"] = _("The diameter must be positive.")
        if self.length is not None and self.length < 0:
            errors["length"] = _("The length cannot be negative.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An asset cannot be part of itself.")
        if errors:
            raise ValidationError(errors)


class ServedBuilding(ChangeLoggedModel):
    """A building (and its floors) that a secondary-supply unit serves."""

    scope_path = "unit__company"

    unit = models.ForeignKey(
        Asset,
        on_delete=models.CASCADE,
        related_name="served_buildings",
        limit_choices_to={"kind": Kind.SECONDARY_UNIT},
        verbose_name=_("secondary-supply unit"),
    )
    name = models.CharField(_("building"), max_length=100)
    storeys = models.PositiveSmallIntegerField(_("storeys"))
    floor_from = models.PositiveSmallIntegerField(_("served from floor"))
    floor_to = models.PositiveSmallIntegerField(_("served to floor"))
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("served building")
        verbose_name_plural = _("served buildings")

    def __str__(self):
        return f"{self.name} {self.floor_from}–{self.floor_to}F"

    def clean(self):
        if self.floor_from and self.floor_to and self.floor_from > self.floor_to:
            raise ValidationError({"floor_to": _("The top floor is below the bottom floor.")})
        if self.storeys and self.floor_to and self.floor_to > self.storeys:
            raise ValidationError({"floor_to": _("The building has only %(n)s storeys.") % {"n": self.storeys}})


# -- one proxy model per kind ---------------------------------------------


class KindProxy:
    """Mixin of the per-kind proxies: fixes the kind on save."""

    asset_kind: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.kind:
            self.kind = self.asset_kind

    def save(self, *args, **kwargs):
        self.kind = self.asset_kind
        super().save(*args, **kwargs)


def _proxy(class_name: str, kind: Kind, verbose: str, verbose_plural: str) -> type[Asset]:
    meta = type("Meta", (), {"proxy": True, "verbose_name": verbose, "verbose_name_plural": verbose_plural})
    attrs = {"__module__": __name__, "Meta": meta, "asset_kind": kind.value, "objects": KindManager(kind.value)}
    return type(class_name, (KindProxy, Asset), attrs)


Pipe = _proxy("Pipe", Kind.PIPE, _("pipe"), _("pipes"))
Junction = _proxy("Junction", Kind.JUNCTION, _("junction"), _("junctions"))
Valve = _proxy("Valve", Kind.VALVE, _("valve"), _("valves"))
Hydrant = _proxy("Hydrant", Kind.HYDRANT, _("hydrant"), _("hydrants"))
ServicePoint = _proxy("ServicePoint", Kind.SERVICE_POINT, _("service point"), _("service points"))
Pump = _proxy("Pump", Kind.PUMP, _("pump"), _("pumps"))
PumpStation = _proxy("PumpStation", Kind.PUMP_STATION, _("pump station"), _("pump stations"))
Tank = _proxy("Tank", Kind.TANK, _("tank"), _("tanks"))
Reservoir = _proxy("Reservoir", Kind.RESERVOIR, _("reservoir"), _("reservoirs"))
Plant = _proxy("Plant", Kind.PLANT, _("plant"), _("plants"))
ProcessUnit = _proxy("ProcessUnit", Kind.PROCESS_UNIT, _("process unit"), _("process units"))
Intake = _proxy("Intake", Kind.INTAKE, _("raw-water intake"), _("raw-water intakes"))
SecondaryUnit = _proxy("SecondaryUnit", Kind.SECONDARY_UNIT, _("secondary-supply unit"), _("secondary-supply units"))
Manhole = _proxy("Manhole", Kind.MANHOLE, _("manhole"), _("manholes"))
MeterWell = _proxy("MeterWell", Kind.METER_WELL, _("flow-meter well"), _("flow-meter wells"))
Outfall = _proxy("Outfall", Kind.OUTFALL, _("outfall"), _("outfalls"))

PROXIES: dict[str, type[Asset]] = {
    cls.asset_kind: cls
    for cls in (
        Pipe,
        Junction,
        Valve,
        Hydrant,
        ServicePoint,
        Pump,
        PumpStation,
        Tank,
        Reservoir,
        Plant,
        ProcessUnit,
        Intake,
        SecondaryUnit,
        Manhole,
        MeterWell,
        Outfall,
    )
}
