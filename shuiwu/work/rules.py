"""The repair centre's rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

DUPLICATE_RADIUS_M = rules.declare(
    "work.duplicate_radius_m",
    300,
    source="Shuiwu default (issue: 300 m)",
    local_policy=True,
    description=_("Open work orders and outages within this distance of a new call are shown before saving."),
)
PLANNED_NOTICE_HOURS = rules.declare(
    "work.planned_outage_notice_hours",
    24,
    source="DOMAIN.md §3.3: provincial supply regulation Art. 29 (P): notify 24 h before a planned interruption",
    local_policy=False,
    description=_("Least notice, in hours, before a planned outage starts."),
)
TEMPORARY_SUPPLY_HOURS = rules.declare(
    "work.temporary_supply_after_hours",
    24,
    source="DOMAIN.md §3.3 (P): if service cannot be restored within 24 h, take emergency supply measures",
    local_policy=False,
    description=_("An outage longer than this needs temporary supply (water trucks)."),
)
NIGHT_HOURS = rules.declare(
    "work.night_hours",
    [22, 6],
    source="local policy (DOMAIN.md §3.3 example D: day/night arrival times)",
    local_policy=True,
    description=_("Local hours [from, to) counted as night for night arrival deadlines."),
)
AT_RISK_SHARE = rules.declare(
    "work.sla_at_risk_share",
    0.25,
    source="local policy",
    local_policy=True,
    description=_("A deadline is at risk when less than this share of its time is left."),
)
