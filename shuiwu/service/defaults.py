"""Seeded, editable defaults: the application types with their steps, documents and time limits, and holidays.

The figures come from DOMAIN.md §7. They are other cities' practice (grade L), so every type is an editable
example; where no figure exists at all the limit is the utility's own and is labelled local policy.

- New connection: two steps, 受理签约 → 安装通水 (Zhejiang example, L). Without outside works "accepted the
  same day, connected the next day" (another city, L): 0 + 1 working days. Non-residential connection
  ≤ 2 working days (Zaozhuang 2021, L). With outside works the permit takes ≤ 3 working days (Zaozhuang, L)
  and works under 150 m are built within 10 days of the permits (another city, L).
- Documents: a person brings the ID card and the property certificate (rural: land permit or village proof);
  an enterprise brings its business licence and design files (Zhejiang example, L); one application form
  (Zaozhuang, L).
- Ownership transfer and use-type change within 7 working days, the new price from the next month (brgjp, L).
- Rename, closure, meter relocation, meter size change, split and merge meters, temporary water: listed in
  the service catalogues (Rizhao, L) with no time limit found (NF): local policy.

Holidays are the State Council's notices on the public holidays (国务院办公厅关于部分节假日安排的通知):
the days off and the weekend days worked instead (调休上班). Add each year's as it is published.
"""

from datetime import date

from shuiwu.service.choices import ApplicationKind

FORM = "用水申请表"
ID_CARD = "申请人身份证"
PROPERTY = "不动产权证书（农村：宅基地证明或村委证明）"
LICENCE = "营业执照"
DESIGN = "设计文件"

L7 = "DOMAIN.md §7 (L)"


def _steps(*rows):
    return [{"code": code, "name": name, "limit_working_days": days} for code, name, days in rows]


# code, name, kind, steps, documents, total limit, refuse with arrears, local policy, source
TYPES = [
    (
        "NEW-RES",
        "居民用水报装（无外线工程）",
        ApplicationKind.NEW_CONNECTION,
        _steps(("intake", "受理签约", 0), ("connect", "安装通水", 1)),
        [FORM, ID_CARD, PROPERTY],
        1,
        True,
        False,
        f"{L7}: 2 steps 受理签约 → 安装通水 (Zhejiang); no outside works: accepted the same day, connected the "
        "next day (another city); refused with existing arrears (Zhejiang)",
    ),
    (
        "NEW-NONRES",
        "非居民用水报装（无外线工程）",
        ApplicationKind.NEW_CONNECTION,
        _steps(("intake", "受理签约", 0), ("connect", "装表接通", 2)),
        [FORM, LICENCE, DESIGN],
        2,
        True,
        False,
        f"{L7}: non-residential connection ≤ 2 working days (Zaozhuang 2021); refused with arrears (Zhejiang)",
    ),
    (
        "NEW-WORKS",
        "用水报装（含外线工程）",
        ApplicationKind.NEW_CONNECTION,
        _steps(("intake", "受理勘查", 0), ("permit", "外线工程审批", 3), ("build", "外线施工及通水", 10)),
        [FORM, ID_CARD, PROPERTY, DESIGN],
        13,
        True,
        True,
        f"{L7}: outside-works permit ≤ 3 working days (Zaozhuang); works < 150 m built within 10 days of the "
        "permits (another city), taken as working days: local policy",
    ),
    (
        "TRANSFER",
        "过户",
        ApplicationKind.TRANSFER,
        _steps(("intake", "受理审核", 1), ("read", "抄表结算", 3), ("change", "变更办结", 3)),
        ["过户申请表", "原户主身份证或委托书", "新户主身份证", "不动产权证书或买卖合同"],
        7,
        True,
        False,
        f"{L7}: transfer within 7 working days, new price from the next month (brgjp); refused with existing "
        "arrears (Zhejiang); steps: local policy",
    ),
    (
        "RENAME",
        "更名",
        ApplicationKind.RENAME,
        _steps(("intake", "受理审核", 1), ("change", "变更办结", 2)),
        ["更名申请表", "户主身份证", "更名证明（户口或工商变更证明）"],
        3,
        False,
        True,
        "no figure found (DOMAIN.md §7: NF): local policy",
    ),
    (
        "CLOSURE",
        "销户",
        ApplicationKind.CLOSURE,
        _steps(("intake", "受理审核", 1), ("remove", "拆表抄表", 2), ("settle", "结算销户", 2)),
        ["销户申请表", "户主身份证"],
        5,
        True,
        True,
        "no time limit found (DOMAIN.md §7: NF): local policy; refused with existing arrears (Zhejiang, L)",
    ),
    (
        "RELOCATE",
        "水表迁移",
        ApplicationKind.METER_RELOCATION,
        _steps(("intake", "受理", 1), ("survey", "现场勘查", 2), ("move", "施工迁移", 2)),
        ["水表迁移申请表", "户主身份证", "不动产权证书"],
        5,
        False,
        True,
        "in the service catalogue (Rizhao, DOMAIN.md §7 L); no time limit found (NF): local policy",
    ),
    (
        "METER-SIZE",
        "改表（水表口径变更）",
        ApplicationKind.METER_CHANGE,
        _steps(("intake", "受理", 1), ("survey", "现场勘查", 2), ("fit", "换表", 2)),
        ["改表申请表", "户主身份证或营业执照"],
        5,
        False,
        True,
        "in the service catalogue (Rizhao, DOMAIN.md §7 L); no time limit found (NF): local policy",
    ),
    (
        "USE-TYPE",
        "用水性质变更",
        ApplicationKind.USE_TYPE_CHANGE,
        _steps(("intake", "受理审核", 1), ("check", "现场核查", 3), ("change", "变更办结", 3)),
        ["用水性质变更申请表", "户主身份证或营业执照", "用途证明（营业执照或房屋用途证明）"],
        7,
        True,
        False,
        f"{L7}: use-type change within 7 working days, the new price from the next month (brgjp); steps: local policy",
    ),
    (
        "SPLIT",
        "分表",
        ApplicationKind.METER_SPLIT,
        _steps(("intake", "受理", 1), ("survey", "现场勘查", 2), ("fit", "装表开户", 4)),
        ["分表申请表", "户主身份证", "不动产权证书"],
        7,
        True,
        True,
        "in the service catalogue (Rizhao, DOMAIN.md §7 L); no time limit found (NF): local policy",
    ),
    (
        "MERGE",
        "合表",
        ApplicationKind.METER_MERGE,
        _steps(("intake", "受理", 1), ("survey", "现场勘查", 2), ("merge", "拆表并户", 4)),
        ["合表申请表", "户主身份证", "不动产权证书"],
        7,
        True,
        True,
        "in the service catalogue (Rizhao, DOMAIN.md §7 L); no time limit found (NF): local policy",
    ),
    (
        "TEMPORARY",
        "临时用水",
        ApplicationKind.TEMPORARY_WATER,
        _steps(("intake", "受理签约", 1), ("connect", "装表通水", 2)),
        ["临时用水申请表", "申请人身份证或营业执照", "施工许可或场地使用证明"],
        3,
        True,
        True,
        "no figure found (DOMAIN.md §7: NF): local policy",
    ),
]

