"""Water bills as arithmetic: tiered prices on annual volume, price changes inside a period, late fees, allocation.

No Django and no floats: volumes are whole cubic metres (meters are read to the m³ for billing) and money is
``Decimal`` yuan to the fen. A bill period is a run of whole days, first and last included; tiers apply to the
account's volume in the calendar year of the period's last day (thresholds per year for a household of
``household_base`` people, raised by ``extra_person_m3`` for each further person, DOMAIN.md §6.1). A price that
changes inside the period is applied to the share of the volume its days carry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value) -> Decimal:
    """``value`` in yuan rounded to the fen, half up (as a cashier rounds)."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tier:
    up_to_m3: int | None  # the annual volume this tier ends at (None: no end)
    price: Decimal  # yuan per m³
    extra_person_m3: int = 0  # added to ``up_to_m3`` per person above the base household


@dataclass(frozen=True)
class Tariff:
    """One version of one use type's prices, in force from ``valid_from`` until the next version."""

    valid_from: date
    tiers: tuple[Tier, ...]
    sewage: Decimal = ZERO  # sewage treatment fee, yuan per m³
    resource: Decimal = ZERO  # water-resource fee, yuan per m³
    household_base: int = 4
    code: str = ""

    def thresholds(self, household_size: int | None) -> list[int | None]:
        extra = max(0, (household_size or self.household_base) - self.household_base)
        return [None if t.up_to_m3 is None else t.up_to_m3 + extra * t.extra_person_m3 for t in self.tiers]


@dataclass(frozen=True)
class Line:
    kind: str  # water, sewage, resource
    tier: int | None  # 1, 2, 3 … for water; None for fees
    volume: int
    price: Decimal
    amount: Decimal
    tariff: str = ""  # the tariff version's code
    days: int = 0  # days of the period at this price


def check_tariff(tariff: Tariff) -> list[str]:
    """What is wrong with a tariff version, in words (empty when it is sound)."""
    problems = []
    if not tariff.tiers:
        problems.append("a tariff needs at least one price")
    ends = [t.up_to_m3 for t in tariff.tiers]
    if ends and ends[-1] is not None:
        problems.append("the last tier must have no upper end")
    if any(e is None for e in ends[:-1]):
        problems.append("only the last tier may have no upper end")
    bounded = [e for e in ends[:-1] if e is not None]
    if any(b <= a for a, b in zip(bounded, bounded[1:], strict=False)) or any(e <= 0 for e in bounded):
        problems.append("tier ends must be positive and rise")
    if any(t.price < 0 for t in tariff.tiers) or tariff.sewage < 0 or tariff.resource < 0:
        problems.append("prices cannot be negative")
    return problems


def price_ratio_ok(tariff: Tariff, ratio: Sequence[Decimal] = (Decimal(1), Decimal("1.5"), Decimal(3))) -> bool:
    """Whether a tiered tariff keeps at least the national price ratio 1 : 1.5 : 3 (DOMAIN.md §6.1)."""
    if len(tariff.tiers) < len(ratio):
        return False
    first = tariff.tiers[0].price
    return all(t.price >= first * r for t, r in zip(tariff.tiers, ratio, strict=False))


def in_force(tariffs: Iterable[Tariff], start: date, end: date) -> list[tuple[Tariff, date, date]]:
    """The versions in force over ``start``…``end`` (both included), each with the first and last day it covers.

    Raises ValueError when some day has no version.
    """
    ordered = sorted(tariffs, key=lambda t: t.valid_from)
    spans = []
    for i, tariff in enumerate(ordered):
        until = ordered[i + 1].valid_from - timedelta(days=1) if i + 1 < len(ordered) else date.max
        first, last = max(start, tariff.valid_from), min(end, until)
        if first <= last:
            spans.append((tariff, first, last))
    if not spans or spans[0][1] != start:
        raise ValueError(f"no tariff in force on {start.isoformat()}")
    return spans


