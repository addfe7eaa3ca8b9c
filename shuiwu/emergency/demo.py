"""The demo city's emergency preparedness: plans with roles and needs, six months of drills, the flood-season
material stock (17 drainage pump sets in the flood plan, a few items under minimum), lightning-protection checks
as inspection plans, and the past summer's typhoon and heat modes.

Everyone here is fictional (the org demo's staff).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from shuiwu.core import demo, numbering
from shuiwu.emergency.choices import DrillKind, DrillStatus, MaterialKind, ModeKind, ModeSource, PlanType
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    Material,
    PlanMaterial,
    PlanRole,
    Stock,
    Warehouse,
    WeatherMode,
    WeatherWarning,
)
from shuiwu.emergency.services import DRILL_PREFIX
from shuiwu.org.models import Company, Staff

TZ = ZoneInfo("Asia/Shanghai")

# code, name, kind, DN, unit, spec
MATERIALS = [
    ("PUMP-DRAIN", "移动式排水泵组", MaterialKind.DRAINAGE_PUMP, None, "套", "潜水排污泵 150 m³/h + 软管 50 m"),
    ("SANDBAG", "防汛沙袋", MaterialKind.SANDBAG, None, "只", "编织袋 50 × 80 cm"),
    ("GEN-50", "柴油发电机 50 kW", MaterialKind.GENERATOR, None, "台", "移动式"),
    ("GEN-200", "柴油发电机 200 kW", MaterialKind.GENERATOR, None, "台", "拖车式"),
    ("CABLE", "防水电缆", MaterialKind.CABLE, None, "卷", "YJV 3×35 + 1×16，100 m"),
    ("CLAMP-100", "抢修节 DN100", MaterialKind.REPAIR_CLAMP, 100, "只", "不锈钢哈夫节"),
    ("CLAMP-300", "抢修节 DN300", MaterialKind.REPAIR_CLAMP, 300, "只", "不锈钢哈夫节"),
    ("CLAMP-600", "抢修节 DN600", MaterialKind.REPAIR_CLAMP, 600, "只", "不锈钢哈夫节"),
    ("PIPE-300", "球墨铸铁管 DN300", MaterialKind.PIPE, 300, "m", "K9"),
    ("PIPE-600", "球墨铸铁管 DN600", MaterialKind.PIPE, 600, "m", "K9"),
    ("NACLO", "次氯酸钠消毒剂", MaterialKind.DISINFECTANT, None, "桶", "10%，25 kg"),
    ("WATER", "应急桶装水", MaterialKind.WATER_TANK, None, "桶", "18.9 L"),
    ("RAINGEAR", "雨衣雨靴", MaterialKind.PROTECTIVE, None, "套", ""),
]

# company, code, name, address
WAREHOUSES = [
    ("SUPPLY", "FX-EAST", "城东防汛物资仓库", "澄湖市东湖大道18号"),
    ("SUPPLY", "REPAIR", "抢修中心材料库", "澄湖市文昌路66号"),
    ("SEWAGE", "PUMPS", "泵站防汛物资库", "澄湖市南河街9号"),
    ("PROD", "PLANT1", "第一水厂应急仓库", "澄湖市梅园路1号"),
]

# warehouse, material, quantity, minimum, expiry (days from today), next inspection (days from today)
STOCK = [
    ("FX-EAST", "PUMP-DRAIN", 12, 12, None, 40),
    ("REPAIR", "PUMP-DRAIN", 5, 5, None, 40),
    ("FX-EAST", "SANDBAG", 1500, 2000, None, None),  # below minimum
    ("FX-EAST", "GEN-50", 3, 4, None, 25),  # below minimum, inspection due soon
    ("FX-EAST", "CABLE", 8, 6, None, None),
    ("FX-EAST", "RAINGEAR", 60, 40, None, None),
    ("REPAIR", "CLAMP-100", 24, 10, None, None),
    ("REPAIR", "CLAMP-300", 1, 2, None, None),  # below minimum
    ("REPAIR", "CLAMP-600", 2, 2, None, None),
    ("REPAIR", "PIPE-300", 36, 24, None, None),
    ("REPAIR", "PIPE-600", 12, 12, None, None),
    ("REPAIR", "WATER", 300, 200, 20, None),  # expires soon
    ("SEWAGE:PUMPS", "PUMP-DRAIN", 6, 4, None, 60),
    ("SEWAGE:PUMPS", "SANDBAG", 3000, 2000, None, None),
    ("SEWAGE:PUMPS", "GEN-200", 2, 2, None, -10),  # inspection overdue
    ("PROD:PLANT1", "GEN-200", 1, 1, None, 90),
    ("PROD:PLANT1", "NACLO", 40, 30, 200, None),
]

PLANS = [
    # company, code, name, type, needs {material: qty}, steps
    (
        "SUPPLY",
        "YA-BURST",
        "主管爆管应急预案",
        PlanType.MAIN_BURST,
        {"CLAMP-300": 2, "CLAMP-600": 2, "PIPE-300": 24, "PIPE-600": 12, "WATER": 200},
        [
            "接警核实，调度中心通知抢修队与管网所",
            "确定关阀方案，关闭上下游阀门并通知停水用户（医院、学校优先）",
            "现场围挡、排水，组织开挖抢修",
            "通知水质化验：冲洗、采样合格后恢复供水",
            "恢复供水后回访并记录",
        ],
    ),
    (
        "SUPPLY",
        "YA-BOOSTER",
        "二次供水加压泵站故障应急预案",
        PlanType.BOOSTER_FAILURE,
        {"GEN-50": 1, "WATER": 100},
        ["维保班 30 分钟内到场", "切换备用泵或接入移动发电机", "停水超过 4 小时启动送水车", "故障排除后水箱清洗消毒"],
    ),
    (
        "SUPPLY",
        "YA-FLOOD",
        "防汛防台应急预案",
        PlanType.FLOOD_TYPHOON,
        {"PUMP-DRAIN": 17, "SANDBAG": 2000, "GEN-50": 4, "CABLE": 6, "RAINGEAR": 40},
        [
            "接到台风预警后 2 小时内召开防汛会议，落实值班",
            "检查 17 套排水设备、沙袋、发电机、电缆，补齐短缺",
            "加压泵站、低洼泵房设挡水板并检查防雷接地",
            "抢修队 24 小时待命，车辆加满油",
            "灾后排查管网与泵站，恢复正常供水",
        ],
    ),
    (
        "SUPPLY",
        "YA-HEAT",
        "高温季节安全生产预案",
        PlanType.HEAT_WAVE,
        {"WATER": 200},
        [
            "室外作业避开 11:00–15:00 高温时段",
            "抢修现场配备遮阳、饮水和防暑药品",
            "加强供水压力监测，高峰时段增开机组",
            "热线增加坐席，抢修队轮班待命",
        ],
    ),
    (
        "SUPPLY",
        "YA-QUALITY",
        "供水水质突发事件应急预案",
        PlanType.WATER_QUALITY,
        {"NACLO": 10, "WATER": 300},
        ["化验室复核水样", "查明范围，必要时停止供水并发布通告", "管网冲洗、加氯", "连续检测合格后恢复供水"],
    ),
    (
        "PROD",
        "YA-POWER",
        "水厂停电应急预案",
        PlanType.POWER_FAILURE,
        {"GEN-200": 1, "NACLO": 30},
        [
            "确认停电范围，联系供电公司",
            "启动备用电源，保证加药与消毒",
            "降低出厂负荷，保持清水池水位",
            "来电后逐台恢复机组",
        ],
    ),
    (
        "SEWAGE",
        "YA-FLOOD",
        "污水泵站防汛应急预案",
        PlanType.FLOOD_TYPHOON,
        {"PUMP-DRAIN": 6, "SANDBAG": 2000, "GEN-200": 2},
        ["泵站提前降低集水井水位", "检查备用电源与防雷设施", "低洼路段派人值守", "汛后清淤"],
    ),
]

ROLES = [
    ("总指挥", "决定启动和终止响应，调配全公司资源", None),
    ("副总指挥", "现场协调，接替总指挥", 0),
    ("调度联络组", "接警、通知、对外通报", 1),
    ("现场抢修组", "关阀、抢修、排水", 1),
    ("物资保障组", "物资出库、车辆、后勤", 1),
    ("水质监测组", "采样、化验、出具结论", 1),
]

DRILLS = [
    # plan code (company), title, kind, days ago planned, held (days ago) or None, status, other participants, findings
    (
        "SUPPLY:YA-BURST",
        "DN600 主管爆管抢修实战演练",
        DrillKind.FULL_SCALE,
        160,
        158,
        DrillStatus.DONE,
        6,
        "关阀用时 42 分钟，比预案多 12 分钟；两处阀门井被占压。",
    ),
    (
        "SUPPLY:YA-FLOOD",
        "防汛防台桌面推演",
        DrillKind.TABLETOP,
        140,
        140,
        DrillStatus.DONE,
        0,
        "通讯录有 3 人号码过期；沙袋存放点未标注。",
    ),
    (
        "SUPPLY:YA-BOOSTER",
        "二次供水泵房停电切换演练",
        DrillKind.FUNCTIONAL,
        120,
        121,
        DrillStatus.DONE,
        4,
        "移动发电机接驳 25 分钟完成。",
    ),
    (
        "SEWAGE:YA-FLOOD",
        "污水泵站防汛排涝演练",
        DrillKind.FULL_SCALE,
        100,
        99,
        DrillStatus.DONE,
        12,
        "2 号泵站备用泵启动失败，需检修。",
    ),
    ("PROD:YA-POWER", "水厂双回路停电演练", DrillKind.FUNCTIONAL, 75, 75, DrillStatus.DONE, 2, "切换正常。"),
    ("SUPPLY:YA-QUALITY", "管网水质异常处置演练", DrillKind.TABLETOP, 45, None, DrillStatus.CANCELLED, 0, ""),
    (
        "SUPPLY:YA-HEAT",
        "高温抢修现场防暑演练",
        DrillKind.FUNCTIONAL,
        30,
        28,
        DrillStatus.DONE,
        0,
        "现场遮阳棚搭设偏慢，急救箱缺藿香正气水。",
    ),
    ("SUPPLY:YA-BURST", "夜间爆管关阀演练", DrillKind.FUNCTIONAL, -14, None, DrillStatus.PLANNED, 0, ""),
    ("SEWAGE:YA-FLOOD", "汛前泵站联动检查", DrillKind.FUNCTIONAL, -40, None, DrillStatus.PLANNED, 0, ""),
]

ACTIONS = {
    "DN600 主管爆管抢修实战演练": [("清理两处被占压的阀门井", 30, True), ("补充 DN600 抢修节 1 只", 20, True)],
    "防汛防台桌面推演": [("更新防汛通讯录", 7, True), ("沙袋存放点设置标识", 14, False)],
    "污水泵站防汛排涝演练": [("检修 2 号泵站备用泵", 15, True), ("增配 200 kW 发电机检测", 30, False)],
    "高温抢修现场防暑演练": [("急救箱补充防暑药品", 7, False)],
}


def _staff_of(company_codes) -> list[Staff]:
    return list(Staff.objects.filter(company__code__in=company_codes, active=True).order_by("employee_no"))


@demo.part("emergency", after=("org", "inspections"), label="Emergency preparedness")
def build(ctx):
    rng = ctx.rng("emergency")
    companies = {c.code: c for c in Company.objects.all()}
    if "SUPPLY" not in companies:
        return {}
    today = timezone.localdate()
    materials = {
        code: Material(code=code, name=name, kind=kind, dn=dn, unit=unit, spec=spec)
        for code, name, kind, dn, unit, spec in MATERIALS
    }
    Material.objects.bulk_create(materials.values())
    materials = {m.code: m for m in Material.objects.all()}
    warehouses = {}
    for ccode, code, name, address in WAREHOUSES:
        people = _staff_of([ccode])
        warehouses[f"{ccode}:{code}"] = Warehouse.objects.create(
            company=companies[ccode],
            code=code,
            name=name,
            address=address,
            keeper=rng.choice(people) if people else None,
        )
    stock = []
    for wh, item, qty, minimum, expiry, inspect in STOCK:
        key = wh if ":" in wh else f"SUPPLY:{wh}"
        stock.append(
            Stock(
                warehouse=warehouses[key],
                material=materials[item],
                quantity=Decimal(qty),
                minimum=Decimal(minimum),
                expiry_on=today + timedelta(days=expiry) if expiry is not None else None,
                last_inspected_on=today + timedelta(days=inspect - 180) if inspect is not None else None,
                next_inspection_on=today + timedelta(days=inspect) if inspect is not None else None,
            )
        )
    Stock.objects.bulk_create(stock)

    checks = _lightning_checks(companies, today)
    plans = {}
    for ccode, code, name, plan_type, needs, steps in PLANS:
        plan = ContingencyPlan.objects.create(
            company=companies[ccode],
            code=code,
            name=name,
            plan_type=plan_type,
            version="2026 版",
            effective_on=today.replace(month=1, day=1) if today.month > 1 else today - timedelta(days=200),
            review_on=today + timedelta(days=rng.randint(60, 300)),
            summary=f"适用于{companies[ccode]}{name.replace('应急预案', '')}的应急处置。",
            steps=steps,
            documents=[{"title": f"{name}（正式文本）", "url": ""}, {"title": "应急通讯录", "url": ""}],
        )
        if plan_type == PlanType.FLOOD_TYPHOON and ccode in checks:
            plan.inspection_plans.set([checks[ccode]])
        PlanMaterial.objects.bulk_create(
            [PlanMaterial(plan=plan, material=materials[m], quantity=Decimal(q)) for m, q in needs.items()]
        )
        people = _staff_of([ccode])
        group = _staff_of(["GROUP"])
        made = []
        for i, (role, duty, parent) in enumerate(ROLES):
            holder = (group[0] if group and i == 0 else people[(i * 3) % len(people)]) if people else None
            made.append(
                PlanRole.objects.create(
                    plan=plan,
                    order=i,
                    role=role,
                    duty=duty,
                    staff=holder,
                    deputy=people[(i * 3 + 1) % len(people)] if people else None,
                    reports_to=made[parent] if parent is not None else None,
                )
            )
        plans[f"{ccode}:{code}"] = plan

    drills = 0
    for key, title, kind, planned_ago, held_ago, status, others, findings in DRILLS:
        plan = plans[key]
        planned_on = today - timedelta(days=planned_ago)
        held_on = today - timedelta(days=held_ago) if held_ago is not None else None
        drill = Drill.objects.create(
            company=plan.company,
            plan=plan,
            number=numbering.next_number(DRILL_PREFIX, (held_on or planned_on).year, width=4),
            title=title,
            kind=kind,
            status=status,
            scenario=f"{plan.name}：{title}。",
            location=rng.choice(["东湖大道与文昌路口", "第一水厂", "2 号污水泵站", "锦绣小区二次供水泵房", "抢修中心"]),
            planned_on=planned_on,
            held_on=held_on,
            hours=Decimal(rng.choice([2, 3, 4])) if held_on else None,
            other_participants=others,
            findings=findings,
        )
        if held_on:
            people = _staff_of([plan.company.code])
            drill.participants.set(rng.sample(people, min(len(people), rng.randint(8, 16))))
            for text, due_days, done in ACTIONS.get(title, []):
                DrillAction.objects.create(
                    drill=drill,
                    description=text,
                    owner=rng.choice(people),
                    due_on=held_on + timedelta(days=due_days),
                    done_on=held_on + timedelta(days=due_days - 2) if done else None,
                )
        drills += 1

    modes = _modes(companies, plans, today)
    return {"plans": len(plans), "drills": drills, "stock lines": len(stock), "weather modes": modes}


def _lightning_checks(companies, today) -> dict:
    """Lightning-protection checks as yearly inspection plans of the pump stations (before the flood season)."""
    try:
        from shuiwu.assets.choices import Kind
        from shuiwu.assets.models import Asset
        from shuiwu.inspections.choices import FrequencyUnit, ItemKind
        from shuiwu.inspections.choices import PlanType as InspectionType
        from shuiwu.inspections.models import Checklist, ChecklistItem, Checkpoint, Plan
        from shuiwu.org.models import Team
    except ImportError:  # pragma: no cover - inspections not installed
        return {}
    checklist = Checklist.objects.create(code="LIGHTNING", name="防雷设施检测", plan_type=InspectionType.PUMP_STATION)
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                checklist=checklist, order=0, label="接地电阻", kind=ItemKind.NUMBER, unit="Ω", max_value=Decimal(10)
            ),
            ChecklistItem(checklist=checklist, order=1, label="避雷针（带）完好", kind=ItemKind.YES_NO, expected=True),
            ChecklistItem(
                checklist=checklist, order=2, label="电源浪涌保护器正常", kind=ItemKind.YES_NO, expected=True
            ),
            ChecklistItem(checklist=checklist, order=3, label="照片", kind=ItemKind.PHOTO, required=False),
        ]
    )
    made = {}
    for ccode, team_code in (("SUPPLY", "ENG"), ("SEWAGE", "PUMPS")):
        team = Team.objects.filter(company__code=ccode, code=team_code).first()
        if team is None:
            continue
        plan = Plan.objects.create(
            company=team.company,
            code="LIGHTNING",
            name=f"{team.company.short_name or team.company.name}泵站防雷检测",
            plan_type=InspectionType.PUMP_STATION,
            team=team,
            checklist=checklist,
            every=12,
            unit=FrequencyUnit.MONTHS,
            window_start=9,
            window_end=16,
            start_date=today.replace(month=4, day=1)
            if today.month >= 4
            else today.replace(year=today.year - 1, month=4, day=1),
            local_policy=True,
            source="GB 50057 建筑物防雷设计规范; 每年汛前检测一次（本单位规定）",
        )
        stations = Asset.objects.filter(company=team.company, kind=Kind.PUMP_STATION).order_by("code")[:6]
        Checkpoint.objects.bulk_create([Checkpoint(plan=plan, asset=a, order=i) for i, a in enumerate(stations)])
        made[ccode] = plan
    return made


def _modes(companies, plans, today) -> int:
    """Last summer's typhoon and heat modes (ended), with the warnings that started them."""
    year = today.year if today.month >= 10 else today.year - 1
    typhoon_at = datetime.combine(today.replace(year=year, month=9, day=12), time(16, 20), TZ)
    heat_at = datetime.combine(today.replace(year=year, month=7, day=21), time(10, 0), TZ)
    made = 0
    for kind, at, days, level, plan_key, text in (
        (ModeKind.TYPHOON, typhoon_at, 3, "orange", "SUPPLY:YA-FLOOD", "澄湖市气象台发布台风橙色预警信号"),
        (
            ModeKind.HEAT,
            heat_at,
            12,
            "orange",
            "SUPPLY:YA-HEAT",
            "澄湖市气象台发布高温橙色预警信号，最高气温将达 38 ℃以上",
        ),
    ):
        if at > timezone.now():
            continue
        mode = WeatherMode.objects.create(
            company=companies["SUPPLY"],
            kind=kind,
            plan=plans.get(plan_key),
            level=level,
            source=ModeSource.WARNING,
            note=text,
            started_at=at,
            ended_at=min(at + timedelta(days=days), timezone.now()),
        )
        WeatherWarning.objects.create(
            company=companies["SUPPLY"],
            kind=kind,
            level=level,
            issued_at=at,
            issuer="澄湖市气象台",
            text=text,
            mode=mode,
        )
        made += 1
    return made
