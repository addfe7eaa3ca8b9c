"""Working days: weekends off, public holidays off, and the weekend days worked instead (调休上班).

Time limits of counter services are counted in working days from the day after the application is accepted
(次日起算): a limit of N working days ends on the Nth working day after that day, and a limit of 0 ends on
the day itself (or on the next working day when it was received on a day off).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY = 5


@dataclass(frozen=True)
class Calendar:
    """Which days are worked: Monday to Friday, minus ``holidays``, plus ``working_weekends``."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    working_weekends: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, holidays: Iterable[date] = (), working_weekends: Iterable[date] = ()) -> Calendar:
        return cls(frozenset(holidays), frozenset(working_weekends))

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekends:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < SATURDAY

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add(self, start: date, working_days: int) -> date:
        """The day a limit of ``working_days`` counted from ``start`` ends."""
        if working_days < 0:
            raise ValueError("a time limit is zero or more working days")
        if working_days == 0:
            return start if self.is_working_day(start) else self.next_working_day(start)
        day = start
        for _ in range(working_days):
            day = self.next_working_day(day)
        return day

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when ``end`` is before ``start``."""
        if end < start:
            return -self.between(end, start)
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


WEEKDAYS = Calendar()
