"""The demo city's analytics: two years of weather and the week ahead, monthly water balances, the pipe-risk
ranking, and leak detections on the simulated telemetry.

The weather is made to agree with the telemetry demo's supply: a seasonal curve for the Jiangnan climate
(mean about 17 °C, January near 5 °C, late July near 29 °C) plus the anomaly of each day's supply against its
month, so the heat waves the telemetry demo simulates are hot days here too.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuiwu.analytics import live, services
from shuiwu.analytics.choices import WeatherSource
from shuiwu.analytics.models import DailyWeather, WaterBalance
from shuiwu.assets.models import DMA
from shuiwu.core import demo
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company

WEATHER_DAYS = 730
AHEAD_DAYS = 7
BALANCE_MONTHS = 6


def seasonal_mean(day) -> float:
    doy = day.timetuple().tm_yday
    return 17.0 + 12.0 * math.cos(2 * math.pi * (doy - 205) / 365.25)


def _weather(ctx) -> int:
    from shuiwu.telemetry import services as telemetry

    rng = np.random.default_rng(ctx.rng("analytics").randrange(2**32))
    today = timezone.localdate()
    first = today - timedelta(days=WEATHER_DAYS)
    supply = telemetry.daily_supply(first, today - timedelta(days=1))
    city = dict(zip(supply["days"], supply["city"], strict=True))
    rows, anomaly = [], 0.0
    for i in range(WEATHER_DAYS + AHEAD_DAYS):
        day = first + timedelta(days=i)
        base = seasonal_mean(day)
        month = [city.get((day + timedelta(days=k)).isoformat()) for k in range(-15, 16)]
        month = [v for v in month if v]
        volume = city.get(day.isoformat())
        if volume and month and day < today:
            # A day that drew 10 % more than its month was about 3 °C hotter.
            anomaly = 30.0 * (volume / float(np.median(month)) - 1.0) + rng.normal(0, 0.8)
        else:
            anomaly = 0.7 * anomaly + rng.normal(0, 1.0)
        mean = base + max(min(anomaly, 7.0), -7.0)
        spread = 7.0 + rng.normal(0, 1.2)
        rain = float(max(0.0, rng.gamma(0.6, 8.0) - 3.0)) if rng.random() < 0.35 else 0.0
        rows.append(
            DailyWeather(
                day=day,
                t_max=round(mean + spread / 2, 1),
                t_min=round(mean - spread / 2, 1),
                rain_mm=round(rain, 1),
                source=WeatherSource.OBSERVED if day < today else WeatherSource.FORECAST,
            )
        )
    DailyWeather.objects.filter(day__gte=first).delete()
    DailyWeather.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _last_billed_month_end(supplier):
    """The last day of the last month every reading book has billed to its end."""
    from shuiwu.customers import queries as customers

    until = customers.billed_until(company=supplier) or timezone.localdate()
    first, last = services.month_bounds(until)
    return last if until == last else first - timedelta(days=1)


def _balances(supplier) -> int:
    made = 0
    month_end = _last_billed_month_end(supplier)
    for _ in range(BALANCE_MONTHS):
        start, end = services.month_bounds(month_end)
        try:
            services.save_balance(supplier, start, end, note="演示：按月水平衡")
            made += 1
        except ValidationError:
            pass
        month_end = start - timedelta(days=1)
    start, end = services.month_bounds(_last_billed_month_end(supplier))
    for dma in DMA.objects.filter(company=supplier).order_by("code"):
        try:
            services.save_balance(supplier, start, end, dma=dma, note="演示：分区计量水平衡")
            made += 1
        except ValidationError:
            pass
    return made


@demo.part("analytics", after=("telemetry", "customers", "inspections", "work"), label="Analytics")
def build(ctx):
    supplier = Company.objects.filter(kind=CompanyKind.SUPPLY).order_by("pk").first()
    weather = _weather(ctx)
    balances = _balances(supplier) if supplier else 0
    ranked = services.compute_pipe_risk(supplier) if supplier else 0
    # The live leak detector learns the network's normal from the telemetry (the demo's DMA-04 leak shows in
    # its inflow, which the night-flow alarm caught, not in the pressures, which come from leak-free runs).
    detections = len(live.run(supplier)) if supplier else 0
    return {
        "weather_days": weather,
        "balances": balances,
        "whole_network_balances": WaterBalance.objects.filter(dma__isnull=True).count(),
        "pipes_ranked": ranked,
        "leaks_detected": detections,
    }
