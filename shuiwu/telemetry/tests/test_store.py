"""Readings are stored once per (sensor, time), flagged when out of range, and rolled up exactly."""

from datetime import date, timedelta

import pytest

from shuiwu.telemetry import ingest, services
from shuiwu.telemetry.models import DailyRollup, HourlyRollup, Reading
from shuiwu.telemetry.tests.factories import T0, records, sensor

pytestmark = pytest.mark.django_db


def test_a_batch_is_written_and_rolled_up(companies):
    s = sensor(companies["SUPPLY"])
    report = ingest.ingest(records("P-1", [0.30, 0.32, 0.34, 0.36, 0.40]))
    assert (report.written, report.duplicates, report.rejected) == (5, 0, 0)
    first_hour = HourlyRollup.objects.get(sensor=s, hour=T0)
    assert first_hour.count == 4
    assert first_hour.min == pytest.approx(0.30) and first_hour.max == pytest.approx(0.36)
    assert first_hour.mean == pytest.approx(0.33)
    assert (first_hour.first_value, first_hour.last_value) == (pytest.approx(0.30), pytest.approx(0.36))
    s.refresh_from_db()
    assert s.last_value == pytest.approx(0.40) and s.last_ts == T0 + timedelta(hours=1)


def test_redelivery_never_duplicates_nor_double_counts(companies):
    s = sensor(companies["SUPPLY"])
    batch = records("P-1", [0.30, 0.31, 0.32])
    ingest.ingest(batch)
    again = ingest.ingest(batch + records("P-1", [0.33], start=T0 + timedelta(minutes=45)))
    assert (again.written, again.duplicates) == (1, 3)
    assert Reading.objects.filter(sensor=s).count() == 4
    assert HourlyRollup.objects.get(sensor=s, hour=T0).count == 4
    assert DailyRollup.objects.get(sensor=s).count == 4


def test_duplicates_inside_a_batch_keep_the_last_value(companies):
    s = sensor(companies["SUPPLY"])
    report = ingest.ingest(records("P-1", [0.30]) + records("P-1", [0.50]))
    assert (report.written, report.duplicates) == (1, 1)
    assert Reading.objects.get(sensor=s).value == pytest.approx(0.50)


def test_late_readings_update_the_rollups_in_time_order(companies):
    s = sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.35], start=T0 + timedelta(minutes=30)))
    ingest.ingest(records("P-1", [0.20], start=T0))  # arrives late, but is the hour's first reading
    hour = HourlyRollup.objects.get(sensor=s, hour=T0)
    assert (hour.count, hour.first_value, hour.last_value) == (2, pytest.approx(0.20), pytest.approx(0.35))
    s.refresh_from_db()
    assert s.last_value == pytest.approx(0.35)  # the late reading does not become the latest


def test_out_of_range_values_are_kept_and_flagged(companies):
    s = sensor(companies["SUPPLY"], valid_min=0, valid_max=1.6)
    report = ingest.ingest(records("P-1", [0.3, 9.9]))
    assert (report.written, report.out_of_range) == (2, 1)
    assert list(Reading.objects.filter(sensor=s).order_by("ts").values_list("flag", flat=True)) == [0, 1]
    assert HourlyRollup.objects.get(sensor=s, hour=T0).flagged == 1


def test_local_days_start_at_midnight_in_shanghai(companies):
    s = sensor(companies["SUPPLY"])
    # 15:30 and 16:30 UTC on 1 July are 23:30 on 1 July and 00:30 on 2 July in Asia/Shanghai.
    ingest.ingest(records("P-1", [0.3, 0.4], start=T0 + timedelta(hours=15, minutes=30), step=timedelta(hours=1)))
    assert sorted(DailyRollup.objects.filter(sensor=s).values_list("day", flat=True)) == [
        date(2026, 7, 1),
        date(2026, 7, 2),
    ]


def test_daily_supply_from_totalisers_with_a_reset(companies):
    s = sensor(companies["PROD"], code="WTP-FQ", measure="totaliser", role="plant_outlet")
    day = timedelta(days=1)
    # End-of-day counter readings: +1000, +1200, then the counter restarts from zero and reaches 900.
    ingest.ingest(records("WTP-FQ", [5000, 6000, 7200, 900], start=T0 + timedelta(hours=15), step=day))
    supply = services.daily_supply(date(2026, 7, 2), date(2026, 7, 4))
    assert supply["city"] == [1000.0, 1200.0, 900.0]
    assert supply["plants"][0]["code"] == s.code


def test_retention_drops_raw_readings_and_keeps_rollups(companies):
    from shuiwu.telemetry import store

    s = sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.3, 0.3, 0.3]))
    assert store.delete_before(T0 + timedelta(minutes=20)) == 2
    assert Reading.objects.filter(sensor=s).count() == 1
    assert HourlyRollup.objects.get(sensor=s, hour=T0).count == 3


def test_series_picks_raw_hourly_or_daily_by_range(companies):
    s = sensor(companies["SUPPLY"])
    ingest.ingest(records("P-1", [0.3] * 8))
    raw = services.series(s, T0, T0 + timedelta(days=1))
    hourly = services.series(s, T0, T0 + timedelta(days=30))
    daily = services.series(s, T0, T0 + timedelta(days=365))
    assert (raw["resolution"], len(raw["points"])) == ("raw", 8)
    assert (hourly["resolution"], [p[4] for p in hourly["points"]]) == ("hour", [4, 4])
    assert (daily["resolution"], [p[4] for p in daily["points"]]) == ("day", [8])
