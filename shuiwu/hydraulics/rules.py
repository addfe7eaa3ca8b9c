"""Hydraulic rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

MIN_SERVICE_PRESSURE_MPA = rules.declare(
    "hydraulics.min_service_pressure_mpa",
    0.14,
    source="DOMAIN.md §3.2: ≥0.14 MPa at network ends (CJJ 58 §3.1.3 as cited, P)",
    local_policy=False,
    description=_("The least pressure a node must keep over a run to count as served."),
)
FIRE_RESIDUAL_PRESSURE_MPA = rules.declare(
    "hydraulics.fire_residual_pressure_mpa",
    0.10,
    source="GB 50974 / GB 50013 practice: 0.10 MPa residual at the hydrant (local policy until confirmed)",
    local_policy=True,
    description=_("The pressure a hydrant must keep while delivering its fire flow."),
)
SUMMER_PEAK_FACTOR = rules.declare(
    "hydraulics.summer_peak_factor",
    1.3,
    source="Shuiwu default: the demo city's peak day over its mean day",
    local_policy=True,
    description=_("Demand factor of the seeded summer-peak scenario."),
)
