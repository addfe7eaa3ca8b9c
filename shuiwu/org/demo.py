"""The demo city's organisation: the group, its companies, departments, teams, staff and logins.

Everyone here is fictional: names are drawn at random from common surname and
given-name characters, phone numbers use the unassigned 170-0000 range.
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from shuiwu.core import demo
from shuiwu.org.choices import CompanyKind, Role, TeamKind
from shuiwu.org.models import Company, Department, Staff, Team

CITY = "澄湖"

COMPANIES = [
    # code, name, short name, kind
    ("GROUP", f"{CITY}水务集团有限公司", "水务集团", CompanyKind.GROUP),
    ("SUPPLY", f"{CITY}市供水有限公司", "供水公司", CompanyKind.SUPPLY),
    ("PROD", f"{CITY}市制水有限公司", "制水公司", CompanyKind.PRODUCTION),
    ("RAW", f"{CITY}市原水有限公司", "原水公司", CompanyKind.RAW_WATER),
    ("SEWAGE", f"{CITY}市污水处理有限公司", "污水公司", CompanyKind.SEWAGE),
    ("INSTALL", f"{CITY}市水务安装工程有限公司", "安装公司", CompanyKind.INSTALLATION),
]

DEPARTMENTS = {
    "GROUP": [("OFFICE", "综合办公室"), ("OPS", "运营管理部"), ("SAFETY", "安全应急部")],
    "SUPPLY": [("REPAIR", "抢修中心"), ("NETWORK", "管网管理所"), ("SERVICE", "客户服务中心"), ("METER", "水表计量所")],
    "PROD": [("PLANT1", "第一水厂"), ("PLANT2", "第二水厂"), ("LAB", "中心化验室")],
    "RAW": [("INTAKE", "取水管理所")],
    "SEWAGE": [("SEWER", "排水管网所"), ("PUMPS", "泵站管理所"), ("WWTP", "污水处理厂")],
    "INSTALL": [("PROJECTS", "工程部"), ("SECONDARY", "二次供水管理所")],
}

# company, code, name, kind, department, size
TEAMS = [
    ("GROUP", "OFFICE", "集团综合办", TeamKind.OFFICE, "OFFICE", 3),
    ("SUPPLY", "DISPATCH", "抢修调度中心", TeamKind.DISPATCH, "REPAIR", 4),
    ("SUPPLY", "REPAIR1", "抢修一队", TeamKind.REPAIR, "REPAIR", 5),
    ("SUPPLY", "REPAIR2", "抢修二队", TeamKind.REPAIR, "REPAIR", 5),
    ("SUPPLY", "REPAIR3", "抢修三队", TeamKind.REPAIR, "REPAIR", 4),
    ("SUPPLY", "PATROL1", "管网巡查一队", TeamKind.PATROL, "NETWORK", 4),
    ("SUPPLY", "PATROL2", "管网巡查二队", TeamKind.PATROL, "NETWORK", 3),
    ("SUPPLY", "ENG", "管网技术组", TeamKind.ENGINEERING, "NETWORK", 2),
    ("SUPPLY", "WINDOW", "综合窗口", TeamKind.SERVICE, "SERVICE", 3),
    ("SUPPLY", "METER", "抄表班", TeamKind.METER, "METER", 3),
    ("PROD", "SHIFT1", "第一水厂运行甲班", TeamKind.PLANT_SHIFT, "PLANT1", 3),
    ("PROD", "SHIFT2", "第一水厂运行乙班", TeamKind.PLANT_SHIFT, "PLANT1", 3),
    ("PROD", "SHIFT3", "第二水厂运行班", TeamKind.PLANT_SHIFT, "PLANT2", 3),
    ("PROD", "LAB", "中心化验室", TeamKind.LAB, "LAB", 3),
    ("RAW", "INTAKE", "取水泵站班", TeamKind.PLANT_SHIFT, "INTAKE", 3),
    ("RAW", "RAWPATROL", "原水管线巡查班", TeamKind.PATROL, "INTAKE", 3),
    ("SEWAGE", "SEWER1", "管道养护一队", TeamKind.SEWER, "SEWER", 4),
    ("SEWAGE", "SEWER2", "管道养护二队", TeamKind.SEWER, "SEWER", 3),
    ("SEWAGE", "PUMPS", "泵站运维班", TeamKind.SEWER, "PUMPS", 3),
    ("SEWAGE", "WWTP", "污水厂运行班", TeamKind.PLANT_SHIFT, "WWTP", 3),
    ("INSTALL", "INSTALL1", "安装一队", TeamKind.INSTALLATION, "PROJECTS", 4),
    ("INSTALL", "SECONDARY", "二次供水维保班", TeamKind.SECONDARY_SUPPLY, "SECONDARY", 3),
]

TEAM_ROLE = {
    TeamKind.OFFICE: Role.READ_ONLY,
    TeamKind.DISPATCH: Role.HOTLINE_OPERATOR,
    TeamKind.REPAIR: Role.CREW_MEMBER,
    TeamKind.PATROL: Role.INSPECTOR,
    TeamKind.ENGINEERING: Role.NETWORK_ENGINEER,
    TeamKind.SERVICE: Role.WINDOW_CLERK,
    TeamKind.METER: Role.CREW_MEMBER,
    TeamKind.PLANT_SHIFT: Role.PLANT_OPERATOR,
    TeamKind.LAB: Role.LAB_TECHNICIAN,
    TeamKind.SEWER: Role.CREW_MEMBER,
    TeamKind.INSTALLATION: Role.CREW_MEMBER,
    TeamKind.SECONDARY_SUPPLY: Role.INSPECTOR,
}

# The demo logins: username, company, team (or None), role, what they show.
LOGINS = [
    ("manager", "GROUP", "OFFICE", Role.GROUP_MANAGER, "集团领导：全集团"),
    ("supply-manager", "SUPPLY", None, Role.COMPANY_MANAGER, "供水公司经理"),
    ("dispatcher", "SUPPLY", "DISPATCH", Role.DISPATCHER, "抢修调度"),
    ("hotline", "SUPPLY", "DISPATCH", Role.HOTLINE_OPERATOR, "热线接线员"),
    ("crew", "SUPPLY", "REPAIR1", Role.CREW_MEMBER, "抢修队员"),
    ("inspector", "SUPPLY", "PATROL1", Role.INSPECTOR, "管网巡查员"),
    ("sewer-inspector", "SEWAGE", "SEWER1", Role.INSPECTOR, "污水公司巡查员"),
    ("operator", "PROD", "SHIFT1", Role.PLANT_OPERATOR, "水厂运行工"),
    ("lab", "PROD", "LAB", Role.LAB_TECHNICIAN, "化验员"),
    ("window", "SUPPLY", "WINDOW", Role.WINDOW_CLERK, "综合窗口"),
    ("billing", "SUPPLY", None, Role.BILLING_MANAGER, "营收管理"),
    ("engineer", "SUPPLY", "ENG", Role.NETWORK_ENGINEER, "管网工程师"),
    ("viewer", "GROUP", None, Role.READ_ONLY, "只读"),
    ("sewage-manager", "SEWAGE", None, Role.COMPANY_MANAGER, "污水公司经理"),
    ("install-manager", "INSTALL", None, Role.COMPANY_MANAGER, "安装公司经理"),
]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁沈任姚卢钟姜崔谭陆范汪廖金石贾"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉玲萍红鹏飞宇浩然欣怡晨阳思"
    "远佳琪子轩梓涵嘉诚俊杰海燕春梅志强永康立新国庆卫东晓东"
)


def fictional_name(rng) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def phone(rng) -> str:
    return f"1700000{rng.randint(0, 9999):04d}"


@demo.part("org", label="Organisation")
def build(ctx):
    rng = ctx.rng("org")
    companies = {}
    group = None
    for code, name, short, kind in COMPANIES:
        company = Company.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=group,
            phone=f"0573-8{rng.randint(1000000, 9999999)}",
            address=f"{CITY}市{rng.choice('东西南北')}湖路{rng.randint(1, 300)}号",
        )
        group = group or company
        companies[code] = company
    departments = {}
    for code, items in DEPARTMENTS.items():
        for dcode, dname in items:
            departments[(code, dcode)] = Department.objects.create(company=companies[code], code=dcode, name=dname)
    teams = {}
    for ccode, tcode, name, kind, dcode, _ in TEAMS:
        teams[(ccode, tcode)] = Team.objects.create(
            company=companies[ccode],
            code=tcode,
            name=name,
            kind=kind,
            department=departments[(ccode, dcode)],
            phone=phone(rng),
        )

    used: set[str] = set()

    def new_staff(company_code, team_code, role, title=""):
        name = fictional_name(rng)
        while name in used:
            name = fictional_name(rng)
        used.add(name)
        team = teams.get((company_code, team_code)) if team_code else None
        return Staff.objects.create(
            company=companies[company_code],
            employee_no=f"{company_code[:2]}{len(used):04d}",
            name=name,
            phone=phone(rng),
            role=role,
            title=title,
            team=team,
            department=team.department if team else None,
            hired_on=f"{rng.randint(1992, 2024)}-{rng.randint(1, 12):02d}-01",
        )

    logins = _create_logins(companies, teams, new_staff)
    for ccode, tcode, _, kind, _, size in TEAMS:
        for _ in range(size):
            new_staff(ccode, tcode, TEAM_ROLE[kind])
    for ccode in companies:
        if ccode != "GROUP":
            new_staff(ccode, None, Role.COMPANY_MANAGER, "经理")
    ctx.shared["companies"] = companies
    return {"companies": len(companies), "teams": len(teams), "staff": Staff.objects.count(), "logins": logins}


def _create_logins(companies, teams, new_staff) -> int:
    User = get_user_model()
    password = settings.SHUIWU_DEMO_PASSWORD
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@example.invalid", password)
    for username, ccode, tcode, role, _ in LOGINS:
        staff = new_staff(ccode, tcode, role)
        user = User.objects.create_user(username=username, password=password, first_name=staff.name)
        user.is_staff = role in (Role.GROUP_MANAGER, Role.COMPANY_MANAGER, Role.NETWORK_ENGINEER)
        user.save(update_fields=["is_staff"])
        staff.user = user
        staff.save()
    return len(LOGINS) + 1
