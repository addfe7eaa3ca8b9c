"""Seeded, editable defaults of the inspections: default frequencies per plan type and the checklists.

No national figure fixes most patrol frequencies (DOMAIN.md §3.1, §5, §8.1: NF), so those defaults are
local policy. Secondary-supply tanks are cleaned and disinfected at least every 6 months (DOMAIN.md §5, S).
Limits on checklist items come from DOMAIN.md where there is a figure: network pressure ≥ 0.14 MPa (§3.2),
turbidity ≤ 1 NTU (§1.2), free chlorine 0.3–2 mg/L leaving the plant (§1.3).
"""

from decimal import Decimal

from shuiwu.inspections.choices import FindingKind, FrequencyUnit, ItemKind, PlanType

# plan type: (every, unit, window start, window end, local policy, source)
FREQUENCIES = {
    PlanType.NETWORK_PATROL: (1, FrequencyUnit.DAYS, 8, 17, True, "local policy (CJJ 207-2013 patrol cycle: NF)"),
    PlanType.HYDRANT_CHECK: (1, FrequencyUnit.WEEKS, 9, 17, True, "local policy (NF)"),
    PlanType.VALVE_EXERCISE: (1, FrequencyUnit.MONTHS, 9, 17, True, "local policy (CJJ 207 valve cycle: NF)"),
    PlanType.SECONDARY_SUPPLY: (1, FrequencyUnit.WEEKS, 9, 17, True, "local policy (DOMAIN §5: NF)"),
    PlanType.TANK_CLEANING: (
        6,
        FrequencyUnit.MONTHS,
        9,
        17,
        False,
        "CJJ 140 (DOMAIN §5, S): tanks cleaned and disinfected at least every 6 months",
    ),
    PlanType.PLANT_ROUND: (2, FrequencyUnit.HOURS, 0, 24, True, "the plant's operating rule: every 2 hours"),
    PlanType.SEWER_PATROL: (1, FrequencyUnit.DAYS, 8, 17, True, "local policy (CJJ 68: NF)"),
    PlanType.PUMP_STATION: (1, FrequencyUnit.WEEKS, 9, 17, True, "local policy (CJJ 68: NF)"),
    PlanType.DREDGING: (1, FrequencyUnit.MONTHS, 9, 17, True, "local policy (CJJ 68 dredging frequency: NF)"),
}

D = Decimal

