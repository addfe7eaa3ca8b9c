"""Emergency preparedness's rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

HEAT_WINDOW = rules.declare(
    "emergency.heat_window",
    {"start": "11:00", "end": "15:00"},
    source=(
        "《防暑降温措施管理办法》(安监总安健〔2012〕89号) 第八条: no outdoor work in the hottest 3 hours of a day "
        "of 37–40 °C; the 11:00–15:00 window is the group's own rule (issue 10)"
    ),
    local_policy=True,
    description=_("In heat mode, outdoor work scheduled in this local-time window is flagged to dispatchers."),
)
AUTO_MODE_LEVEL = rules.declare(
    "emergency.auto_mode_level",
    "orange",
    source="Shuiwu default: an orange or red typhoon or heat warning switches the weather mode on",
    local_policy=True,
    description=_("An imported weather warning at this level or above switches the weather mode on."),
)
EXPIRY_NOTICE_DAYS = rules.declare(
    "emergency.expiry_notice_days",
    30,
    source="Shuiwu default",
    local_policy=True,
    description=_("Stock that expires or is due for inspection within this many days is highlighted."),
)
READINESS_TARGET = rules.declare(
    "emergency.readiness_target_percent",
    90,
    source="Shuiwu default",
    local_policy=True,
    description=_("A plan whose material readiness is below this percentage is shown in red."),
)
