"""Telemetry rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

RAW_RETENTION_DAYS = rules.declare(
    "telemetry.raw_retention_days",
    400,
    source="Shuiwu default; rollups are kept for good",
    local_policy=True,
    description=_("Raw readings older than this many days are deleted by the retention job; rollups stay."),
)
RAW_CHART_MAX_DAYS = rules.declare(
    "telemetry.raw_chart_max_days",
    7,
    source="Shuiwu default",
    local_policy=True,
    description=_("A chart over at most this many days shows raw readings; longer ones show rollups."),
)
HOURLY_CHART_MAX_DAYS = rules.declare(
    "telemetry.hourly_chart_max_days",
    92,
    source="Shuiwu default",
    local_policy=True,
    description=_("A chart over at most this many days shows hourly rollups; longer ones show daily ones."),
)
MAX_BATCH_READINGS = rules.declare(
    "telemetry.max_batch_readings",
    100000,
    source="Shuiwu default",
    local_policy=True,
    description=_("Most readings accepted in one API batch or one MQTT message."),
)
NIGHT_FLOW_HOURS = rules.declare(
    "telemetry.night_flow_hours",
    [2, 4],
    source="IWA minimum night flow practice (DOMAIN.md §9: 02:00–04:00)",
    local_policy=False,
    description=_("Local hours [from, to) whose minimum inflow is a DMA's minimum night flow."),
)
NIGHT_FLOW_BASELINE_NIGHTS = rules.declare(
    "telemetry.night_flow_baseline_nights",
    14,
    source="Shuiwu default",
    local_policy=True,
    description=_("Nights whose median minimum night flow a new night is compared with."),
)
MIN_NETWORK_PRESSURE_MPA = rules.declare(
    "telemetry.min_network_pressure_mpa",
    0.14,
    source="DOMAIN.md §3.2: ≥0.14 MPa at network ends (CJJ 58 §3.1.3 as cited, P)",
    local_policy=False,
    description=_("The pressure a network sensor-hour must reach on average to count as passed."),
)
RATE_WINDOW_MINUTES = rules.declare(
    "telemetry.rate_window_minutes",
    15,
    source="Shuiwu default",
    local_policy=True,
    description=_("A rate of change is measured against the reading at least this many minutes earlier."),
)