# code, name, plan type, items: (label, kind, unit, min, max, expected, choices, bad choices, required, finding)
CHECKLISTS = [
    (
        "NET-PATROL",
        "管网巡查",
        PlanType.NETWORK_PATROL,
        [
            ("路面渗水或冒水", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.LEAK),
            ("管线上方施工或占压", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.ENCROACHMENT),
            ("阀门井盖完好", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.MISSING_COVER),
            ("违章用水迹象", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.ILLEGAL_USE),
            ("现场照片", ItemKind.PHOTO, "", None, None, None, [], [], False, FindingKind.OTHER),
        ],
    ),
    (
        "HYDRANT",
        "消火栓及取水点检查",
        PlanType.HYDRANT_CHECK,
        [
            ("消火栓外观完好", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.BLOCKED_HYDRANT),
            ("私接取水或铅封破坏", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.ILLEGAL_USE),
            ("栓口压力", ItemKind.NUMBER, "MPa", D("0.14"), None, None, [], [], False, FindingKind.PRESSURE),
            ("周边无遮挡占压", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.BLOCKED_HYDRANT),
        ],
    ),
    (
        "VALVE",
        "阀门巡检及启闭",
        PlanType.VALVE_EXERCISE,
        [
            ("阀门可正常启闭", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.VALVE_FAULT),
            ("启闭圈数", ItemKind.NUMBER, "圈", D("0"), None, None, [], [], False, FindingKind.VALVE_FAULT),
            ("阀门井及井盖完好", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.MISSING_COVER),
            ("阀体渗漏", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.LEAK),
        ],
    ),
    (
        "SECONDARY",
        "二次供水泵房巡检",
        PlanType.SECONDARY_SUPPLY,
        [
            ("进水压力", ItemKind.NUMBER, "MPa", D("0.14"), None, None, [], [], True, FindingKind.PRESSURE),
            ("出水压力", ItemKind.NUMBER, "MPa", D("0.20"), D("0.60"), None, [], [], True, FindingKind.PRESSURE),
            (
                "水泵运行状态",
                ItemKind.CHOICE,
                "",
                None,
                None,
                None,
                ["正常", "异响", "停机"],
                ["异响", "停机"],
                True,
                FindingKind.PUMP_FAULT,
            ),
            ("水箱清洁无异物", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.TANK_HYGIENE),
            ("消毒设备运行", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.TANK_HYGIENE),
            (
                "泵房环境",
                ItemKind.CHOICE,
                "",
                None,
                None,
                None,
                ["整洁", "积水", "杂物"],
                ["积水"],
                False,
                FindingKind.OTHER,
            ),
        ],
    ),
    (
        "TANK-CLEAN",
        "二次供水水箱清洗消毒",
        PlanType.TANK_CLEANING,
        [
            ("水箱清洗完成", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.TANK_HYGIENE),
            ("消毒完成", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.TANK_HYGIENE),
            ("清洗后水质检测合格", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.TANK_HYGIENE),
            ("清洗照片", ItemKind.PHOTO, "", None, None, None, [], [], False, FindingKind.OTHER),
        ],
    ),
    (
        "PLANT-ROUND",
        "水厂工艺巡检",
        PlanType.PLANT_ROUND,
        [
            ("设备运行正常", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.PROCESS),
            ("出水浊度", ItemKind.NUMBER, "NTU", None, D("1.0"), None, [], [], False, FindingKind.PROCESS),
            ("余氯", ItemKind.NUMBER, "mg/L", D("0.3"), D("2.0"), None, [], [], False, FindingKind.PROCESS),
            ("液位", ItemKind.NUMBER, "m", None, None, None, [], [], False, FindingKind.PROCESS),
            ("备注", ItemKind.NOTE, "", None, None, None, [], [], False, FindingKind.OTHER),
        ],
    ),
    (
        "SEWER-PATROL",
        "排水管网巡查",
        PlanType.SEWER_PATROL,
        [
            ("井盖完好", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.MISSING_COVER),
            ("冒溢或满管", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.BLOCKAGE),
            ("淤积深度", ItemKind.NUMBER, "cm", None, D("30"), None, [], [], False, FindingKind.BLOCKAGE),
            ("违章排水或私接", ItemKind.YES_NO, "", None, None, False, [], [], True, FindingKind.ILLEGAL_USE),
        ],
    ),
    (
        "PUMP-STATION",
        "泵站巡检",
        PlanType.PUMP_STATION,
        [
            (
                "水泵运行状态",
                ItemKind.CHOICE,
                "",
                None,
                None,
                None,
                ["正常", "异响", "停机"],
                ["异响", "停机"],
                True,
                FindingKind.PUMP_FAULT,
            ),
            ("集水池液位", ItemKind.NUMBER, "m", None, None, None, [], [], True, FindingKind.OTHER),
            ("格栅已清捞", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.BLOCKAGE),
            ("流量计读数", ItemKind.NUMBER, "m³/h", D("0"), None, None, [], [], False, FindingKind.OTHER),
            ("电气设备正常", ItemKind.YES_NO, "", None, None, True, [], [], True, FindingKind.PUMP_FAULT),
        ],
    ),
    (
        "DREDGING",
        "排水管道疏通",
        PlanType.DREDGING,
        [
            ("疏通长度", ItemKind.NUMBER, "km", D("0"), None, None, [], [], True, FindingKind.OTHER),
            ("清出淤泥量", ItemKind.NUMBER, "m³", D("0"), None, None, [], [], False, FindingKind.OTHER),
        ],
    ),
]


def seed(checklist_model, item_model) -> None:
    """Write the checklists that do not exist yet (a migration, and after a flush)."""
    for code, name, plan_type, items in CHECKLISTS:
        checklist, created = checklist_model.objects.get_or_create(
            code=code, defaults={"name": name, "plan_type": plan_type}
        )
        if not created:
            continue
        item_model.objects.bulk_create(
            [
                item_model(
                    checklist=checklist,
                    order=i,
                    label=label,
                    kind=kind,
                    unit=unit,
                    min_value=low,
                    max_value=high,
                    expected=expected,
                    choices=choices,
                    bad_choices=bad,
                    required=required,
                    finding_kind=finding,
                )
                for i, (label, kind, unit, low, high, expected, choices, bad, required, finding) in enumerate(items)
            ]
        )
