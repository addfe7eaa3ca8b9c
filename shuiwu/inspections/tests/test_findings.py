"""Findings become repair tickets (channel patrol); illegal use opens a violation case; scope holds."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shuiwu.core.exceptions import ConflictError
from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import ChecklistItem, Round
from shuiwu.inspections.tests.factories import plan, street


@pytest.fixture
def finding(companies, inspector_user):
    _pipes, hydrants = street(companies["SUPPLY"])
    p = plan(companies["SUPPLY"], PlanType.HYDRANT_CHECK, checkpoints=hydrants, team=inspector_user.staff.team)
    services.generate_rounds(date(2026, 7, 1), date(2026, 7, 1))
    r = Round.objects.get(plan=p)
    item = ChecklistItem.objects.get(checklist__plan_type=PlanType.HYDRANT_CHECK, label="私接取水或铅封破坏")
    _answer, found = services.record_answer(r, asset=hydrants[0], item=item, value="true", user=inspector_user)
    return found


@pytest.fixture
def inspector_user(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role, TeamKind
    from shuiwu.org.tests.factories import TeamFactory

    team = TeamFactory(company=companies["SUPPLY"], code="P1", kind=TeamKind.PATROL)
    return make_persona("ian-inspector", companies["SUPPLY"], Role.INSPECTOR, team=team)


def test_one_tap_raises_a_patrol_ticket(finding, inspector_user):
    ticket = services.raise_ticket(finding, user=inspector_user)
    assert ticket.channel == "patrol" and ticket.category == "illegal_use"
    assert ticket.asset == finding.asset and ticket.lon == pytest.approx(finding.lon)
    finding.refresh_from_db()
    assert finding.status == "ticket" and finding.ticket == ticket
    with pytest.raises(ConflictError):
        services.raise_ticket(finding, user=inspector_user)


def test_illegal_use_opens_a_violation_case(finding, group_manager):
    case = services.open_violation(
        finding, user=group_manager, party="某工地", estimated_volume_m3=Decimal("120"), fee=Decimal("1800.00")
    )
    assert case.number.startswith("WG-") and case.fee == Decimal("1800.00")
    with pytest.raises(ConflictError):
        services.open_violation(finding, user=group_manager, party="again")


def test_only_illegal_use_opens_a_case(companies, inspector_user):
    other = services.report_finding(user=inspector_user, kind="leak", description="路面冒水")
    with pytest.raises(ValidationError):
        services.open_violation(other, user=inspector_user, party="x")


def test_a_violation_is_money_not_float(finding, group_manager):
    case = services.open_violation(finding, user=group_manager, party="某工地", fee=Decimal("99.99"))
    case.refresh_from_db()
    assert isinstance(case.fee, Decimal) and str(case.fee) == "99.99"


def test_the_sewage_inspector_cannot_see_supply_findings(finding, api, sewage_inspector):
    assert api(sewage_inspector).get(f"/api/inspections/findings/{finding.pk}/").status_code == 404
