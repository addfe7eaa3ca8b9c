"""Seeded, editable alarm rules. Each names its source; figures without a national source are local policy.

Tests pin the national figures to DOMAIN.md.
"""

from shuiwu.telemetry.choices import Measure, Role, RuleKind, Severity

# name, kind, measure, role, threshold, hysteresis, debounce, severity, open ticket (category), local policy, source
ALARM_RULES = [
    (
        "管网压力低于0.14 MPa",
        RuleKind.LOW,
        Measure.PRESSURE,
        "",
        0.14,
        0.01,
        2,
        Severity.WARNING,
        "low_pressure",
        False,
        "DOMAIN §3.2: ≥0.14 MPa at network ends (CJJ 58 §3.1.3 as cited, P)",
    ),
    (
        "管网压力骤降",
        RuleKind.RATE,
        Measure.PRESSURE,
        Role.NETWORK,
        0.2,
        0,
        1,
        Severity.CRITICAL,
        "",
        True,
        "Shuiwu default: a drop of 0.2 MPa within an hour suggests a burst (local policy)",
    ),
    (
        "出厂水浑浊度超过1 NTU",
        RuleKind.HIGH,
        Measure.TURBIDITY,
        Role.PLANT_OUTLET,
        1.0,
        0.1,
        2,
        Severity.CRITICAL,
        "water_quality",
        False,
        "DOMAIN §1: GB 5749-2022 turbidity ≤1 NTU",
    ),
    (
        "出厂水游离氯低于0.3 mg/L",
        RuleKind.LOW,
        Measure.CHLORINE,
        Role.PLANT_OUTLET,
        0.3,
        0.02,
        2,
        Severity.CRITICAL,
        "",
        False,
        "DOMAIN §1: GB 5749-2022 free chlorine at the plant outlet ≥0.3 mg/L",
    ),
    (
        "出厂水游离氯高于2 mg/L",
        RuleKind.HIGH,
        Measure.CHLORINE,
        Role.PLANT_OUTLET,
        2.0,
        0.1,
        2,
        Severity.WARNING,
        "",
        False,
        "DOMAIN §1: GB 5749-2022 free chlorine ≤2 mg/L",
    ),
    (
        "管网末梢游离氯低于0.05 mg/L",
        RuleKind.LOW,
        Measure.CHLORINE,
        Role.NETWORK_END,
        0.05,
        0.01,
        2,
        Severity.WARNING,
        "water_quality",
        False,
        "DOMAIN §1: GB 5749-2022 free chlorine at network ends ≥0.05 mg/L",
    ),
    (
        "水池液位过低",
        RuleKind.LOW,
        Measure.LEVEL,
        Role.TANK,
        0.5,
        0.2,
        2,
        Severity.WARNING,
        "",
        True,
        "Shuiwu default (local policy): set per tank",
    ),
    (
        "水池液位过高",
        RuleKind.HIGH,
        Measure.LEVEL,
        Role.TANK,
        6.0,
        0.2,
        2,
        Severity.WARNING,
        "",
        True,
        "Shuiwu default (local policy): set per tank",
    ),
    (
        "增压泵停机",
        RuleKind.LOW,
        Measure.PUMP_STATE,
        Role.PUMP,
        0.5,
        0,
        2,
        Severity.INFO,
        "",
        True,
        "Shuiwu default (local policy): a booster pump that stops outside its schedule",
    ),
    (
        "数据中断",
        RuleKind.STALE,
        "",
        "",
        4,
        0,
        1,
        Severity.WARNING,
        "",
        True,
        "Shuiwu default (local policy): no reading for 4 expected intervals",
    ),
    (
        "DMA夜间最小流量上升",
        RuleKind.NIGHT_FLOW,
        Measure.FLOW,
        Role.DMA_INLET,
        20,
        0,
        1,
        Severity.WARNING,
        "visible_leak",
        True,
        "Shuiwu default (local policy): MNF 20 % above the median of the previous nights (DOMAIN §9)",
    ),
]


def seed(rule_model) -> None:
    """Write the default rules where the table is empty (a migration, and after a flush)."""
    if rule_model.objects.exists():
        return
    rule_model.objects.bulk_create(
        [
            rule_model(
                name=name,
                kind=kind,
                measure=measure,
                role=role,
                threshold=threshold,
                hysteresis=hysteresis,
                debounce=debounce,
                severity=severity,
                open_ticket=bool(category),
                ticket_category=category,
                local_policy=local,
                source=source,
            )
            for name, kind, measure, role, threshold, hysteresis, debounce, severity, category, local, source in (
                ALARM_RULES
            )
        ]
    )
