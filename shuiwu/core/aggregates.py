"""Percentiles of durations over a queryset, computed by the database where it can (PostgreSQL)."""

from django.db import connections
from django.db.models import Aggregate, DurationField, ExpressionWrapper, F, FloatField
from django.db.models.functions import Extract


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the continuous percentile of an expression."""

    function = "percentile_cont"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, share: float, **extra):
        super().__init__(expression, share=float(share), **extra)


def duration_percentiles(
    queryset, end: str, start: str, shares: list[float], minus_seconds: str | None = None
) -> list[float | None]:
    """Percentiles (0–1) of ``end − start`` in seconds (less the ``minus_seconds`` field) over the rows
    where ``end`` is set.

    PostgreSQL computes them in one aggregate query (percentile_cont); elsewhere one column of durations
    is fetched and interpolated the same way, linearly.
    """
    queryset = queryset.filter(**{f"{end}__isnull": False})
    delta = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    if connections[queryset.db].vendor == "postgresql":
        seconds = Extract(delta, "epoch")
        if minus_seconds:
            seconds = seconds - F(minus_seconds)
        row = queryset.aggregate(**{f"p{i}": PercentileCont(seconds, s) for i, s in enumerate(shares)})
        return [row[f"p{i}"] for i in range(len(shares))]
    fields = ("_delta", minus_seconds) if minus_seconds else ("_delta",)
    rows = queryset.annotate(_delta=delta).values_list(*fields)
    values = sorted(r[0].total_seconds() - (r[1] or 0 if minus_seconds else 0) for r in rows)
    return [_interpolate(values, s) for s in shares]


def _interpolate(values: list[float], share: float) -> float | None:
    if not values:
        return None
    rank = share * (len(values) - 1)
    low = int(rank)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (rank - low)
