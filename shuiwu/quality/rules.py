"""Rules of the water-quality lab as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

rules.declare(
    "quality.pass_rate_target",
    95,
    source="CJ/T 206-2005 表4: composite, finished-water and network-water pass rates each ≥95% (DOMAIN.md §2.2, P)",
    local_policy=False,
    description=_("Pass rate (%) that the composite, finished-water and network-water rates must reach."),
)
rules.declare(
    "quality.people_per_network_point",
    20000,
    source="1 network sampling point per 20,000 people served (DOMAIN.md §2.2, P as quoted)",
    local_policy=False,
    description=_("People served per network sampling point."),
)
rules.declare(
    "quality.population_served",
    0,
    source="NF: the utility's own figure (0: not set); set it to check the number of network points",
    local_policy=True,
    description=_("People served by the network (for the number of network sampling points)."),
)
rules.declare(
    "quality.retest_within_days",
    1,
    source="CJ/T 206-2005: retest immediately after an exceedance (DOMAIN.md §2.2, P); the day count is local policy",
    local_policy=True,
    description=_("Days within which the retest after an exceedance is due (1: the same day)."),
)
rules.declare(
    "quality.escalation_days",
    14,
    source="CJ/T 206-2005: increase the frequency after an exceedance (P); how long is NF, local policy",
    local_policy=True,
    description=_("Days of raised sampling frequency at a point after an exceedance."),
)
rules.declare(
    "quality.escalation_per_day",
    1,
    source="CJ/T 206-2005: increase the frequency (P); the figure is NF, local policy",
    local_policy=True,
    description=_("Extra samples per day at a point while its frequency is raised."),
)
rules.declare(
    "quality.internal_opens_ticket",
    False,
    source="Shuiwu default (local policy)",
    local_policy=True,
    description=_("Whether a result over an internal (not a national) limit also opens a ticket."),
)
