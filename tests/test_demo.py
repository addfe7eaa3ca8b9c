"""The demo city: built by `shuiwu demo --no-serve`, complete, and never duplicated by a re-run."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from shuiwu.assets.choices import Kind, System
from shuiwu.assets.models import DMA, Asset, PressureZone
from shuiwu.org.choices import Role
from shuiwu.org.demo import LOGINS
from shuiwu.org.models import Company, Staff

pytestmark = pytest.mark.slow


@pytest.fixture
def demo_city(db):
    call_command("demo", no_serve=True)


def _counts():
    return {
        "companies": Company.objects.count(),
        "staff": Staff.objects.count(),
        "assets": Asset.objects.count(),
        "dmas": DMA.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_a_rerun_keeps_the_city_and_duplicates_nothing(demo_city):
    before = _counts()
    call_command("demo", no_serve=True)
    assert _counts() == before


def test_the_city_has_what_the_register_should_hold(demo_city):
    assert Company.objects.count() == 6
    assert 60 <= Staff.objects.count() <= 100
    supply = Asset.objects.filter(system=System.SUPPLY)
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


def test_every_role_has_a_demo_login(demo_city, settings):
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    roles = {role for _, _, _, role, _ in LOGINS}
    assert roles == set(Role.values)
    for username, *_ in LOGINS:
        user = User.objects.get(username=username)
        assert user.check_password(settings.SHUIWU_DEMO_PASSWORD)
        assert user.staff.role in Role.values


@pytest.mark.django_db(transaction=True)  # --reset flushes: outside a test transaction, as in real use
def test_the_demo_is_the_same_every_build(demo_city):
    first = sorted(Asset.objects.values_list("code", "diameter", "material"), key=str)[:200]
    call_command("demo", no_serve=True, reset=True)
    assert sorted(Asset.objects.values_list("code", "diameter", "material"), key=str)[:200] == first
