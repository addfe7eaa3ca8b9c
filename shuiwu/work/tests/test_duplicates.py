"""Repeat calls: the form shows open orders and outages within the radius, and a call joins its order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.assets.tests.factories import junction, lonlat, pipe
from shuiwu.core.exceptions import ConflictError
from shuiwu.work import services
from shuiwu.work.choices import Category, State, TicketStatus
from shuiwu.work.tests.factories import call, order


def test_open_orders_within_the_radius_are_found_nearest_first(supply_dispatcher):
    near = order(supply_dispatcher, x=100, y=0)
    nearer = order(supply_dispatcher, x=40, y=0)
    order(supply_dispatcher, x=600, y=0)  # beyond 300 m
    lon, lat = lonlat(0, 0)
    found = services.nearby(supply_dispatcher, lon, lat)
    assert [o for o, _ in found.work_orders] == [nearer, near]
    assert found.work_orders[0][1] == pytest.approx(40, abs=1)


def test_the_radius_is_a_rule(supply_dispatcher):
    from shuiwu.core.models import Rule

    order(supply_dispatcher, x=450, y=0)
    lon, lat = lonlat(0, 0)
    assert services.nearby(supply_dispatcher, lon, lat).work_orders == []
    Rule.objects.update_or_create(key="work.duplicate_radius_m", defaults={"value": 500})
    assert len(services.nearby(supply_dispatcher, lon, lat).work_orders) == 1


def test_closed_orders_are_not_offered(supply_dispatcher):
    wo = order(supply_dispatcher)
    services.transition(wo, State.CANCELLED, user=supply_dispatcher, reason="test")
    lon, lat = lonlat(0, 0)
    assert services.nearby(supply_dispatcher, lon, lat).work_orders == []


def test_a_repeat_call_joins_the_order(supply_dispatcher):
    first = call(supply_dispatcher, open_order=True)
    second = call(supply_dispatcher, x=50, work_order=first.work_order)
    assert second.work_order == first.work_order and second.status == TicketStatus.LINKED
    assert first.work_order.tickets.count() == 2


def test_a_call_cannot_join_a_closed_order(supply_dispatcher):
    wo = order(supply_dispatcher)
    services.transition(wo, State.CANCELLED, user=supply_dispatcher, reason="test")
    with pytest.raises(ConflictError):
        call(supply_dispatcher, work_order=wo)


def test_outages_around_the_place_are_shown(supply_dispatcher, companies):
    supply = companies["SUPPLY"]
    a, b = junction(supply, "A", 0, 0), junction(supply, "B", 200, 0)
    main = pipe(supply, "P1", a, b)
    now = timezone.now()
    services.create_outage(
        user=supply_dispatcher,
        kind="unplanned",
        title="爆管停水",
        start=now,
        expected_restore=now + timedelta(hours=4),
        pipes=[main],
    )
    lon, lat = lonlat(100, 20)
    found = services.nearby(supply_dispatcher, lon, lat)
    assert len(found.outages) == 1 and found.outages[0][1] == 0  # inside the outage area


def test_another_companys_orders_are_not_offered(sewage_inspector, supply_dispatcher):
    order(supply_dispatcher)
    lon, lat = lonlat(0, 0)
    assert services.nearby(sewage_inspector, lon, lat).work_orders == []


def test_the_hotline_form_links_a_repeat_call(client, hotline_operator, supply_dispatcher):
    first = call(supply_dispatcher, category=Category.NO_WATER, open_order=True)
    client.force_login(hotline_operator)
    lon, lat = lonlat(30, 0)
    panel = client.get("/work/hotline/nearby/", {"lon": lon, "lat": lat}).content.decode()
    assert first.work_order.number in panel
    response = client.post(
        "/work/hotline/",
        {
            "channel": "96390",
            "category": "no_water",
            "caller_name": "王女士",
            "caller_phone": "17000001111",
            "address": "文昌路1号",
            "lon": lon,
            "lat": lat,
            "link_to": first.work_order.pk,
        },
    )
    assert response.status_code == 302
    assert first.work_order.tickets.count() == 2
