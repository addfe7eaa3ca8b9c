"""GPS tracks: batches validated (order, range) all or nothing; coverage against hand-made geometry."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from shuiwu.assets.tests.factories import lonlat
from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType
from shuiwu.inspections.models import Round, TrackPoint
from shuiwu.inspections.tests.factories import plan, street
from shuiwu.lib import geo

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 7, 1, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def patrol(companies):
    pipes, _ = street(companies["SUPPLY"])
    p = plan(companies["SUPPLY"], PlanType.NETWORK_PATROL, route=pipes, every=1, unit="days")
    services.generate_rounds(date(2026, 7, 1), date(2026, 7, 1))
    return Round.objects.get(plan=p)


def _along(x_from, x_to, y=8, step=20, start=T0):
    points = []
    for i, x in enumerate(range(x_from, x_to + 1, step)):
        lon, lat = lonlat(x, y)
        points.append({"t": (start + timedelta(seconds=10 * i)).isoformat(), "lon": lon, "lat": lat})
    return points


def test_walking_one_of_two_pipes_covers_half_the_route(patrol):
    services.add_track(patrol, _along(0, 200))
    r = services.finish_round(patrol)
    assert float(r.planned_km) == pytest.approx(0.4, abs=0.005)
    # The first pipe, plus the 30 m of the second within reach of the track's end.
    assert float(r.coverage_percent) == pytest.approx(100 * 230 / 400, abs=2)
    assert float(r.track_km) == pytest.approx(0.2, abs=0.01)


def test_a_track_beyond_the_tolerance_covers_nothing(patrol):
    services.add_track(patrol, _along(0, 400, y=60))
    r = services.finish_round(patrol)
    assert float(r.coverage_percent) == 0


def test_points_out_of_order_are_refused_naming_the_point(patrol):
    points = _along(0, 100)
    points[3]["t"] = points[1]["t"]
    with pytest.raises(ValidationError) as info:
        services.add_track(patrol, points)
    assert "point 4" in " ".join(info.value.message_dict["points"]) or "4" in str(info.value)
    assert not TrackPoint.objects.exists()


def test_points_out_of_range_are_refused(patrol):
    points = _along(0, 60)
    points[2]["lat"] = 95
    with pytest.raises(ValidationError) as info:
        services.add_track(patrol, points)
    assert "points" in info.value.message_dict
    assert not TrackPoint.objects.exists()


def test_a_batch_must_come_after_the_last_one(patrol):
    services.add_track(patrol, _along(0, 100))
    with pytest.raises(ValidationError):
        services.add_track(patrol, _along(100, 200))  # starts at T0 again
    services.add_track(patrol, _along(120, 200, start=T0 + timedelta(minutes=5)))
    assert TrackPoint.objects.count() == 6 + 5


def test_covered_length_on_a_hand_made_line():
    line = [lonlat(0, 0), lonlat(1000, 0)]
    track = [lonlat(x, 10) for x in range(0, 601, 50)]
    covered, total = geo.covered_length([line], track, 30)
    assert total == pytest.approx(1000, rel=0.001)
    assert covered == pytest.approx(628, abs=12)  # 600 m walked, plus what lies within 30 m of its end