NOTICE_2025 = "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）"
NOTICE_2026 = "国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）"


def _days(first: date, last: date) -> list[date]:
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


# (day, name, worked, source): worked days are weekend days worked instead (调休上班).
HOLIDAYS = [
    *[(d, "元旦", False, NOTICE_2025) for d in _days(date(2025, 1, 1), date(2025, 1, 1))],
    *[(d, "春节", False, NOTICE_2025) for d in _days(date(2025, 1, 28), date(2025, 2, 4))],
    (date(2025, 1, 26), "春节调休上班", True, NOTICE_2025),
    (date(2025, 2, 8), "春节调休上班", True, NOTICE_2025),
    *[(d, "清明节", False, NOTICE_2025) for d in _days(date(2025, 4, 4), date(2025, 4, 6))],
    *[(d, "劳动节", False, NOTICE_2025) for d in _days(date(2025, 5, 1), date(2025, 5, 5))],
    (date(2025, 4, 27), "劳动节调休上班", True, NOTICE_2025),
    *[(d, "端午节", False, NOTICE_2025) for d in _days(date(2025, 5, 31), date(2025, 6, 2))],
    *[(d, "国庆节、中秋节", False, NOTICE_2025) for d in _days(date(2025, 10, 1), date(2025, 10, 8))],
    (date(2025, 9, 28), "国庆节调休上班", True, NOTICE_2025),
    (date(2025, 10, 11), "国庆节调休上班", True, NOTICE_2025),
    *[(d, "元旦", False, NOTICE_2026) for d in _days(date(2026, 1, 1), date(2026, 1, 3))],
    (date(2026, 1, 4), "元旦调休上班", True, NOTICE_2026),
    *[(d, "春节", False, NOTICE_2026) for d in _days(date(2026, 2, 15), date(2026, 2, 23))],
    (date(2026, 2, 14), "春节调休上班", True, NOTICE_2026),
    (date(2026, 2, 28), "春节调休上班", True, NOTICE_2026),
    *[(d, "清明节", False, NOTICE_2026) for d in _days(date(2026, 4, 4), date(2026, 4, 6))],
    *[(d, "劳动节", False, NOTICE_2026) for d in _days(date(2026, 5, 1), date(2026, 5, 5))],
    (date(2026, 5, 9), "劳动节调休上班", True, NOTICE_2026),
    *[(d, "端午节", False, NOTICE_2026) for d in _days(date(2026, 6, 19), date(2026, 6, 21))],
    *[(d, "中秋节", False, NOTICE_2026) for d in _days(date(2026, 9, 25), date(2026, 9, 27))],
    *[(d, "国庆节", False, NOTICE_2026) for d in _days(date(2026, 10, 1), date(2026, 10, 7))],
    (date(2026, 9, 20), "国庆节调休上班", True, NOTICE_2026),
    (date(2026, 10, 10), "国庆节调休上班", True, NOTICE_2026),
]


def seed(ApplicationType, Holiday) -> None:  # noqa: N803 (model classes passed in, from the migration state or the app)
    for order, (code, name, kind, steps, documents, limit, arrears, local, source) in enumerate(TYPES):
        ApplicationType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "steps": steps,
                "documents": documents,
                "limit_working_days": limit,
                "refuse_with_arrears": arrears,
                "local_policy": local,
                "source": source,
                "order": order,
            },
        )
    for day, name, worked, source in HOLIDAYS:
        Holiday.objects.get_or_create(day=day, defaults={"name": name, "working": worked, "source": source})
