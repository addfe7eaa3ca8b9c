"""The demo city: built by `shuiwu demo --no-serve`, complete, and never duplicated by a re-run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import DMA, Asset, PressureZone
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import Plan, Round
from shuiwu.org.choices import Role
from shuiwu.org.demo import LOGINS
from shuiwu.org.models import Company, Staff
from shuiwu.work.models import Outage, Ticket, WorkOrder

pytestmark = pytest.mark.slow
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_city(django_db_setup, django_db_blocker):
    """The whole demo city, built once for this module and emptied after it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        call_command("demo", no_serve=True)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _counts():
    return {
        "companies": Company.objects.count(),
        "staff": Staff.objects.count(),
        "assets": Asset.objects.count(),
        "dmas": DMA.objects.count(),
        "users": get_user_model().objects.count(),
        "tickets": Ticket.objects.count(),
        "orders": WorkOrder.objects.count(),
        "rounds": Round.objects.count(),
    }


def test_a_rerun_keeps_the_city_and_duplicates_nothing(demo_city, db):
    before = _counts()
    call_command("demo", no_serve=True)
    assert _counts() == before


def test_the_city_has_what_the_register_should_hold(demo_city, db):
    assert Company.objects.count() == 6
    assert 60 <= Staff.objects.count() <= 100
    # L-Town's own junctions and pipes; the capital projects add theirs (codes GC-…).
    supply = Asset.objects.filter(system=System.SUPPLY).exclude(code__startswith="GC-")
    assert supply.filter(kind=Kind.JUNCTION).count() == 782  # L-Town
    assert supply.filter(kind=Kind.PIPE).count() == 905
    for kind in (
        Kind.VALVE,
        Kind.HYDRANT,
        Kind.SERVICE_POINT,
        Kind.PLANT,
        Kind.PROCESS_UNIT,
        Kind.TANK,
        Kind.RESERVOIR,
        Kind.SECONDARY_UNIT,
        Kind.PUMP_STATION,
    ):
        assert supply.filter(kind=kind).exists(), kind
    assert Asset.objects.filter(system=System.RAW, kind=Kind.INTAKE).exists()
    assert Asset.objects.filter(system=System.RAW, kind=Kind.PIPE).count() > 5
    sewer = Asset.objects.filter(system=System.SEWER)
    for kind in (Kind.MANHOLE, Kind.PIPE, Kind.PUMP_STATION, Kind.METER_WELL, Kind.PLANT, Kind.OUTFALL):
        assert sewer.filter(kind=kind).exists(), kind
    assert DMA.objects.count() >= 5 and PressureZone.objects.count() == 3
    assert not Asset.objects.filter(geometry__isnull=True).exists()
    plant = Asset.objects.get(code="WTP-1")
    unit_types = set(plant.children.values_list("subtype", flat=True))
    assert {
        "intake",
        "bio_pretreatment",
        "sedimentation",
        "sand_filter",
        "carbon_filter",
        "dosing_room",
        "sludge",
    } <= unit_types
    assert plant.children.filter(kind=Kind.RESERVOIR).exists()  # the clear-water reservoir


def test_every_role_has_a_demo_login(demo_city, db, settings):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert {role for _, _, _, role, _ in LOGINS} == set(Role.values)
    for username, *_ in LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password(settings.SHUIWU_DEMO_PASSWORD)
        assert user.staff.role in Role.values


def test_six_months_of_repairs_with_a_summer_peak(demo_city, db):
    assert Ticket.objects.count() > 3000 and WorkOrder.objects.count() > 2000
    july = Ticket.objects.filter(received_at__month=7, category="low_pressure").count()
    october = Ticket.objects.filter(received_at__month=10, category="low_pressure").count()
    assert july > 3 * october
    assert Outage.objects.filter(kind="unplanned").exists() and Outage.objects.filter(kind="planned").exists()
    assert WorkOrder.objects.exclude(state__in=["closed", "cancelled"]).exists()  # the board is alive


def test_six_months_of_rounds_for_every_plan_type(demo_city, db):
    types = set(Plan.objects.values_list("plan_type", flat=True))
    assert types == set(PlanType.values)
    plant = Round.objects.filter(plan__plan_type=PlanType.PLANT_ROUND, status="done")
    assert plant.count() > 4000  # every two hours, two plants
    assert Round.objects.filter(status="overdue").exists()
    today = timezone.localdate()
    assert Round.objects.filter(scheduled_for__date__gte=today).exists()


def test_six_months_of_telemetry_with_the_injected_faults(demo_city, db):
    from datetime import timedelta

    from shuiwu.telemetry import services
    from shuiwu.telemetry.models import Alarm, Sensor

    assert Sensor.objects.count() > 50
    today = timezone.localdate()
    curves = services.supply_curves(day=today)
    assert curves["totals"]["yesterday"] and curves["totals"]["last_year"]  # the overview compares both
    july = services.daily_supply(today.replace(month=7, day=1), today.replace(month=7, day=31))["city"]
    november = services.daily_supply(today - timedelta(days=20), today - timedelta(days=1))["city"]
    assert max(july) > 185_000 > max(november)  # "supply passed 190,000 m³ a day" in the summer peak
    active = set(Alarm.objects.filter(cleared_at__isnull=True).values_list("rule__kind", flat=True))
    assert active == {"stale", "night_flow"}
    assert Alarm.objects.filter(rule__measure="turbidity", cleared_at__isnull=False).exists()
    assert Alarm.objects.get(rule__kind="night_flow", cleared_at__isnull=True).ticket.channel == "alarm"


def test_simulated_live_readings(demo_city, db):
    from shuiwu.telemetry.models import Reading

    before = Reading.objects.count()
    call_command("simulate_telemetry", count=1, interval=1, seed=1)
    assert Reading.objects.count() > before


def test_a_hydraulic_model_with_runs_and_a_criticality_ranking(demo_city, db):
    from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run

    model = HydraulicModel.objects.get()
    assert not model.errors
    assert set(Run.objects.values_list("status", flat=True)) == {"done"}
    ranking = CriticalityRun.objects.get().ranking
    assert ranking[0]["total"] >= ranking[-1]["total"] and ranking[0]["valves_to_shut"]
