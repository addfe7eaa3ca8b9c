"""The time limit of an application and of each step, in working days, and where it stands."""

from datetime import date

from shuiwu.service import services
from shuiwu.service.choices import ClockState
from shuiwu.service.tests.factories import FRIDAY, account, at, receive


def test_the_due_day_counts_working_days_from_the_day_after(window_clerk, hall, companies):
    app = receive(window_clerk, "TRANSFER", hall, account=account(companies["SUPPLY"]), details=_new_owner())
    assert app.due_on == date(2026, 12, 8)  # 7 working days after Friday 27 November


def test_the_clock_is_ok_then_due_today_then_overdue(window_clerk, hall, companies):
    app = receive(window_clerk, "TRANSFER", hall, account=account(companies["SUPPLY"]), details=_new_owner())
    ok = services.clock(app, today=date(2026, 12, 4))
    assert (ok.state, ok.days) == (ClockState.OK, 2)
    assert services.clock(app, today=date(2026, 12, 8)).state == ClockState.DUE_TODAY
    late = services.clock(app, today=date(2026, 12, 10))
    assert (late.state, late.days) == (ClockState.OVERDUE, 2)


def test_each_step_runs_its_own_clock(window_clerk, hall, companies):
    app = receive(window_clerk, "TRANSFER", hall, account=account(companies["SUPPLY"]), details=_new_owner())
    first = app.steps.get(order=0)
    assert first.due_on == date(2026, 11, 30)
    app = services.advance(app, user=window_clerk, at=at(date(2026, 11, 30)))
    second = app.steps.get(order=1)
    assert second.due_on == date(2026, 12, 3)  # 3 working days after Monday
    assert services.step_clock(second, today=date(2026, 12, 4)).state == ClockState.OVERDUE
    assert services.step_clock(app.steps.get(order=0), today=date(2026, 12, 4)).state == ClockState.DONE


def test_the_holiday_table_lengthens_the_limit(window_clerk, hall):
    app = receive(window_clerk, "NEW-NONRES", hall, details=_connection(), day=date(2026, 9, 30))
    assert app.due_on == date(2026, 10, 9)  # 1–7 October off, 8 and 9 October are the two working days


def test_a_late_completion_is_done_late(window_clerk, hall):
    from shuiwu.service.tests.factories import through

    app = receive(window_clerk, "NEW-RES", hall, details=_connection())
    app = through(app, window_clerk, day=date(2026, 12, 2))
    assert app.due_on == date(2026, 11, 30)
    assert services.clock(app).state == ClockState.DONE_LATE


def test_the_overdue_filter_finds_open_applications_past_due(window_clerk, hall, companies):
    from shuiwu.service.models import Application

    app = receive(window_clerk, "NEW-RES", hall, details=_connection(), day=FRIDAY)
    assert Application.objects.filter(services.overdue_q(date(2026, 12, 1))).get() == app
    assert not Application.objects.filter(services.overdue_q(date(2026, 11, 30))).exists()


def _new_owner():
    return {"new_name": "新户主", "new_identity": "330499199001011234"}


def _connection():
    return {"address": "测试路8号", "use_type": "residential"}
