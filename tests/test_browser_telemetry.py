"""In Chromium: the live overview draws supply, plants, the pressure map and alarms, and acknowledges one;
a sensor's chart switches from raw readings to rollups."""

from datetime import timedelta

import pytest
from django.utils import timezone

from shuiwu.core.testkit import make_persona
from shuiwu.org.choices import Role
from shuiwu.telemetry import ingest
from shuiwu.telemetry.models import Alarm
from shuiwu.telemetry.tests.factories import records, sensor
from tests.browser import browser_page, login, require_chromium, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city(companies):
    # Group-wide: the plants belong to the production company, the pressure points to the supply company.
    user = make_persona("t-manager", companies["GROUP"], Role.GROUP_MANAGER)
    user.set_password("pw-telemetry-1")
    user.save()
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - timedelta(days=40)
    step = timedelta(hours=1)
    hours = int((now - start) / step)
    for code, lon, base in (("P-1", 121.01, 0.30), ("P-2", 121.02, 0.18)):
        sensor(companies["SUPPLY"], code=code, lon=lon, lat=30.70)
        ingest.ingest(records(code, [base + 0.02 * (i % 5) for i in range(hours)], start=start, step=step))
    sensor(companies["PROD"], code="WTP-FT", measure="flow", role="plant_outlet")
    ingest.ingest(records("WTP-FT", [5000.0] * hours, start=start, step=step))
    # Low pressure at P-2 (a slow fall: no rate-of-change alarm).
    ingest.ingest(records("P-2", [0.12, 0.12], start=now + timedelta(minutes=1), step=timedelta(minutes=1)))
    return Alarm.objects.get(sensor__code="P-2", rule__kind="low")


def test_the_overview_and_a_sensor_chart(live_server, city):
    require_chromium()
    alarm = city
    with browser_page(height=1100) as page:
        login(page, live_server.url, "t-manager", "pw-telemetry-1")
        page.goto(f"{live_server.url}/telemetry/")
        page.wait_for_selector("#ov-alarms button[data-ack]")
        assert page.locator("#ov-curves canvas").count() == 1
        assert page.get_attribute("#ov-map", "data-points") == "2"  # two pressure points
        assert page.inner_text("#ov-alarm-count") == "1"
        assert "5,000" in page.inner_text("#ov-plants")  # the plant outlet's latest flow
        screenshot(page, "telemetry-overview")
        page.click(f"#ov-alarms button[data-ack='{alarm.pk}']")
        page.wait_for_function("!document.querySelector('#ov-alarms button[data-ack]')")
        alarm.refresh_from_db()
        assert alarm.acknowledged_at is not None

        page.goto(f"{live_server.url}{alarm.sensor.get_absolute_url()}")
        page.wait_for_function("document.getElementById('chart-resolution').textContent.includes('·')")
        assert "raw" in page.inner_text("#chart-resolution") or "原始" in page.inner_text("#chart-resolution")
        page.click("#chart-ranges button[data-days='182']")
        page.wait_for_function(
            "['daily', '日'].some(w => document.getElementById('chart-resolution').textContent.includes(w))"
        )
        screenshot(page, "telemetry-sensor")
        assert not page.errors, page.errors
