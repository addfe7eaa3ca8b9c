"""SLA clocks: deadlines from the policies, night arrival in Asia/Shanghai, pauses that stop the clock."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from shuiwu.work import services
from shuiwu.work.choices import Category, Priority, SLAState, State
from shuiwu.work.defaults import SLA_POLICIES
from shuiwu.work.models import SLAPolicy, WorkOrder
from shuiwu.work.tests.factories import order

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_seeded_policies_are_the_defaults_of_domain_md(db):
    assert SLAPolicy.objects.count() == len(SLA_POLICIES)
    cover = SLAPolicy.objects.get(category=Category.MANHOLE_COVER)
    # CJJ 68-2016 §3.3.4 (P): barrier within 2 h, repair within 6 h; a national figure, not local policy.
    assert (cover.secure_minutes, cover.complete_minutes, cover.local_policy) == (120, 360, False)
    small, large = (
        SLAPolicy.objects.get(category=Category.MAIN_BURST, max_diameter=500),
        SLAPolicy.objects.get(category=Category.MAIN_BURST, min_diameter=500),
    )
    # DOMAIN §3.3 examples B/C: shut off within 4 h; DN≤500 repaired in 24 h, above in 48 h.
    assert (small.secure_minutes, small.complete_minutes) == (240, 1440)
    assert (large.secure_minutes, large.complete_minutes) == (240, 2880)
    household = SLAPolicy.objects.get(category=Category.VISIBLE_LEAK, priority=Priority.NORMAL)
    assert household.complete_minutes == 120


def test_a_burst_above_dn500_gets_48_hours(supply_dispatcher):
    created = datetime(2026, 7, 15, 10, 0, tzinfo=SHANGHAI)
    wo = order(supply_dispatcher, category=Category.MAIN_BURST, diameter=600, at=created)
    assert wo.complete_due - created == timedelta(hours=48)
    assert wo.secure_due - created == timedelta(hours=4)
    wo = order(supply_dispatcher, category=Category.MAIN_BURST, diameter=300, at=created)
    assert wo.complete_due - created == timedelta(hours=24)


def test_night_arrival_is_judged_in_local_time(supply_dispatcher):
    # 23:30 in Shanghai is 15:30 UTC: night locally, so the night arrival time applies.
    night = datetime(2026, 7, 15, 15, 30, tzinfo=ZoneInfo("UTC"))
    day = datetime(2026, 7, 15, 2, 30, tzinfo=ZoneInfo("UTC"))  # 10:30 in Shanghai
    wo_night = order(supply_dispatcher, category=Category.NO_WATER, at=night)
    wo_day = order(supply_dispatcher, category=Category.NO_WATER, at=day)
    assert wo_night.arrive_due - night == timedelta(minutes=90)
    assert wo_day.arrive_due - day == timedelta(minutes=60)


def test_the_clock_runs_then_breaches(supply_dispatcher):
    created = datetime(2026, 7, 15, 10, 0, tzinfo=SHANGHAI)  # by day: on site within 60 min
    wo = order(supply_dispatcher, category=Category.NO_WATER, at=created)
    assert services.sla_state(wo, created + timedelta(minutes=10)) == SLAState.OK
    assert services.sla_state(wo, created + timedelta(minutes=50)) == SLAState.AT_RISK
    assert services.sla_state(wo, created + timedelta(minutes=61)) == SLAState.BREACHED
    assert WorkOrder.objects.filter(services.breached_q(created + timedelta(minutes=61))).filter(pk=wo.pk).exists()


def test_a_pause_stops_the_clock_and_pushes_deadlines_back(supply_dispatcher, crew_user, repair_team):
    start = timezone.now() - timedelta(hours=5)
    wo = order(supply_dispatcher, category=Category.VISIBLE_LEAK, priority=Priority.HIGH, at=start)
    due = wo.complete_due
    for target in (State.DISPATCHED, State.ACCEPTED, State.ON_SITE):
        wo = services.transition(
            wo,
            target,
            user=supply_dispatcher if target == State.DISPATCHED else crew_user,
            team=repair_team,
            at=start + timedelta(minutes=30),
        )
    wo = services.transition(wo, State.PAUSED, user=crew_user, reason="等待道路开挖许可", at=start + timedelta(hours=1))
    assert services.sla_state(wo, start + timedelta(days=3)) == SLAState.PAUSED  # a stopped clock cannot breach
    wo = services.transition(wo, State.ON_SITE, user=crew_user, at=start + timedelta(hours=4))
    assert wo.complete_due == due + timedelta(hours=3)
    assert wo.paused_seconds == 3 * 3600
    assert not WorkOrder.objects.filter(services.breached_q(due + timedelta(hours=1))).filter(pk=wo.pk).exists()


def test_met_late_stays_breached(supply_dispatcher, crew_user, repair_team):
    start = datetime(2026, 7, 15, 10, 0, tzinfo=SHANGHAI)
    wo = order(supply_dispatcher, category=Category.NO_WATER, at=start)
    wo = services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=repair_team, at=start)
    wo = services.transition(wo, State.ACCEPTED, user=crew_user, at=start + timedelta(minutes=5))
    wo = services.transition(wo, State.ON_SITE, user=crew_user, at=start + timedelta(hours=2))
    assert services.sla_state(wo) == SLAState.BREACHED


def test_the_most_specific_policy_wins(db):
    assert services.policy_for(Category.VISIBLE_LEAK, Priority.NORMAL).complete_minutes == 120
    assert services.policy_for(Category.VISIBLE_LEAK, Priority.HIGH).complete_minutes == 24 * 60
    assert services.policy_for(Category.MAIN_BURST, 1, None).complete_minutes == 24 * 60


@pytest.mark.parametrize("hour,night", [(21, False), (22, True), (3, True), (6, False)])
def test_night_hours_rule(db, hour, night):
    assert services.is_night(datetime(2026, 7, 15, hour, 0, tzinfo=SHANGHAI)) is night
