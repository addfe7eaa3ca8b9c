"""An approved result over the national limit: retest task, raised frequency, exceedance, ticket."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from shuiwu.quality import services
from shuiwu.quality.choices import ExceedanceLevel, ExceedanceStatus, SampleStatus, TaskKind, Verdict
from shuiwu.quality.models import Escalation, Exceedance, SampleTask
from shuiwu.quality.tests.factories import sample

pytestmark = pytest.mark.django_db


def test_a_passing_sample_opens_nothing(outlet, technician, reviewer):
    s = sample(outlet, {"turbidity": "0.21", "free_chlorine": "0.8"}, user=technician, reviewer=reviewer)
    assert s.status == SampleStatus.APPROVED
    assert {r.parameter.code: r.national for r in s.results.all()} == {"turbidity": "pass", "free_chlorine": "pass"}
    assert not Exceedance.objects.exists()


def test_an_exceedance_opens_a_retest_a_raised_frequency_and_a_ticket(outlet, technician, reviewer):
    from shuiwu.work.models import Ticket

    s = sample(outlet, {"turbidity": "1.8"}, user=technician, reviewer=reviewer)
    result = s.results.get()
    assert result.national == Verdict.FAIL
    exceedance = Exceedance.objects.get()
    assert exceedance.level == ExceedanceLevel.NATIONAL
    assert exceedance.status == ExceedanceStatus.OPEN
    assert exceedance.limit_text == "≤1"
    retest = exceedance.retest
    assert retest.kind == TaskKind.RETEST
    assert retest.parameter_codes == ["turbidity"]
    assert retest.due == timezone.localdate()
    assert exceedance.escalation.point == outlet
    assert exceedance.ticket is not None
    assert Ticket.objects.get(pk=exceedance.ticket_id).category == "water_quality"
    # The plant outlet's company gets the ticket, not the supply company that takes the category's calls.
    assert Ticket.objects.get(pk=exceedance.ticket_id).company_id == outlet.company_id


def test_a_passing_retest_resolves_the_exceedance(outlet, technician, reviewer):
    sample(outlet, {"turbidity": "1.8"}, user=technician, reviewer=reviewer)
    retest = SampleTask.objects.get(kind=TaskKind.RETEST)
    sample(None, {"turbidity": "0.3"}, user=technician, reviewer=reviewer, task=retest)
    retest.refresh_from_db()
    assert retest.status == "taken"
    assert Exceedance.objects.get().status == ExceedanceStatus.RESOLVED


def test_over_the_internal_limit_only_opens_a_retest_without_a_ticket(outlet, technician, reviewer):
    sample(outlet, {"turbidity": "0.7"}, user=technician, reviewer=reviewer)  # national ≤1, internal ≤0.5
    exceedance = Exceedance.objects.get()
    assert exceedance.level == ExceedanceLevel.INTERNAL
    assert exceedance.retest is not None
    assert exceedance.ticket is None
    assert not Escalation.objects.exists()


def test_low_chlorine_at_a_network_end_is_an_exceedance(network_end, technician, reviewer):
    s = sample(network_end, {"free_chlorine": "0.03"}, user=technician, reviewer=reviewer)
    assert s.results.get().national == Verdict.FAIL
    assert Exceedance.objects.get().limit_text == "0.05~2"


def test_the_one_who_entered_cannot_approve(outlet, technician):
    s = sample(outlet, {"turbidity": "0.2"}, user=technician, approve=False)
    with pytest.raises(PermissionDenied):
        services.approve(s, user=technician)


def test_the_escalation_generates_daily_tasks(outlet, technician, reviewer):
    sample(outlet, {"turbidity": "1.8"}, user=technician, reviewer=reviewer)
    escalation = Escalation.objects.get()
    today = timezone.localdate()
    services.generate_tasks(today, today + timedelta(days=20), points=outlet.__class__.objects.filter(pk=outlet.pk))
    escalated = SampleTask.objects.filter(kind=TaskKind.ESCALATED)
    assert escalated.count() == (escalation.ends - escalation.starts).days + 1
    assert set(escalated.values_list("due", flat=True)) == {
        escalation.starts + timedelta(days=i) for i in range((escalation.ends - escalation.starts).days + 1)
    }
    # Generating again adds nothing.
    assert (
        services.generate_tasks(today, today + timedelta(days=20), points=outlet.__class__.objects.filter(pk=outlet.pk))
        == 0
    )


def test_an_exceedance_at_a_point_with_an_analyser_stands_on_the_alarm_list_until_resolved(
    outlet, technician, reviewer
):
    from shuiwu.assets.tests.factories import AssetFactory
    from shuiwu.telemetry.models import Alarm
    from shuiwu.telemetry.tests.factories import sensor

    plant = AssetFactory(kind="plant", company=outlet.company, code="WTP-T")
    outlet.asset = plant
    outlet.save()
    analyser = sensor(outlet.company, "WTP-T-TU", measure="turbidity", role="plant_outlet", asset=plant)
    sample(outlet, {"turbidity": "1.8"}, user=technician, reviewer=reviewer)
    exceedance = Exceedance.objects.get()
    alarm = Alarm.objects.get()
    assert exceedance.alarm == alarm and alarm.sensor == analyser and alarm.rule.kind == "lab"
    assert alarm.ticket_id == exceedance.ticket_id and alarm.cleared_at is None
    sample(outlet, {"turbidity": "0.3"}, user=technician, reviewer=reviewer, task=exceedance.retest)
    alarm.refresh_from_db()
    assert alarm.cleared_at is not None


def test_a_point_without_sensors_raises_no_telemetry_alarm(outlet, technician, reviewer):
    from shuiwu.telemetry.models import Alarm

    sample(outlet, {"turbidity": "1.8"}, user=technician, reviewer=reviewer)
    assert Exceedance.objects.get().alarm is None and not Alarm.objects.exists()