def split_volume(volume: int, days: Sequence[int]) -> list[int]:
    """Whole m³ per part in proportion to its days, the parts adding up to ``volume`` (largest remainders)."""
    total = sum(days)
    if total <= 0:
        raise ValueError("a period needs at least one day")
    exact = [volume * d for d in days]
    parts = [e // total for e in exact]
    short = volume - sum(parts)
    by_remainder = sorted(range(len(days)), key=lambda i: (-(exact[i] % total), i))
    for i in by_remainder[:short]:
        parts[i] += 1
    return parts


def charge(
    volume: int,
    start: date,
    end: date,
    tariffs: Iterable[Tariff],
    *,
    year_to_date_m3: int = 0,
    household_size: int | None = None,
) -> list[Line]:
    """The lines of a bill for ``volume`` m³ used from ``start`` to ``end``.

    ``year_to_date_m3``: the account's volume already billed in the calendar year before this period, where the
    tiers continue from.
    """
    if volume < 0:
        raise ValueError("volume cannot be negative")
    if end < start:
        raise ValueError("the period ends before it starts")
    spans = in_force(tariffs, start, end)
    days = [(last - first).days + 1 for _, first, last in spans]
    volumes = split_volume(volume, days)
    lines: list[Line] = []
    used = year_to_date_m3
    for (tariff, _first, _last), part, span_days in zip(spans, volumes, days, strict=True):
        ends = tariff.thresholds(household_size)
        low = 0
        for number, (tier, high) in enumerate(zip(tariff.tiers, ends, strict=True), start=1):
            top = used + part if high is None else min(used + part, high)
            in_tier = max(0, top - max(used, low))
            if in_tier or (number == 1 and not part):
                lines.append(
                    Line("water", number, in_tier, tier.price, money(in_tier * tier.price), tariff.code, span_days)
                )
            if high is not None:
                low = high
        for kind, price in (("sewage", tariff.sewage), ("resource", tariff.resource)):
            if price:
                lines.append(Line(kind, None, part, price, money(part * price), tariff.code, span_days))
        used += part
    return lines


def total(lines: Iterable[Line]) -> Decimal:
    return sum((line.amount for line in lines), ZERO)


def late_fee(
    outstanding: Decimal,
    due: date,
    on: date,
    *,
    grace_days: int = 15,
    daily_rate: Decimal = Decimal("0.005"),
    cap_ratio: Decimal | None = Decimal("1"),
) -> Decimal:
    """The late fee on ``outstanding`` yuan of a bill due on ``due``, by ``on`` (DOMAIN.md §6.3).

    Nothing until ``grace_days`` after the due date; then ``daily_rate`` of the amount per day counted from the
    due date's grace end; never above ``cap_ratio`` × the amount (None: no cap).
    """
    if outstanding <= 0:
        return ZERO
    days = (on - due).days - grace_days
    if days <= 0:
        return ZERO
    fee = money(outstanding * daily_rate * days)
    if cap_ratio is not None:
        fee = min(fee, money(outstanding * cap_ratio))
    return fee


def allocate(amount: Decimal, owed: Sequence[tuple[object, Decimal]]) -> tuple[list[tuple[object, Decimal]], Decimal]:
    """Spread a payment over what is owed, oldest first: [(key, amount)], and what is left over."""
    if amount < 0:
        raise ValueError("a payment cannot be negative")
    left = amount
    out = []
    for key, due in owed:
        if left <= 0:
            break
        take = min(left, due)
        if take > 0:
            out.append((key, take))
            left -= take
    return out, left


def average_m3(history: Sequence[int], months: int = 12) -> int:
    """The whole-m³ monthly average of the last ``months`` monthly volumes (a faulty meter's estimate, §3.3)."""
    recent = [v for v in history[-months:] if v is not None]
    if not recent:
        return 0
    return int((Decimal(sum(recent)) / len(recent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def consumption(previous: int, current: int, digits: int) -> tuple[int, bool]:
    """m³ between two reads of a meter with ``digits`` dials, and whether the dials rolled over.

    A lower read counts as a roll-over only when the previous read was in the top tenth of the dials and the
    current in the bottom tenth; otherwise the negative difference is returned for someone to look at.
    """
    capacity = 10**digits
    if current >= previous:
        return current - previous, False
    if previous >= capacity * 0.9 and current < capacity * 0.1:
        return current + capacity - previous, True
    return current - previous, False
