"""In Chromium: a call on the hotline, dispatched from the order page, completed on the crew's phone."""

import pytest

from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role, TeamKind
from shuiwu.org.tests.factories import TeamFactory
from shuiwu.work.models import WorkOrder
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-repair-123"


def _step(page, selector):
    """Click a step's button and wait until the page shows the order in its next state."""
    before = page.inner_text("#order-state")
    page.click(selector)
    try:
        page.wait_for_function(
            "(before) => { const el = document.querySelector('#order-state');"
            " return el && el.textContent.trim() !== before.trim(); }",
            arg=before,
            timeout=20_000,
        )
    except Exception:
        screenshot(page, "repair-failed-step")
        raise


@pytest.fixture
def people(companies):
    supply = companies["SUPPLY"]
    team = TeamFactory(company=supply, code="R1", name="抢修一队", kind=TeamKind.REPAIR)
    users = {
        "hotline": make_persona("b-hotline", supply, Role.HOTLINE_OPERATOR),
        "dispatcher": make_persona("b-dispatcher", supply, Role.DISPATCHER),
        "crew": make_persona("b-crew", supply, Role.CREW_MEMBER, team=team),
    }
    for user in users.values():
        user.set_password(PASSWORD)
        user.save()
    return team


def test_hotline_to_dispatch_to_crew_completion(live_server, people):
    require_chromium()
    base = live_server.url
    with browser_page() as page:
        login(page, base, "b-hotline", PASSWORD)
        page.goto(f"{base}/work/hotline/")
        page.select_option("#id_category", "visible_leak")
        page.fill("#id_caller_name", "王女士")
        page.fill("#id_caller_phone", "17000005555")
        page.fill("#id_address", "文昌路18号")
        box = page.locator("#hotline-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector(".nearby-card .list-group-item, .nearby-card .card-body")
        assert page.input_value("#id_lon")
        with page.expect_navigation():
            page.click("#hotline-form button[type=submit]")
        screenshot(page, "repair-1-hotline")
        number = WorkOrder.objects.get().number
        assert number in page.content()

        page.context.clear_cookies()
        login(page, base, "b-dispatcher", PASSWORD)
        page.goto(f"{base}/work/board/")
        page.click(f"text={number}")
        page.wait_for_load_state("networkidle")
        screenshot(page, "repair-1b-order")
        page.click("button[data-bs-target='#act-dispatched']")
        page.wait_for_selector("#act-dispatched.collapse.show")
        page.select_option("#team-dispatched", label=page.locator("#team-dispatched option").nth(1).inner_text())
        with page.expect_navigation():
            page.click("#act-dispatched button[type=submit]")
        assert WorkOrder.objects.get().state == "dispatched"

        page.context.clear_cookies()
        page.set_viewport_size({"width": 375, "height": 740})
        login(page, base, "b-crew", PASSWORD)
        page.goto(f"{base}/work/crew/")
        page.click(f"text={number}")
        page.wait_for_selector("#order-state")
        for step in ("accepted", "en_route", "on_site"):
            _step(page, f"button[data-to='{step}']")
        page.click("button[data-bs-target='#act-completed']")
        page.wait_for_selector("#act-completed.collapse.show")  # the form has finished opening
        page.fill("#crew-size", "3")
        page.select_option("#act-completed select[name=excavation]", "false")
        _step(page, "#act-completed button[type=submit]")
        screenshot(page, "repair-2-crew-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        order = WorkOrder.objects.get()
        assert order.state == "completed" and order.crew_size == 3 and order.excavation is False
        assert not page.errors, page.errors
