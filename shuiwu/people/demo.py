"""The demo city's group life: six months of trainings with their attendance (the party and union officers'
two-day course of 40+ people), a speech contest of 14 contestants, a sports day, and a veterans' volunteer team
with its monthly services. Everyone here is a fictional staff record of the org demo.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from shuiwu.core import demo
from shuiwu.org.models import Company, Staff
from shuiwu.people.choices import ActivityKind, AttendanceStatus, EntryRole, TeamKind, TrainingCategory
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam

# company, topic, category, organiser, days ago (start), days, hours, people (all companies if company is GROUP)
TRAININGS = [
    ("GROUP", "党务工会干部培训班", TrainingCategory.PARTY_UNION, "集团党群工作部", 150, 2, "12", 42),
    ("SUPPLY", "防汛防台应急抢险培训", TrainingCategory.EMERGENCY, "安全应急部", 135, 1, "4", 22),
    ("SEWAGE", "有限空间作业安全培训", TrainingCategory.SAFETY, "污水公司安全科", 120, 1, "4", 14),
    ("SUPPLY", "供水管网检漏技术培训", TrainingCategory.TECHNICAL, "管网管理所", 95, 2, "8", 12),
    ("GROUP", "高温季节防暑降温与现场急救", TrainingCategory.EMERGENCY, "安全应急部", 70, 1, "2", 36),
    ("SUPPLY", "窗口服务礼仪与投诉处理", TrainingCategory.SERVICE, "客户服务中心", 55, 1, "3", 8),
    ("INSTALL", "二次供水设备维护保养培训", TrainingCategory.TECHNICAL, "二次供水管理所", 40, 1, "6", 6),
    ("PROD", "水厂突发停电应急处置培训", TrainingCategory.EMERGENCY, "第一水厂", 20, 1, "3", 10),
    ("GROUP", "安全生产月专题培训", TrainingCategory.SAFETY, "安全应急部", -10, 1, "3", 30),
]

AWARDS = ["一等奖"] + ["二等奖"] * 2 + ["三等奖"] * 3 + ["优秀奖"] * 8
SERVICES = [
    "社区节水宣传",
    "敬老院送水上门",
    "防汛值守",
    "学校饮水安全讲座",
    "老旧小区管道义务检查",
    "高温慰问一线职工",
]


@demo.part("people", after=("org",), label="Trainings, activities and volunteers")
def build(ctx):
    rng = ctx.rng("people")
    companies = {c.code: c for c in Company.objects.all()}
    if "GROUP" not in companies:
        return {}
    today = timezone.localdate()
    everyone = list(Staff.objects.filter(active=True).select_related("company").order_by("employee_no"))
    by_company: dict[str, list[Staff]] = {}
    for s in everyone:
        by_company.setdefault(s.company.code, []).append(s)

    rows = []
    for ccode, topic, category, organiser, ago, days, hours, count in TRAININGS:
        start = today - timedelta(days=ago)
        training = Training.objects.create(
            company=companies[ccode],
            topic=topic,
            category=category,
            organiser=organiser,
            trainer=rng.choice(["外聘讲师", "集团安全总监", "技术骨干", "市应急管理局专家"]),
            location=rng.choice(["集团三楼会议室", "抢修中心培训室", "第一水厂会议室", "市职工学校"]),
            start_on=start,
            end_on=start + timedelta(days=days - 1),
            hours=Decimal(hours),
        )
        pool = everyone if ccode == "GROUP" else by_company.get(ccode, [])
        chosen = rng.sample(pool, min(count, len(pool)))
        future = start > today
        for person in chosen:
            if future:
                status, credited = AttendanceStatus.REGISTERED, None
            else:
                roll = rng.random()
                if roll < 0.9:
                    status, credited = AttendanceStatus.PRESENT, None
                elif roll < 0.95:
                    status, credited = AttendanceStatus.PARTIAL, (Decimal(hours) / 2).quantize(Decimal("0.1"))
                else:
                    status, credited = rng.choice([AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED]), None
            rows.append(Attendance(training=training, staff=person, status=status, hours=credited))
    Attendance.objects.bulk_create(rows)

    contest = Activity.objects.create(
        company=companies["GROUP"],
        title="“奋进新时代 水务展风采”演讲比赛",
        kind=ActivityKind.CONTEST,
        organiser="集团工会",
        location="集团三楼报告厅",
        start_on=today - timedelta(days=110),
        description="各子公司推荐选手 14 名，评委 3 名，现场打分。",
    )
    contestants = rng.sample(everyone, 17)
    scores = sorted((Decimal(rng.randint(8200, 9650)) / 100 for _ in range(14)), reverse=True)
    entries = [
        ActivityEntry(
            activity=contest, staff=s, role=EntryRole.CONTESTANT, rank=i + 1, score=scores[i], award=AWARDS[i]
        )
        for i, s in enumerate(contestants[:14])
    ]
    entries += [ActivityEntry(activity=contest, staff=s, role=EntryRole.JUDGE) for s in contestants[14:]]
    sports = Activity.objects.create(
        company=companies["GROUP"],
        title="职工趣味运动会",
        kind=ActivityKind.SPORTS,
        organiser="集团工会",
        location="澄湖市体育中心",
        start_on=today - timedelta(days=60),
    )
    entries += [ActivityEntry(activity=sports, staff=s) for s in rng.sample(everyone, min(30, len(everyone)))]
    party = Activity.objects.create(
        company=companies["SUPPLY"],
        title="主题党日：走进水源地",
        kind=ActivityKind.PARTY,
        organiser="供水公司党支部",
        start_on=today - timedelta(days=25),
    )
    entries += [ActivityEntry(activity=party, staff=s) for s in rng.sample(by_company["SUPPLY"], 12)]
    ActivityEntry.objects.bulk_create(entries)

    veterans = VolunteerTeam.objects.create(
        company=companies["GROUP"],
        name="退役军人志愿服务队",
        kind=TeamKind.VETERANS,
        founded_on=today - timedelta(days=900),
        description="由集团退役军人职工组成，参与防汛值守、社区送水和节水宣传。",
    )
    members = rng.sample(everyone, 11)
    veterans.leader = members[0]
    veterans.save(update_fields=["leader", "updated"])
    veterans.members.set(members)
    services = 0
    for month_ago in range(6, 0, -1):
        on = today - timedelta(days=30 * month_ago - rng.randint(0, 10))
        service = VolunteerService.objects.create(
            team=veterans,
            on_date=on,
            title=SERVICES[month_ago % len(SERVICES)],
            location=rng.choice(["锦绣社区", "东湖敬老院", "澄东街道", "柳塘镇中心小学"]),
            hours=Decimal(rng.choice([2, 3, 4])),
        )
        service.participants.set(rng.sample(members, rng.randint(5, len(members))))
        services += 1
    return {
        "trainings": len(TRAININGS),
        "attendance": len(rows),
        "contestants": 14,
        "volunteer services": services,
    }
