from datetime import date

import pytest

from shuiwu.analytics import services
from shuiwu.analytics.tests.conftest import night_hours

pytestmark = pytest.mark.django_db


def test_night_flow_finds_the_minimum_and_the_rise(network):
    nights = [5.0] * 14 + [8.0] * 3
    night_hours(network["inlet"], nights, date(2026, 9, 1))
    data = services.night_flow(network["dma"], date(2026, 9, 1), date(2026, 9, 17))
    assert [n["minimum_m3_h"] for n in data["nights"]] == nights
    # Non-residential accounts only: no residents, so no legitimate night use; all of it is leakage.
    assert all(n["leakage_m3_h"] == n["minimum_m3_h"] for n in data["nights"])
    assert data["rise"]["risen"] is True
    assert data["trend_m3_h_per_day"] > 0


def test_a_steady_dma_has_no_rise(network):
    night_hours(network["inlet"], [5.0] * 17, date(2026, 9, 1))
    data = services.night_flow(network["dma"], date(2026, 9, 1), date(2026, 9, 17))
    assert data["rise"]["risen"] is False


def test_the_ranking_is_per_connection(network):
    night_hours(network["inlet"], [6.0] * 5, date(2026, 9, 1))
    rows = services.night_ranking(network["supply"], date(2026, 9, 1), date(2026, 9, 5))
    assert rows[0]["code"] == "DMA-T"
    assert rows[0]["l_per_connection_h"] == pytest.approx(6.0 * 1000 / 2)
