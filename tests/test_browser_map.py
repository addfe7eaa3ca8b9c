"""In Chromium: log in and see the network map draw L-Town's pipes."""

from importlib.resources import files

import pytest

from shuiwu.assets import services
from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ltown_engineer(companies):
    services.import_network(
        str(files("epyt") / "networks" / "L-TOWN.inp"), system="supply", company=companies["SUPPLY"]
    )
    user = make_persona("map-engineer", companies["SUPPLY"], Role.NETWORK_ENGINEER)
    user.set_password("pw-map-123")
    user.save()
    return user


def test_the_map_draws_the_pipes(live_server, ltown_engineer):
    require_chromium()
    with browser_page() as page:
        login(page, live_server.url, "map-engineer", "pw-map-123")
        page.goto(f"{live_server.url}/assets/map/")
        page.wait_for_function("document.body.dataset.mapReady", timeout=30_000)
        assert page.evaluate("document.body.dataset.mapReady") == "1"
        drawn = page.evaluate("window.shuiwuMap.pipes")
        assert drawn == 905  # L-Town's pipes, in one GeoJSON request
        assert page.locator("#network-map canvas").count() >= 1
        assert page.locator(".map-legend").is_visible()
        screenshot(page, "map")
        # Clicking a pipe opens its card with a link to the asset page.
        box = page.locator("#network-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert not page.errors, page.errors
