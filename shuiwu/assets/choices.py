"""Choices of the asset register: kinds, systems, statuses, subtypes and materials."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class System(models.TextChoices):
    RAW = "raw", _("Raw water")
    SUPPLY = "supply", _("Water supply")
    SEWER = "sewer", _("Sewer")


SYSTEM_COLOURS = {System.RAW: "#2ca25f", System.SUPPLY: "#2171b5", System.SEWER: "#8c510a"}


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    ABANDONED = "abandoned", _("Abandoned")


class Layer(models.TextChoices):
    """Where an asset sits in the network graph: codes are unique per system and layer."""

    NODE = "node", _("Node")
    LINK = "link", _("Link")
    FEATURE = "feature", _("Feature")


class Kind(models.TextChoices):
    PIPE = "pipe", _("Pipe")
    JUNCTION = "junction", _("Junction")
    VALVE = "valve", _("Valve")
    HYDRANT = "hydrant", _("Hydrant")
    SERVICE_POINT = "service_point", _("Service point")
    PUMP = "pump", _("Pump")
    PUMP_STATION = "pump_station", _("Pump station")
    TANK = "tank", _("Tank")
    RESERVOIR = "reservoir", _("Reservoir")
    PLANT = "plant", _("Plant")
    PROCESS_UNIT = "process_unit", _("Process unit")
    INTAKE = "intake", _("Raw-water intake")
    SECONDARY_UNIT = "secondary_unit", _("Secondary-supply unit")
    MANHOLE = "manhole", _("Manhole")
    METER_WELL = "meter_well", _("Flow-meter well")
    OUTFALL = "outfall", _("Outfall")


# The graph layer of each kind. Valves and pumps are links when they join two
# nodes (EPANET control valves, pumps); an isolation valve on a pipe is a feature.
NODE_KINDS = {Kind.JUNCTION, Kind.TANK, Kind.RESERVOIR, Kind.MANHOLE, Kind.OUTFALL}
LINK_KINDS = {Kind.PIPE, Kind.PUMP, Kind.VALVE}
LINEAR_KINDS = {Kind.PIPE}


class ValveType(models.TextChoices):
    GATE = "gate", _("Gate valve")
    BUTTERFLY = "butterfly", _("Butterfly valve")
    CHECK = "check", _("Check valve")
    AIR = "air", _("Air-release valve")
    DRAIN = "drain", _("Drain (blow-off) valve")
    PRV = "PRV", _("Pressure-reducing valve")
    PSV = "PSV", _("Pressure-sustaining valve")
    PBV = "PBV", _("Pressure-breaker valve")
    FCV = "FCV", _("Flow-control valve")
    TCV = "TCV", _("Throttle-control valve")
    GPV = "GPV", _("General-purpose valve")


CONTROL_VALVE_TYPES = {"PRV", "PSV", "PBV", "FCV", "TCV", "GPV"}
ISOLATION_VALVE_TYPES = {"gate", "butterfly"}


class ProcessUnitType(models.TextChoices):
    INTAKE = "intake", _("Intake pumping")
    BIO_PRETREATMENT = "bio_pretreatment", _("Biological pre-treatment")
    COAGULATION = "coagulation", _("Coagulation and flocculation")
    SEDIMENTATION = "sedimentation", _("Sedimentation")
    SAND_FILTER = "sand_filter", _("Sand filter")
    CARBON_FILTER = "carbon_filter", _("Carbon filter")
    OZONE = "ozone", _("Ozone contact")
    DISINFECTION = "disinfection", _("Disinfection")
    CLEAR_WATER_RESERVOIR = "clear_water_reservoir", _("Clear-water reservoir")
    DOSING_ROOM = "dosing_room", _("Dosing room")
    SLUDGE = "sludge", _("Sludge treatment and scrapers")
    DISTRIBUTION_PUMPING = "distribution_pumping", _("Distribution pumping")
    SCREEN = "screen", _("Screens and grit")
    AERATION = "aeration", _("Aeration (biological)")
    SECONDARY_CLARIFIER = "secondary_clarifier", _("Secondary clarifier")


class PlantType(models.TextChoices):
    WATER = "water", _("Water treatment plant")
    SEWAGE = "sewage", _("Sewage treatment plant")


class PumpStationType(models.TextChoices):
    RAW = "raw", _("Raw-water pumping")
    BOOSTER = "booster", _("Network booster")
    SEWAGE = "sewage", _("Sewage pumping")
    STORM = "storm", _("Storm-water pumping")


class SecondaryUnitType(models.TextChoices):
    BOOSTER_TANK = "booster_tank", _("Tank and booster pumps")
    NON_NEGATIVE = "non_negative", _("No-negative-pressure (无负压)")
    SUPERIMPOSED = "superimposed", _("Direct-boost (叠压)")
    ROOF_TANK = "roof_tank", _("Roof tank")


class ManholeType(models.TextChoices):
    SEWAGE = "sewage", _("Foul sewer")
    STORM = "storm", _("Storm sewer")
    COMBINED = "combined", _("Combined")


class ServicePointType(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    NON_RESIDENTIAL = "non_residential", _("Non-residential")
    SPECIAL = "special", _("Special")
    HOSPITAL = "hospital", _("Hospital")
    SCHOOL = "school", _("School")
    CARE_HOME = "care_home", _("Care home")
    INDUSTRIAL = "industrial", _("Industrial")


CRITICAL_SERVICE_TYPES = {ServicePointType.HOSPITAL, ServicePointType.SCHOOL, ServicePointType.CARE_HOME}

# Subtype choices per kind (one ``subtype`` column, validated against the kind).
SUBTYPES: dict[str, type[models.TextChoices]] = {
    Kind.VALVE: ValveType,
    Kind.PROCESS_UNIT: ProcessUnitType,
    Kind.PLANT: PlantType,
    Kind.PUMP_STATION: PumpStationType,
    Kind.SECONDARY_UNIT: SecondaryUnitType,
    Kind.MANHOLE: ManholeType,
    Kind.SERVICE_POINT: ServicePointType,
}


class Material(models.TextChoices):
    DUCTILE_IRON = "DI", _("Ductile iron")
    CAST_IRON = "CI", _("Cast iron")
    STEEL = "ST", _("Steel")
    PE = "PE", _("Polyethylene (PE)")
    PVC = "PVC", _("PVC-U")
    PCCP = "PCCP", _("Prestressed concrete cylinder (PCCP)")
    CONCRETE = "RC", _("Reinforced concrete")
    GRP = "GRP", _("Glass-reinforced plastic")
    HDPE_CORRUGATED = "HDPE-C", _("HDPE double-wall corrugated")
    GALVANISED = "GS", _("Galvanised steel")
    STAINLESS = "SS", _("Stainless steel")
    UNKNOWN = "", _("Unknown")


MATERIAL_COLOURS = {
    "DI": "#1f78b4",
    "CI": "#6a3d9a",
    "ST": "#e31a1c",
    "PE": "#33a02c",
    "PVC": "#ff7f00",
    "PCCP": "#b15928",
    "RC": "#a6761d",
    "GRP": "#fb9a99",
    "HDPE-C": "#b2df8a",
    "GS": "#cab2d6",
    "SS": "#999999",
    "": "#bbbbbb",
}
