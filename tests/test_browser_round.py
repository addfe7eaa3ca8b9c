"""In Chromium, on a 375-px phone: an inspector starts today's hydrant round, records a checkpoint, finishes."""

import pytest
from django.utils import timezone

from shuiwu.core.testkit import make_persona
from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import Answer, Round
from shuiwu.inspections.tests.factories import plan, street
from shuiwu.org.choices import Role, TeamKind
from shuiwu.org.tests.factories import TeamFactory
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def todays_round(companies):
    team = TeamFactory(company=companies["SUPPLY"], code="P1", name="巡查一队", kind=TeamKind.PATROL)
    user = make_persona("p-inspector", companies["SUPPLY"], Role.INSPECTOR, team=team)
    user.set_password("pw-round-123")
    user.save()
    _pipes, hydrants = street(companies["SUPPLY"])
    today = timezone.localdate()
    p = plan(
        companies["SUPPLY"],
        PlanType.HYDRANT_CHECK,
        checkpoints=hydrants[:2],
        team=team,
        every=1,
        unit="days",
        window=(0, 1),
        start=today,
    )
    services.generate_rounds(today, today)
    return Round.objects.get(plan=p), hydrants


def test_a_phone_round(live_server, todays_round):
    require_chromium()
    r, hydrants = todays_round
    with browser_page(width=375, height=740) as page:
        login(page, live_server.url, "p-inspector", "pw-round-123")
        page.goto(f"{live_server.url}/inspections/mine/")
        page.click(f"a[href='/inspections/rounds/{r.pk}/walk/']")
        page.fill("#crew-size", "2")
        with page.expect_navigation():
            page.click("#start-round")
        form = page.locator(f"#cp-{hydrants[0].pk}")
        for select in form.locator("select").all():
            select.select_option(index=1)  # the first real option: yes
        form.locator("input[type=number]").fill("0.25")
        with page.expect_navigation():
            form.locator(f"button[data-save='{hydrants[0].pk}']").click()
        assert Answer.objects.filter(round=r, asset=hydrants[0]).count() == 4
        page.fill(f"#cp-{hydrants[1].pk} input[name=reason]", "车辆占压")
        with page.expect_navigation():
            page.click(f"#cp-{hydrants[1].pk} button[name=skip]")
        screenshot(page, "round-phone")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        with page.expect_navigation():
            page.click("#finish-round")
        r.refresh_from_db()
        assert r.status == "done" and r.crew_size == 2
        assert (r.checkpoints_done, r.checkpoints_skipped) == (1, 1)
        assert not page.errors, page.errors
