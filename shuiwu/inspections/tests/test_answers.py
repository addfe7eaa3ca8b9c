"""Answers: judged against the checklist item; out of limits opens a finding; wrong types are refused."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import ChecklistItem, Finding, Round
from shuiwu.inspections.tests.factories import plan, street


@pytest.fixture
def hydrant_round(companies, inspector):
    pipes, hydrants = street(companies["SUPPLY"])
    p = plan(companies["SUPPLY"], PlanType.HYDRANT_CHECK, checkpoints=hydrants, team=inspector.staff.team)
    services.generate_rounds(date(2026, 7, 1), date(2026, 7, 1))
    return Round.objects.get(plan=p), hydrants


@pytest.fixture
def inspector(companies):
    from shuiwu.core.testkit import make_persona
    from shuiwu.org.choices import Role, TeamKind
    from shuiwu.org.tests.factories import TeamFactory

    team = TeamFactory(company=companies["SUPPLY"], code="P1", kind=TeamKind.PATROL)
    return make_persona("ian-inspector", companies["SUPPLY"], Role.INSPECTOR, team=team)


def _item(label):
    return ChecklistItem.objects.get(checklist__plan_type=PlanType.HYDRANT_CHECK, label=label)


def test_an_answer_in_limits_is_recorded_and_starts_the_round(hydrant_round, inspector):
    r, hydrants = hydrant_round
    answer, finding = services.record_answer(r, asset=hydrants[0], item=_item("栓口压力"), value="0.25", user=inspector)
    assert not answer.out_of_limits and finding is None
    r.refresh_from_db()
    assert r.status == "in_progress" and r.inspector == inspector


def test_a_pressure_below_014_mpa_opens_a_finding(hydrant_round, inspector):
    r, hydrants = hydrant_round
    answer, finding = services.record_answer(r, asset=hydrants[0], item=_item("栓口压力"), value="0.10", user=inspector)
    assert answer.out_of_limits and finding.kind == "pressure" and finding.asset == hydrants[0]
    assert "0.1" in finding.description and "0.14" in finding.description


def test_an_unexpected_yes_no_opens_a_finding(hydrant_round, inspector):
    r, hydrants = hydrant_round
    _answer, finding = services.record_answer(
        r, asset=hydrants[1], item=_item("私接取水或铅封破坏"), value="true", user=inspector
    )
    assert finding.kind == "illegal_use"


def test_answers_outside_the_items_kind_are_refused(hydrant_round, inspector):
    r, hydrants = hydrant_round
    with pytest.raises(ValidationError) as info:
        services.record_answer(r, asset=hydrants[0], item=_item("栓口压力"), value="abc", user=inspector)
    assert "value" in info.value.message_dict
    with pytest.raises(ValidationError):
        services.record_answer(r, asset=hydrants[0], item=_item("消火栓外观完好"), value="maybe", user=inspector)
    with pytest.raises(ValidationError):
        services.record_answer(r, asset=hydrants[0], item=_item("消火栓外观完好"), value="", user=inspector)
    assert not Finding.objects.exists()


def test_a_choice_must_be_one_of_the_items_choices(companies, inspector):
    item = ChecklistItem.objects.get(checklist__plan_type=PlanType.SECONDARY_SUPPLY, label="水泵运行状态")
    fields, out = services.judge(item, "异响")
    assert fields == {"text": "异响"} and out
    with pytest.raises(ValidationError):
        services.judge(item, "坏了")


def test_an_asset_that_is_not_a_checkpoint_is_refused(hydrant_round, inspector, companies):
    from shuiwu.assets.tests.factories import AssetFactory

    r, _ = hydrant_round
    stranger = AssetFactory(kind="hydrant", company=companies["SUPPLY"], code="H-X")
    with pytest.raises(ValidationError) as info:
        services.record_answer(r, asset=stranger, item=_item("栓口压力"), value="0.3", user=inspector)
    assert "asset" in info.value.message_dict


def test_an_item_of_another_checklist_is_refused(hydrant_round, inspector):
    r, hydrants = hydrant_round
    other = ChecklistItem.objects.filter(checklist__plan_type=PlanType.PLANT_ROUND).first()
    with pytest.raises(ValidationError) as info:
        services.record_answer(r, asset=hydrants[0], item=other, value="true", user=inspector)
    assert "item" in info.value.message_dict


def test_finishing_counts_checkpoints_done_and_skipped(hydrant_round, inspector):
    r, hydrants = hydrant_round
    services.record_answer(r, asset=hydrants[0], item=_item("栓口压力"), value="0.3", user=inspector)
    services.skip_checkpoint(r, asset=hydrants[1], reason="车辆占压", user=inspector)
    r = services.finish_round(r, user=inspector)
    assert (r.checkpoints_done, r.checkpoints_skipped, r.status) == (1, 2, "done")


def test_another_companys_inspector_cannot_answer(hydrant_round, sewage_inspector):
    from django.core.exceptions import PermissionDenied

    r, hydrants = hydrant_round
    with pytest.raises(PermissionDenied):
        services.record_answer(r, asset=hydrants[0], item=_item("栓口压力"), value="0.3", user=sewage_inspector)
