"""Readable record numbers such as GD-2026-000123, safe under concurrent writers."""

from django.db import transaction
from django.db.models import F

from shuiwu.core.models import Sequence


def next_value(name: str) -> int:
    """The next value of the named counter. The update takes the row's lock until the transaction ends."""
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + 1)
        return Sequence.objects.values_list("value", flat=True).get(name=name)


def next_number(prefix: str, year: int, width: int = 6) -> str:
    """``PREFIX-YEAR-000001``, counted per prefix and year."""
    return f"{prefix}-{year}-{next_value(f'{prefix}-{year}'):0{width}d}"


def next_numbers(prefix: str, year: int, count: int, width: int = 6) -> list[str]:
    """``count`` consecutive numbers of a prefix and year, taken in one step (for a batch of records)."""
    if count <= 0:
        return []
    name = f"{prefix}-{year}"
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(value=F("value") + count)
        last = Sequence.objects.values_list("value", flat=True).get(name=name)
    return [f"{prefix}-{year}-{n:0{width}d}" for n in range(last - count + 1, last + 1)]
