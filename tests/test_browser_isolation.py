"""In Chromium: a dispatcher clicks the burst pipe, sees the valves to shut in order, and makes the outage."""

import pytest

from shuiwu.assets.choices import Kind
from shuiwu.assets.tests.factories import AssetFactory, junction, lonlat
from shuiwu.core.testkit import make_persona
from shuiwu.lib import geo
from shuiwu.org.choices import Role
from shuiwu.work.models import Outage
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def street(companies):
    """R ─ A ─ B ─ C ─ D along a street; the middle pipe P2 (B–C) crosses the centre of the map."""
    c = companies["SUPPLY"]
    user = make_persona("i-manager", companies["GROUP"], Role.GROUP_MANAGER)
    user.set_password("pw-isolation-1")
    user.save()
    r = AssetFactory(kind=Kind.RESERVOIR, company=c, code="R", geometry=geo.point(*lonlat(-300, 0)))
    nodes = [r] + [junction(c, code, x, 0) for code, x in (("A", -150), ("B", -50), ("C", 50), ("D", 150))]
    pipes = []
    for i, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False)):
        ax, bx = (-300, -150, -50, 50, 150)[i], (-300, -150, -50, 50, 150)[i + 1]
        pipes.append(
            AssetFactory(
                kind=Kind.PIPE,
                company=c,
                code=f"P{i + 1}",
                start_node=a,
                end_node=b,
                diameter=200,
                length=abs(bx - ax),
                geometry=geo.line([lonlat(ax, 0), lonlat(bx, 0)]),
            )
        )
    for code, pipe, node, x in (("V-B", pipes[2], nodes[2], -45), ("V-C", pipes[2], nodes[3], 45)):
        AssetFactory(
            kind=Kind.VALVE,
            company=c,
            code=code,
            pipe=pipe,
            node=node,
            operable=True,
            geometry=geo.point(*lonlat(x, 0)),
        )
    AssetFactory(
        kind=Kind.SERVICE_POINT,
        company=c,
        code="SP-D",
        node=nodes[4],
        subtype="school",
        name="实验学校",
        geometry=geo.point(*lonlat(150, 10)),
    )
    return pipes


def test_click_the_burst_pipe_and_make_the_outage(live_server, street):
    require_chromium()
    with browser_page() as page:
        login(page, live_server.url, "i-manager", "pw-isolation-1")
        page.goto(f"{live_server.url}/hydraulics/isolation/")
        page.wait_for_selector("#iso-map[data-ready='1']")
        box = page.locator("#iso-map").bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_selector("#iso-valves li")
        shown = [li.inner_text().split()[0] for li in page.locator("#iso-valves li").all()]
        assert shown and all(code.startswith("V-") for code in shown)
        assert "SP-D" in page.inner_text("#iso-points")  # the school beyond the burst loses water too
        screenshot(page, "isolation")
        page.click("#iso-outage")
        page.wait_for_selector("#iso-result .alert-success")
        outage = Outage.objects.get()
        assert outage.kind == "unplanned" and outage.valves == shown  # in the shut-off order shown
        assert not page.errors, page.errors
