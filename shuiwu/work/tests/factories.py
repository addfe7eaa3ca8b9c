"""Helpers for the repair-centre tests: crews, calls and orders at given places."""

from shuiwu.assets.tests.factories import lonlat
from shuiwu.org.choices import Role, TeamKind
from shuiwu.org.tests.factories import TeamFactory
from shuiwu.work import services
from shuiwu.work.choices import Category, Channel


def crew(company, code="R1", kind=TeamKind.REPAIR, **fields):
    return TeamFactory(company=company, code=code, name=f"抢修{code}", kind=kind, **fields)


def crew_member(companies, team, username="carl-crew"):
    from shuiwu.core.testkit import make_persona

    return make_persona(username, team.company, Role.CREW_MEMBER, team=team)


def call(user, category=Category.VISIBLE_LEAK, x=0.0, y=0.0, **fields):
    lon, lat = lonlat(x, y)
    fields.setdefault("channel", Channel.HOTLINE_96390)
    fields.setdefault("caller_phone", "17000000001")
    return services.create_ticket(user=user, category=category, lon=lon, lat=lat, **fields)


def order(user, category=Category.VISIBLE_LEAK, x=0.0, y=0.0, **fields):
    lon, lat = lonlat(x, y)
    fields.setdefault("title", "测试工单")
    return services.open_work_order(user=user, category=category, lon=lon, lat=lat, **fields)
