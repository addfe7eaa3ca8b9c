"""Inspection rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

COVERAGE_TOLERANCE_M = rules.declare(
    "inspections.coverage_tolerance_m",
    30,
    source="Shuiwu default (issue: track within 30 m of the pipe)",
    local_policy=True,
    description=_("A pipe counts as walked where the GPS track passes within this distance."),
)
MAX_TRACK_BATCH = rules.declare(
    "inspections.max_track_batch",
    1000,
    source="Shuiwu default",
    local_policy=True,
    description=_("Most GPS points accepted in one batch."),
)
