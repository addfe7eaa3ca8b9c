"""The analytics app's rules as data: what the water balance estimates, the night-flow alarm, pipe-risk
coefficients and the supply level the forecast is checked against."""

from shuiwu.core import rules
from shuiwu.engine import piperisk

METER_UNDER_REGISTRATION = rules.declare(
    "analytics.meter_under_registration",
    0.02,
    source="Local policy: share of the water passing customer meters that they do not register (no national "
    "figure found; test a sample of meters to replace it)",
    local_policy=True,
    description="Apparent losses: customer-meter under-registration, as a share (0.02 = 2 %).",
)
UNBILLED_UNMETERED_SHARE = rules.declare(
    "analytics.unbilled_unmetered_share",
    0.005,
    source="Local policy: estimate of unmetered free use (firefighting, flushing, street cleaning) when not "
    "recorded, as a share of system input",
    local_policy=True,
    description="Unbilled unmetered authorised consumption as a share of system input (0.005 = 0.5 %).",
)
CJJ92_CORRECTIONS = rules.declare(
    "analytics.cjj92_corrections",
    {"r1_household_metering": 0.0, "r2_pipe_length": 0.0, "r3_pressure": 0.0, "r4_frost_depth": 0.0},
    source="CJJ 92-2016 §5.2 (DOMAIN.md §4): R_BL = R_WL − (R1+R2+R3+R4); the coefficients were not found, so "
    "the four corrections are entered here in percentage points",
    local_policy=True,
    description="The four corrections of the CJJ 92 loss rate, percentage points.",
)
PRIVATE_PIPE_M_PER_CONNECTION = rules.declare(
    "analytics.private_pipe_m_per_connection",
    0.0,
    source="Local policy: service-pipe length from the property line to the meter (Lp of the UARL formula, "
    "DOMAIN.md §9.2); 0 where meters stand at the property line",
    local_policy=True,
)
NIGHT_FLOW = rules.declare(
    "analytics.night_flow",
    {
        "active_share": 0.06,
        "flush_l": 6.0,
        "baseline_nights": 14,
        "recent_nights": 3,
        "threshold_percent": 20.0,
        "min_rise_m3_h": 0.5,
    },
    source="DOMAIN.md §9.2 (share of the population active at night, S); baseline and threshold: local policy",
    local_policy=True,
    description="Legitimate night use and the rise of night leakage that raises an alarm.",
)
SUPPLY_ALERT_M3_DAY = rules.declare(
    "analytics.supply_alert_m3_day",
    190000,
    source="Local policy: the summer-peak supply the plants must meet (DESIGN.md §6, about 190,000 m³ a day)",
    local_policy=True,
    description="A day forecast above this volume is flagged on the supply forecast.",
)
PIPE_RISK = rules.declare(
    "analytics.pipe_risk",
    {
        "base_rates": dict(piperisk.BASE_RATES),
        "default_rate": piperisk.DEFAULT_RATE,
        "age_growth": 0.03,
        "diameter_exponent": 0.5,
        "pressure_exponent": 1.0,
        "prior_strength_years": 5.0,
        "history_years": 5.0,
        "unknown_age_years": 25.0,
    },
    source="Local policy: break rates per km and year by material, growing with age (Shamir–Howard); no figures "
    "in the standards (DOMAIN.md); fit to the utility's repair records",
    local_policy=True,
    description="Pipe break-likelihood coefficients.",
)
LEAK_DETECTION = rules.declare(
    "analytics.leak_detection",
    {"window_days": 7, "training_days": 14},
    source="Local policy: days of pressure readings the live leak detector reads, and the leak-free days it "
    "learns each sensor's offset from",
    local_policy=True,
)
