"""Repair-centre pages: the board, the hotline form, the order page and its actions, the crew's phone page."""

from shuiwu.assets.tests.factories import lonlat
from shuiwu.work import services
from shuiwu.work.choices import Category, State
from shuiwu.work.tests.factories import call, order


def test_the_board_shows_open_orders_with_clocks(client, supply_dispatcher):
    open_one = order(supply_dispatcher, title="文昌路漏水")
    done = order(supply_dispatcher, title="已取消")
    services.transition(done, State.CANCELLED, user=supply_dispatcher, reason="重复")
    client.force_login(supply_dispatcher)
    page = client.get("/work/board/").content.decode()
    assert open_one.number in page and done.number not in page
    assert 'class="sla sla-' in page and "data-due=" in page
    geo = client.get("/work/board/orders.geojson").json()
    assert [f["properties"]["number"] for f in geo["features"]] == [open_one.number]


def test_the_board_is_scoped(client, sewage_inspector, supply_dispatcher):
    wo = order(supply_dispatcher)
    client.force_login(sewage_inspector)
    assert wo.number not in client.get("/work/board/").content.decode()
    assert client.get(f"/work/orders/{wo.pk}/").status_code == 404


def test_the_hotline_form_opens_an_order(client, hotline_operator):
    client.force_login(hotline_operator)
    assert client.get("/work/hotline/").status_code == 200
    lon, lat = lonlat(0, 0)
    response = client.post(
        "/work/hotline/",
        {
            "channel": "96390",
            "category": "main_burst",
            "caller_phone": "17000000009",
            "address": "胜利路口",
            "lon": lon,
            "lat": lat,
            "open_order": "on",
        },
    )
    assert response.status_code == 302
    from shuiwu.work.models import Ticket

    ticket = Ticket.objects.get()
    assert ticket.work_order.category == Category.MAIN_BURST and ticket.work_order.priority == 1


def test_the_hotline_form_explains_what_is_missing(client, hotline_operator):
    client.force_login(hotline_operator)
    response = client.post("/work/hotline/", {"channel": "96390", "category": "no_water"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_an_order_page_offers_the_allowed_steps(client, supply_dispatcher, repair_team):
    wo = order(supply_dispatcher)
    client.force_login(supply_dispatcher)
    page = client.get(f"/work/orders/{wo.pk}/").content.decode()
    assert 'data-to="dispatched"' in page and 'data-to="cancelled"' in page and 'data-to="completed"' not in page
    response = client.post(
        f"/work/orders/{wo.pk}/transition/", {"to": "dispatched", "version": 0, "team": repair_team.pk}
    )
    assert response.status_code == 302
    wo.refresh_from_db()
    assert wo.state == State.DISPATCHED


def test_a_stale_page_does_not_overwrite(client, supply_dispatcher, repair_team, other_team):
    wo = order(supply_dispatcher)
    services.transition(wo, State.DISPATCHED, user=supply_dispatcher, team=repair_team)
    client.force_login(supply_dispatcher)
    client.post(f"/work/orders/{wo.pk}/transition/", {"to": "dispatched", "version": 0, "team": other_team.pk})
    wo.refresh_from_db()
    assert wo.team == repair_team


def test_the_crew_page_lists_the_teams_orders(client, supply_dispatcher, crew_user, repair_team):
    wo = services.transition(order(supply_dispatcher), State.DISPATCHED, user=supply_dispatcher, team=repair_team)
    client.force_login(crew_user)
    page = client.get("/work/crew/").content.decode()
    assert wo.number in page
    page = client.get(f"/work/crew/{wo.pk}/").content.decode()
    assert 'data-to="accepted"' in page and 'data-to="dispatched"' not in page


def test_a_photo_is_kept_and_served_in_scope(
    client, supply_dispatcher, crew_user, repair_team, sewage_inspector, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    wo = services.transition(order(supply_dispatcher), State.DISPATCHED, user=supply_dispatcher, team=repair_team)
    client.force_login(crew_user)
    image = SimpleUploadedFile("leak.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    client.post(f"/work/orders/{wo.pk}/photo/", {"image": image})
    photo = wo.photos.get()
    assert client.get(f"/work/photos/{photo.pk}/").status_code == 200
    client.force_login(sewage_inspector)
    assert client.get(f"/work/photos/{photo.pk}/").status_code == 404
    client.force_login(crew_user)
    text = SimpleUploadedFile("x.txt", b"not a photo", content_type="text/plain")
    client.post(f"/work/orders/{wo.pk}/photo/", {"image": text})
    assert wo.photos.count() == 1


def test_the_figures_page(client, supply_dispatcher):
    call(supply_dispatcher, open_order=True)
    client.force_login(supply_dispatcher)
    page = client.get("/work/figures/").content.decode()
    assert "chart-daily" in page
