"""Working days: weekends off, holidays off, weekend days worked instead; limits counted from the day after."""

from datetime import date

import pytest

from shuiwu.lib.workdays import Calendar

FRIDAY = date(2026, 11, 27)
NATIONAL_DAY = Calendar.of(
    [date(2026, 10, d) for d in range(1, 8)], working_weekends=[date(2026, 9, 20), date(2026, 10, 10)]
)


def test_it_skips_weekends():
    assert Calendar().add(FRIDAY, 1) == date(2026, 11, 30)
    assert Calendar().add(FRIDAY, 7) == date(2026, 12, 8)


def test_a_limit_of_zero_ends_the_same_working_day():
    assert Calendar().add(FRIDAY, 0) == FRIDAY
    assert Calendar().add(date(2026, 11, 28), 0) == date(2026, 11, 30)


def test_it_counts_from_the_day_after_a_weekend_receipt():
    assert Calendar().add(date(2026, 11, 28), 1) == date(2026, 11, 30)


def test_it_skips_holidays_and_works_the_make_up_days():
    assert NATIONAL_DAY.add(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert NATIONAL_DAY.add(date(2026, 10, 9), 1) == date(2026, 10, 10)
    assert NATIONAL_DAY.is_working_day(date(2026, 9, 20))


def test_between_counts_working_days_either_way():
    assert Calendar().between(FRIDAY, date(2026, 12, 1)) == 2
    assert Calendar().between(date(2026, 12, 1), FRIDAY) == -2
    assert Calendar().between(FRIDAY, FRIDAY) == 0


def test_a_negative_limit_is_refused():
    with pytest.raises(ValueError):
        Calendar().add(FRIDAY, -1)
