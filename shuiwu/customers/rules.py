"""Billing and arrears rules as data (editable in the admin, see core.rules)."""

from django.utils.translation import gettext_lazy as _

from shuiwu.core import rules

rules.declare(
    "customers.due_days",
    15,
    source="Shuiwu default (local policy)",
    local_policy=True,
    description=_("Days from a bill's issue to its due date."),
)
rules.declare(
    "customers.late_fee_grace_days",
    15,
    source="城市供水价格管理办法 Art. 30; Zhejiang supply contracts (DOMAIN.md §6.3, S)",
    local_policy=False,
    description=_("Days after the due date before a late fee accrues."),
)
rules.declare(
    "customers.late_fee_daily_rate",
    "0.005",
    source="5‰ of the amount per day (DOMAIN.md §6.3, S)",
    local_policy=False,
    description=_("Late fee per day, as a share of the unpaid amount."),
)
rules.declare(
    "customers.late_fee_cap_ratio",
    "1",
    source="“not above the principal” (DOMAIN.md §6.3, S); local policy",
    local_policy=True,
    description=_("The late fee never exceeds this share of the unpaid amount (empty: no cap)."),
)
rules.declare(
    "customers.notices_before_disconnection",
    2,
    source="Zhejiang: after 2 demands still unpaid (DOMAIN.md §6.3, S)",
    local_policy=False,
    description=_("Demands for payment before a disconnection may be warned."),
)
rules.declare(
    "customers.disconnection_warning_days",
    5,
    source="Zhejiang: 5 days' notice before supply stops (DOMAIN.md §6.3, S)",
    local_policy=False,
    description=_("Days between the disconnection warning and the earliest disconnection."),
)
rules.declare(
    "customers.notice_min_days_overdue",
    30,
    source="Shuiwu default (local policy)",
    local_policy=True,
    description=_("Days a bill must be overdue before a demand for payment is sent."),
)
rules.declare(
    "customers.high_consumption_factor",
    3,
    source="Shuiwu default (local policy)",
    local_policy=True,
    description=_("A month's volume above this many times the account's 12-month average is an exception."),
)
rules.declare(
    "customers.fault_average_months",
    12,
    source="Meter fault: bill at the previous 12-month average (DOMAIN.md §3.3, S)",
    local_policy=False,
    description=_("Months averaged for the estimate of a faulty meter."),
)
