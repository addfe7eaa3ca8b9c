"""Plant operation thresholds as data (core.rules).

DOMAIN.md has no figure for a plant's own use, its energy per m³ or a dosing room's stock (its sections 1–9
cover water quality, monitoring, network service, leakage, secondary supply, tariffs, service and sewerage; a
plant's own-use or energy figure is not there: NF). Every threshold here is therefore the utility's own rule,
labelled local policy and editable in the admin.
"""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

LOCAL = "Shuiwu default (local policy): DOMAIN.md gives no figure for plant own use, energy or stock (NF)"

rules.declare(
    "plants.own_use_band_percent",
    [1.0, 8.0],
    source=LOCAL,
    local_policy=True,
    description=_(
        "A water plant's own use (raw water in less finished water out, as a percentage of raw water in) outside this "
        "band [low, high] is flagged: below it the meters are suspect, above it water is being wasted."
    ),
)
rules.declare(
    "plants.outflow_tolerance_percent",
    2.0,
    source=LOCAL,
    local_policy=True,
    description=_("Outflow may exceed inflow by at most this % (the meters' error); beyond it a daily log is refused."),
)
rules.declare(
    "plants.kwh_per_m3_high",
    {"water": 0.45, "sewage": 0.60},
    source=LOCAL,
    local_policy=True,
    description=_(
        "Energy per m³ above which a day is flagged, per plant type (water: per m³ out; sewage: per m³ treated)."
    ),
)
rules.declare(
    "plants.low_stock_days_of_cover",
    7,
    source=LOCAL,
    local_policy=True,
    description=_(
        "A chemical is low when its stock lasts fewer days than this at the recent use, or is below its minimum."
    ),
)
rules.declare(
    "plants.usage_window_days",
    14,
    source=LOCAL,
    local_policy=True,
    description=_("Days of dosing averaged to give a chemical's daily use (for its days of cover)."),
)
