"""Schedules: rounds generated from plans across days in Asia/Shanghai, idempotent; missed rounds overdue."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from shuiwu.inspections import services
from shuiwu.inspections.choices import PlanType, RoundStatus
from shuiwu.inspections.models import Round
from shuiwu.inspections.tests.factories import plan

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = ZoneInfo("UTC")


def test_every_two_hours_round_the_clock_makes_twelve_rounds_a_local_day(companies):
    p = plan(companies["PROD"], PlanType.PLANT_ROUND, every=2, unit="hours", window=(0, 24))
    times = services.occurrences(p, date(2026, 7, 1), date(2026, 7, 2))
    assert len(times) == 24
    assert times[0] == datetime(2026, 7, 1, 0, 0, tzinfo=SHANGHAI)
    # 00:00 in Shanghai is 16:00 UTC the day before: the local day decides.
    assert times[0].astimezone(UTC) == datetime(2026, 6, 30, 16, 0, tzinfo=UTC)
    assert times[-1] == datetime(2026, 7, 2, 22, 0, tzinfo=SHANGHAI)


def test_a_shift_window(companies):
    p = plan(companies["PROD"], PlanType.PLANT_ROUND, every=3, unit="hours", window=(8, 17))
    hours = [t.hour for t in services.occurrences(p, date(2026, 7, 1), date(2026, 7, 1))]
    assert hours == [8, 11, 14]


def test_weekly_and_six_monthly_plans(companies):
    weekly = plan(companies["SUPPLY"], every=1, unit="weeks", start=date(2026, 7, 1))  # a Wednesday
    days = [t.date() for t in services.occurrences(weekly, date(2026, 7, 2), date(2026, 7, 31))]
    assert days == [date(2026, 7, 8), date(2026, 7, 15), date(2026, 7, 22), date(2026, 7, 29)]
    tanks = plan(companies["INSTALL"], PlanType.TANK_CLEANING, every=6, unit="months", start=date(2026, 8, 31))
    days = [t.date() for t in services.occurrences(tanks, date(2026, 1, 1), date(2027, 12, 31))]
    assert days == [date(2026, 8, 31), date(2027, 2, 28), date(2027, 8, 31)]


def test_generating_twice_creates_nothing_twice(companies):
    p = plan(companies["PROD"], PlanType.PLANT_ROUND, every=2, unit="hours", window=(0, 24))
    assert services.generate_rounds(date(2026, 7, 1), date(2026, 7, 3)) == 36
    assert services.generate_rounds(date(2026, 7, 1), date(2026, 7, 4)) == 12
    assert Round.objects.filter(plan=p).count() == 48
    first = Round.objects.filter(plan=p).order_by("scheduled_for").first()
    assert first.due_by - first.scheduled_for == timedelta(hours=2)


def test_a_missed_round_is_flagged_overdue(companies):
    plan(companies["PROD"], PlanType.PLANT_ROUND, every=2, unit="hours", window=(0, 24))
    services.generate_rounds(date(2026, 7, 1), date(2026, 7, 1))
    now = datetime(2026, 7, 1, 5, 0, tzinfo=SHANGHAI)
    assert services.mark_overdue(now) == 2  # the 00:00 and 02:00 rounds (04:00 is still within its time)
    assert Round.objects.filter(status=RoundStatus.OVERDUE).count() == 2


def test_an_inactive_or_ended_plan_makes_no_rounds(companies):
    p = plan(companies["SUPPLY"], every=1, unit="days")
    p.end_date = date(2026, 7, 2)
    p.save()
    assert len(services.occurrences(p, date(2026, 7, 1), date(2026, 7, 10))) == 2
    p.active = False
    p.save()
    assert services.generate_rounds(date(2026, 7, 1), date(2026, 7, 10)) == 0
