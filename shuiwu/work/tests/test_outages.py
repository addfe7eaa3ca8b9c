"""Outages: the service points they cut off (critical first) and the notice rules of DOMAIN.md §3.3."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuiwu.assets.tests.factories import AssetFactory, DMAFactory, junction, lonlat, pipe
from shuiwu.lib import geo
from shuiwu.work import services


@pytest.fixture
def street(companies):
    supply = companies["SUPPLY"]
    a, b, c = junction(supply, "A", 0, 0), junction(supply, "B", 200, 0), junction(supply, "C", 400, 0)
    main, other = pipe(supply, "P1", a, b), pipe(supply, "P2", b, c)
    hospital = AssetFactory(
        kind="service_point",
        company=supply,
        code="SP-H",
        subtype="hospital",
        pipe=main,
        geometry=geo.point(*lonlat(100, 10)),
        attrs={"households": 0},
    )
    house = AssetFactory(
        kind="service_point",
        company=supply,
        code="SP-1",
        subtype="residential",
        pipe=main,
        geometry=geo.point(*lonlat(50, 10)),
        attrs={"households": 24},
    )
    far = AssetFactory(
        kind="service_point",
        company=supply,
        code="SP-2",
        subtype="residential",
        pipe=other,
        geometry=geo.point(*lonlat(380, 10)),
        attrs={"households": 12},
    )
    return main, other, hospital, house, far


def test_an_outage_counts_the_service_points_on_its_pipes(supply_dispatcher, street):
    main, _, hospital, house, far = street
    now = timezone.now()
    result = services.create_outage(
        user=supply_dispatcher,
        kind="unplanned",
        title="爆管",
        start=now,
        expected_restore=now + timedelta(hours=6),
        pipes=[main],
    )
    outage = result.outage
    assert set(outage.service_points.values_list("code", flat=True)) >= {"SP-H", "SP-1"}
    assert outage.critical_count == 1
    assert outage.households >= 24
    assert outage.status == "active" and outage.number.startswith("TS-")
    assert "96390" in outage.notice_text


def test_a_planned_outage_with_less_than_24_hours_notice_is_warned(supply_dispatcher, street):
    start = timezone.now() + timedelta(hours=30)
    late = services.create_outage(
        user=supply_dispatcher,
        kind="planned",
        title="碰口",
        start=start,
        expected_restore=start + timedelta(hours=5),
        pipes=[street[0]],
        notice_at=start - timedelta(hours=10),
    )
    assert any("24" in w for w in late.warnings)
    good = services.create_outage(
        user=supply_dispatcher,
        kind="planned",
        title="碰口",
        start=start,
        expected_restore=start + timedelta(hours=5),
        pipes=[street[0]],
        notice_at=start - timedelta(hours=26),
    )
    assert good.warnings == []


def test_an_outage_longer_than_24_hours_needs_temporary_supply(supply_dispatcher, street):
    start = timezone.now()
    result = services.create_outage(
        user=supply_dispatcher,
        kind="unplanned",
        title="大管爆管",
        start=start,
        expected_restore=start + timedelta(hours=30),
        pipes=[street[0]],
    )
    assert any("temporary" in w or "临时" in w for w in result.warnings)


def test_a_dma_outage_takes_the_dmas_service_points(supply_dispatcher, companies, street):
    dma = DMAFactory(company=companies["SUPPLY"])
    street[4].dma = dma
    street[4].save()
    now = timezone.now()
    outage = services.create_outage(
        user=supply_dispatcher,
        kind="planned",
        title="片区停水",
        start=now,
        expected_restore=now + timedelta(hours=3),
        dma=dma,
    ).outage
    assert "SP-2" in set(outage.service_points.values_list("code", flat=True))


def test_bad_outages_are_refused(supply_dispatcher, street):
    now = timezone.now()
    with pytest.raises(ValidationError) as info:
        services.create_outage(
            user=supply_dispatcher,
            kind="unplanned",
            title="x",
            start=now,
            expected_restore=now - timedelta(hours=1),
            pipes=[street[0]],
        )
    assert "expected_restore" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.create_outage(
            user=supply_dispatcher, kind="unplanned", title="x", start=now, expected_restore=now + timedelta(hours=1)
        )
    assert "pipes" in info.value.message_dict


def test_restoring_ends_it(supply_dispatcher, street):
    now = timezone.now()
    outage = services.create_outage(
        user=supply_dispatcher,
        kind="unplanned",
        title="x",
        start=now,
        expected_restore=now + timedelta(hours=1),
        pipes=[street[0]],
    ).outage
    outage = services.restore_outage(outage, user=supply_dispatcher)
    assert outage.status == "restored" and outage.restored_at


def test_a_scheduled_outage_can_be_called_off_and_becomes_active_when_due(supply_dispatcher, street):
    start = timezone.now() + timedelta(hours=30)
    later = services.create_outage(
        user=supply_dispatcher,
        kind="planned",
        title="碰口",
        start=start,
        expected_restore=start + timedelta(hours=2),
        pipes=[street[0]],
    ).outage
    called_off = services.create_outage(
        user=supply_dispatcher,
        kind="planned",
        title="取消的",
        start=start,
        expected_restore=start + timedelta(hours=2),
        pipes=[street[0]],
    ).outage
    assert later.status == "scheduled" and not later.has_started
    services.cancel_outage(called_off, user=supply_dispatcher)
    assert services.activate_due_outages(now=start + timedelta(minutes=1)) == 1
    later.refresh_from_db()
    assert later.status == "active"
    called_off.refresh_from_db()
    assert called_off.status == "cancelled"
