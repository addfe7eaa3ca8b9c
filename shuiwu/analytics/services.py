"""Analytics services: the water balance from the records, night flow per DMA, pipe risk, supply forecast.

The computations are the engine's (``shuiwu.engine.waterbalance``, ``nightflow``, ``piperisk``, ``forecast``);
this module gathers their inputs from the other apps' services — telemetry for system input, DMA inflow and
pressure; customers for billed volume and connections; inspections for illegal use; assets for mains length;
work for repairs — and keeps what is worth keeping.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, timedelta

import pandas as pd
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from shuiwu.analytics import rules as analytics_rules  # noqa: F401  (declares the rules)
from shuiwu.analytics.choices import RiskClass
from shuiwu.analytics.models import DailyWeather, PipeRisk, WaterBalance
from shuiwu.assets.choices import Kind, Status, System
from shuiwu.assets.models import DMA, Asset
from shuiwu.assets.services import network_length_km
from shuiwu.core import rules, scope
from shuiwu.engine import nightflow, piperisk, waterbalance

# -- water balance ------------------------------------------------------------------------------------

INPUT_LABELS = {
    "system_input_m3": gettext_lazy("System input (m³)"),
    "billed_metered_m3": gettext_lazy("Billed metered consumption (m³)"),
    "billed_unmetered_m3": gettext_lazy("Billed unmetered consumption (m³)"),
    "unbilled_metered_m3": gettext_lazy("Unbilled metered consumption (m³)"),
    "unbilled_unmetered_m3": gettext_lazy("Unbilled unmetered consumption (m³)"),
    "unauthorised_m3": gettext_lazy("Unauthorised consumption (m³)"),
    "meter_under_registration": gettext_lazy("Customer-meter under-registration (share)"),
    "data_errors_m3": gettext_lazy("Data handling errors (m³)"),
    "mains_km": gettext_lazy("Length of mains (km)"),
    "connections": gettext_lazy("Service connections"),
    "private_pipe_km": gettext_lazy("Service pipe after the property line (km)"),
    "average_pressure_m": gettext_lazy("Average pressure (m)"),
    "days": gettext_lazy("Days"),
}
# The figures a person may enter to replace what the records give (a measured flushing volume, a tested meter).
OVERRIDABLE = ("unbilled_metered_m3", "unbilled_unmetered_m3", "meter_under_registration", "data_errors_m3")
GRADE_LABELS = {"grade_1": gettext_lazy("Grade 1 (≤ 10 %)"), "grade_2": gettext_lazy("Grade 2 (≤ 12 %)")}


def _supply_assets(company=None, dma=None):
    assets = Asset.objects.filter(system=System.SUPPLY, status=Status.ACTIVE)
    if company is not None:
        assets = assets.filter(company=company)
    if dma is not None:
        assets = assets.filter(dma=dma)
    return assets


def period_inputs(company, start: date, end: date, *, dma: DMA | None = None) -> tuple[dict, dict]:
    """The volumes and network figures of a balance, read from the records, and where each came from.

    Returns (inputs, sources): inputs has the fields of ``engine.waterbalance.Period``; sources, per field, the
    untranslated messages saying where it came from (``describe_source`` renders them). Raises ValidationError
    when there is no system input to balance against.
    """
    from shuiwu.customers import queries as customers
    from shuiwu.inspections import services as inspections
    from shuiwu.telemetry import services as telemetry

    days = (end - start).days + 1
    sources: dict[str, list] = {}

    def note(key: str, msgid: str, **params) -> None:
        """Where a figure came from, kept untranslated (``describe_source`` translates it on the page)."""
        sources.setdefault(key, []).append([msgid, params])

    if dma is not None:
        system_input, seen = telemetry.dma_inflow_volume(dma, start, end)
        note("system_input_m3", gettext_noop("DMA inlet meters, %(seen)d of %(days)d days"), seen=seen, days=days)
    else:
        supply = telemetry.daily_supply(start, end)
        known = [v for v in supply["city"] if v is not None]
        system_input, seen = float(sum(known)), len(known)
        note(
            "system_input_m3",
            gettext_noop("Plant outflow totalisers, %(seen)d of %(days)d days"),
            seen=seen,
            days=days,
        )
    if seen < days:
        # Scale the days seen up to the period, so a missing day does not look like a loss of its volume.
        system_input = system_input * days / seen if seen else 0.0
        if seen:
            note("system_input_m3", gettext_noop("scaled up to the whole period"))
    if system_input <= 0:
        raise ValidationError({"start": _("No inflow was recorded in this period: there is nothing to balance.")})
    billed = customers.billed_volume(start, end, company=company, dma=dma)
    note("billed_metered_m3", gettext_noop("Bills, prorated by the days of their billing period inside this one"))
    until = customers.billed_until(company=company, dma=dma)
    if until is not None and until < end:
        note(
            "billed_metered_m3",
            gettext_noop(
                "bills reach only to %(day)s: what was used after it is in no bill yet, so losses look higher"
            ),
            day=until.isoformat(),
        )
    share = float(rules.value("analytics.unbilled_unmetered_share"))
    note(
        "unbilled_unmetered_m3",
        gettext_noop("Estimate: %(share)s %% of system input (rule)"),
        share=f"{share:.2%}"[:-1],
    )
    unauthorised = inspections.unauthorised_volume(start, end, company=company, dma=dma)
    note("unauthorised_m3", gettext_noop("Estimated volumes of the violation cases opened in the period"))
    under = float(rules.value("analytics.meter_under_registration"))
    note("meter_under_registration", gettext_noop("Rule: customer-meter under-registration"))
    mains_km = network_length_km(_supply_assets(company, dma))
    note("mains_km", gettext_noop("Active supply pipes in the asset register"))
    connections = customers.active_connections(company=company, dma=dma)
    note("connections", gettext_noop("Active customer accounts"))
    private_km = connections * float(rules.value("analytics.private_pipe_m_per_connection")) / 1000
    pressure = telemetry.average_pressure(start, end, company=None if dma else company, dma=dma)
    if pressure is not None:
        note("average_pressure_m", gettext_noop("Mean of the network pressure points"))
    else:
        note("average_pressure_m", gettext_noop("No pressure readings"))
    inputs = {
        "system_input_m3": round(system_input, 1),
        "billed_metered_m3": round(billed, 1),
        "days": days,
        "billed_unmetered_m3": 0.0,
        "unbilled_metered_m3": 0.0,
        "unbilled_unmetered_m3": round(system_input * share, 1),
        "unauthorised_m3": round(unauthorised, 1),
        "meter_under_registration": under,
        "data_errors_m3": 0.0,
        "mains_km": mains_km,
        "connections": connections,
        "private_pipe_km": round(private_km, 3),
        "average_pressure_m": round(pressure or 0.0, 2),
    }
    return inputs, sources


def describe_source(parts) -> str:
    """A kept source in the reader's language: its parts (``[msgid, params]``) translated, joined by " · "."""
    if isinstance(parts, str):
        return parts
    return " · ".join(_(msgid) % params if params else _(msgid) for msgid, params in parts or [])


def corrections() -> waterbalance.Corrections:
    return waterbalance.Corrections(**rules.value("analytics.cjj92_corrections"))


def compute_balance(inputs: dict, correction: waterbalance.Corrections | None = None) -> waterbalance.Balance:
    """The engine's balance of ``inputs``; ValidationError naming the field for bad input."""
    fields = waterbalance.Period.__dataclass_fields__
    unknown = [k for k in inputs if k not in fields]
    if unknown:
        raise ValidationError({unknown[0]: _("Unknown input.")})
    period = waterbalance.Period(**inputs)
    problems = period.check()
    if problems:
        raise ValidationError({p.split()[0]: p for p in problems})
    return waterbalance.balance(period, correction or corrections())


@transaction.atomic
def save_balance(
    company, start: date, end: date, *, dma: DMA | None = None, overrides: dict | None = None, note: str = "", user=None
) -> WaterBalance:
    """Compute and keep the balance of a period (replacing an earlier one of the same company, DMA and dates).

    ``overrides`` replaces figures read from the records (a measured flushing volume, a tested meter
    under-registration); each replaced figure's source says so.
    """
    if user is not None:
        scope.check_company(user, company.pk)
    if end < start:
        raise ValidationError({"end": _("The period ends before it starts.")})
    if (end - start).days > 366:
        raise ValidationError({"end": _("A balance covers at most a year.")})
    if end >= timezone.localdate():
        raise ValidationError({"end": _("A balance is of a past period: it must end before today.")})
    if dma is not None and dma.company_id != company.pk:
        raise ValidationError({"dma": _("The DMA belongs to another company.")})
    inputs, sources = period_inputs(company, start, end, dma=dma)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        inputs[key] = value
        sources[key] = [[gettext_noop("Entered by hand"), {}]]
    correction = corrections()
    result = compute_balance(inputs, correction)
    record = WaterBalance.objects.filter(company=company, dma=dma, start=start, end=end).first() or WaterBalance(
        company=company, dma=dma, start=start, end=end
    )
    record.inputs, record.sources, record.corrections = inputs, sources, asdict(correction)
    record.result = result.as_dict()
    record.system_input_m3 = result.system_input_m3
    record.nrw_percent = round(result.nrw_percent, 3)
    record.loss_rate_wl_percent = round(result.loss_rate_wl_percent, 3)
    record.loss_rate_bl_percent = round(result.loss_rate_bl_percent, 3)
    record.ili = round(result.ili, 3) if result.ili is not None else None
    record.note = note
    record.computed_by = user if getattr(user, "is_authenticated", False) else None
    record.save()
    return record


def balance_chart(result: dict) -> dict:
    """The IWA balance as nested bars: system input = authorised + losses = billed + unbilled + apparent + real."""
    return {
        "categories": [_("System input"), _("Authorised and losses"), _("Components")],
        "series": [
            {"name": _("System input"), "values": [result["system_input_m3"], None, None]},
            {"name": _("Authorised consumption"), "values": [None, result["authorised_m3"], None]},
            {"name": _("Water losses"), "values": [None, result["losses_m3"], None]},
            {"name": _("Billed"), "values": [None, None, result["billed_m3"]]},
            {"name": _("Unbilled authorised"), "values": [None, None, result["unbilled_m3"]]},
            {"name": _("Apparent losses"), "values": [None, None, result["apparent_losses_m3"]]},
            {"name": _("Real losses"), "values": [None, None, result["real_losses_m3"]]},
        ],
    }


def month_bounds(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def loss_trend(company, months: int = 12, *, until: date | None = None) -> list[dict]:
    """The kept monthly balances of the company's whole network, oldest first (for the trend chart)."""
    until = until or timezone.localdate()
    rows = WaterBalance.objects.filter(company=company, dma__isnull=True, end__lt=until, start__day=1).order_by(
        "-start"
    )
    monthly = [r for r in rows[: months * 3] if month_bounds(r.start) == (r.start, r.end)][:months]
    return [
        {
            "month": r.start.strftime("%Y-%m"),
            "nrw_percent": r.nrw_percent,
            "loss_rate_wl_percent": r.loss_rate_wl_percent,
            "loss_rate_bl_percent": r.loss_rate_bl_percent,
            "ili": r.ili,
        }
        for r in reversed(monthly)
    ]


# -- minimum night flow ------------------------------------------------------------------------------


def night_use(dma: DMA) -> nightflow.NightUse:
    from shuiwu.customers import queries as customers

    settings = rules.value("analytics.night_flow")
    return nightflow.NightUse(
        population=customers.residents(dma=dma),
        exceptional_m3_h=float((dma.attrs or {}).get("exceptional_night_use_m3_h", 0.0)),
        active_share=float(settings["active_share"]),
        litres_per_use=float(settings["flush_l"]),
    )


def night_flow(dma: DMA, start: date, end: date) -> dict:
    """A DMA's nights: minimum inflow, legitimate use and leakage per night, the trend and the rise check."""
    from shuiwu.telemetry import services as telemetry

    settings = rules.value("analytics.night_flow")
    inflow = telemetry.dma_inflow_hourly(dma, start, end)
    frame = nightflow.night_leakage(inflow, night_use(dma)) if not inflow.empty else pd.DataFrame()
    if frame.empty:
        return {"dma": dma.code, "nights": [], "trend_m3_h_per_day": None, "rise": None}
    leakage = frame["leakage_m3_h"]
    check = nightflow.rise(
        leakage,
        baseline_nights=int(settings["baseline_nights"]),
        recent_nights=int(settings["recent_nights"]),
        threshold=float(settings["threshold_percent"]) / 100,
        min_change_m3_h=float(settings["min_rise_m3_h"]),
    )
    return {
        "dma": dma.code,
        "nights": [
            {
                "night": pd.Timestamp(night).date().isoformat(),
                "minimum_m3_h": round(float(row["mnf_m3_h"]), 3),
                "legitimate_m3_h": round(float(row["legitimate_m3_h"]), 3),
                "leakage_m3_h": round(float(row["leakage_m3_h"]), 3),
            }
            for night, row in frame.iterrows()
        ],
        "trend_m3_h_per_day": round(nightflow.trend_m3_h_per_day(leakage), 4),
        "rise": _plain(asdict(check)),
    }


def _plain(values: dict) -> dict:
    """NaN as None, so the dict is valid JSON."""
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in values.items()}


def night_ranking(company, start: date, end: date, *, dmas=None, nights: dict | None = None) -> list[dict]:
    """DMAs ranked by night leakage per connection (the mean over the period's nights); each DMA's ``night_flow``
    goes into ``nights`` by code when given, for a page that also charts one of them."""
    from shuiwu.customers import queries as customers

    dmas = list(dmas if dmas is not None else DMA.objects.filter(company=company).order_by("code"))
    leakage, connections, rows = {}, {}, {}
    for dma in dmas:
        data = night_flow(dma, start, end)
        if nights is not None:
            nights[dma.code] = data
        if not data["nights"]:
            continue
        leakage[dma.code] = sum(n["leakage_m3_h"] for n in data["nights"]) / len(data["nights"])
        connections[dma.code] = customers.active_connections(dma=dma)
        rows[dma.code] = {"dma": dma, "trend": data["trend_m3_h_per_day"], "rise": data["rise"]}
    if not leakage:
        return []
    ranked = nightflow.ranking(leakage, connections)
    out = []
    for position, row in enumerate(ranked.itertuples(index=False), start=1):
        code = row.dma
        extra = rows[code]
        out.append(
            {
                "code": code,
                "name": extra["dma"].name,
                "pk": extra["dma"].pk,
                "leakage_m3_h": round(float(row.leakage_m3_h), 3),
                "connections": int(row.connections),
                "l_per_connection_h": None
                if pd.isna(row.l_per_connection_h)
                else round(float(row.l_per_connection_h), 2),
                "rank": position,
                "trend_m3_h_per_day": extra["trend"],
                "rising": bool(extra["rise"]["risen"]),
            }
        )
    return out


# -- pipe risk ----------------------------------------------------------------------------------------


def _pipes_frame(company) -> pd.DataFrame:
    pipes = _supply_assets(company).filter(kind=Kind.PIPE)
    rows = list(pipes.values_list("pk", "company_id", "length", "material", "diameter", "install_date", "hydraulic"))
    frame = pd.DataFrame(
        rows, columns=["pk", "company_id", "length_m", "material", "diameter_mm", "install_date", "hydraulic"]
    )
    frame["install_year"] = frame["install_date"].map(lambda d: d.year if d else None)
    frame["length_m"] = frame["length_m"].fillna(0.0)
    return frame.set_index("pk")


def _pipe_pressures(company, pipe_ids) -> dict[int, float]:
    """Mean modelled pressure at each pipe's end nodes, from the latest hydraulic base run, where there is one."""
    try:
        from shuiwu.hydraulics import services as hydraulics
    except ImportError:  # pragma: no cover - the app is always installed in this project
        return {}
    getter = getattr(hydraulics, "pipe_pressures", None)
    return getter(pipe_ids) if getter else {}


@transaction.atomic
def compute_pipe_risk(company, *, year: int | None = None) -> int:
    """Rank the company's supply pipes by break likelihood and keep the ranking; the number of pipes ranked."""
    from shuiwu.work import services as work

    settings = rules.value("analytics.pipe_risk")
    coefficients = piperisk.Coefficients.from_dict(settings)
    year = year or timezone.localdate().year
    frame = _pipes_frame(company)
    PipeRisk.objects.filter(company=company).delete()
    if frame.empty:
        return 0
    since = timezone.localdate() - timedelta(days=round(365.25 * coefficients.history_years))
    repairs = work.repair_counts(since, company=company)
    pressures = _pipe_pressures(company, list(frame.index))
    frame["repairs"] = [repairs.get(pk, 0) for pk in frame.index]
    frame["pressure_m"] = [pressures.get(pk) for pk in frame.index]
    scored = piperisk.score(frame, year, coefficients)
    classes = piperisk.risk_classes(scored["expected_breaks_year"])
    now = timezone.now()
    PipeRisk.objects.bulk_create(
        [
            PipeRisk(
                pipe_id=pk,
                company_id=row["company_id"],
                expected_breaks_year=float(row["expected_breaks_year"]),
                rate_per_km_year=float(row["rate_per_km_year"]),
                prior_per_km_year=float(row["prior_per_km_year"]),
                age_years=float(row["age_years"]),
                repairs=int(row["repairs"]),
                pressure_m=None if pd.isna(row["pressure_m"]) else float(row["pressure_m"]),
                rank=int(row["rank"]),
                risk_class=classes[pk],
                computed_at=now,
            )
            for pk, row in scored.iterrows()
        ],
        batch_size=2000,
    )
    return len(scored)


def renewal_candidates(company, limit: int = 50) -> list[dict]:
    """The pipes most likely to break, for a renewal project (``projects`` posts their ids)."""
    rows = PipeRisk.objects.filter(company=company).select_related("pipe").order_by("rank")[:limit]
    return [
        {
            "asset_id": r.pipe_id,
            "code": r.pipe.code,
            "risk": r.expected_breaks_year,
            "rate_per_km_year": r.rate_per_km_year,
            "risk_class": r.risk_class,
            "length_m": r.pipe.length or 0.0,
            "diameter_mm": r.pipe.diameter,
            "material": r.pipe.material,
            "age_years": r.age_years,
            "repairs": r.repairs,
        }
        for r in rows
    ]


def risk_features(user, risk_class: str | None = None) -> dict:
    """The ranked pipes as GeoJSON for the risk map (one feature per pipe, coloured by class)."""
    rows = PipeRisk.objects.restrict(user).select_related("pipe")
    if risk_class:
        rows = rows.filter(risk_class=risk_class)
    features = [
        {
            "type": "Feature",
            "id": r.pipe_id,
            "geometry": r.pipe.geometry,
            "properties": {
                "code": r.pipe.code,
                "rank": r.rank,
                "class": r.risk_class,
                "breaks_year": round(r.expected_breaks_year, 4),
                "per_km": round(r.rate_per_km_year, 3),
                "url": r.pipe.get_absolute_url(),
            },
        }
        for r in rows.order_by("-rank")
        if r.pipe.geometry
    ]
    return {"type": "FeatureCollection", "features": features}


# -- weather ------------------------------------------------------------------------------------------


def temperatures(start: date, end: date) -> pd.Series:
    """Daily mean temperature (°C) from the kept weather, observed or forecast."""
    rows = DailyWeather.objects.filter(day__gte=start, day__lte=end).values_list("day", "t_max", "t_min")
    return pd.Series({d: (hi + lo) / 2 for d, hi, lo in rows}, dtype=float).sort_index()


# -- summary ------------------------------------------------------------------------------------------


def summary(company, start: date, end: date, *, user=None) -> dict:
    """Plain numbers for the scorecard: the loss rates of the period, from the records, and the pipes at risk.

    The balance stops at the last day every reading book has billed (``balance_until``), so a month whose last
    reads are not billed yet is not shown as losing the water its customers used.
    """
    from shuiwu.org.choices import CompanyKind
    from shuiwu.org.models import Company

    # The balance is the supply network's: the plants' outflow against what the supply company bills.
    supplier = company if company is not None else Company.objects.filter(kind=CompanyKind.SUPPLY).first()
    if supplier is not None and user is not None and not scope.can_access_company(user, supplier.pk):
        supplier = None
    result = None
    balance_end = end
    if supplier is not None and supplier.kind == CompanyKind.SUPPLY:
        from shuiwu.customers import queries as customers

        # Only the days every reading book has billed: later water is in no bill yet and would look lost.
        until = customers.billed_until(company=supplier)
        balance_end = min(end, until) if until else end
        try:
            result = compute_balance(period_inputs(supplier, start, balance_end)[0]) if balance_end >= start else None
        except ValidationError:
            result = None
    risks = PipeRisk.objects.all() if company is None else PipeRisk.objects.filter(company=company)
    if user is not None:
        risks = risks.restrict(user)
    return {
        "balance_until": balance_end.isoformat() if result else None,
        "system_input_m3": round(result.system_input_m3, 1) if result else None,
        "billed_m3": round(result.billed_m3, 1) if result else None,
        "nrw_percent": round(result.nrw_percent, 2) if result else None,
        "loss_rate_wl_percent": round(result.loss_rate_wl_percent, 2) if result else None,
        "loss_rate_bl_percent": round(result.loss_rate_bl_percent, 2) if result else None,
        "cjj92_grade": result.cjj92_grade if result else None,
        "ili": round(result.ili, 2) if result and result.ili is not None else None,
        "real_losses_l_per_connection_day": round(result.real_losses_l_per_connection_day, 1)
        if result and result.real_losses_l_per_connection_day is not None
        else None,
        "pipes_high_risk": risks.filter(risk_class=RiskClass.HIGH).count(),
    }


# -- leak detections ----------------------------------------------------------------------------------

LEAK_TRANSITIONS = {
    "open": {"confirmed", "false"},
    "confirmed": {"repaired", "false"},
    "repaired": set(),
    "false": set(),
}


def set_leak_status(detection, status: str, *, note: str = "", user=None):
    """Record what the crew found: confirmed, repaired, or a false alarm (which clears its alarm)."""
    from shuiwu.analytics.choices import DetectionStatus
    from shuiwu.analytics.models import LeakDetection

    if user is not None:
        scope.check_company(user, detection.company_id)
    if status not in DetectionStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status not in LEAK_TRANSITIONS[detection.status]:
        raise ValidationError(
            {
                "status": _("A detection that is %(now)s cannot become %(new)s.")
                % {"now": detection.get_status_display(), "new": DetectionStatus(status).label}
            }
        )
    changes = {"status": status}
    if note:
        changes["note"] = (detection.note + "\n" + note).strip()
    if not LeakDetection.objects.filter(pk=detection.pk, status=detection.status).update(**changes):
        raise ValidationError({"status": _("Someone changed this detection meanwhile; reload the page.")})
    if status in ("repaired", "false") and detection.alarm_id:
        from shuiwu.telemetry.models import Alarm

        Alarm.objects.filter(pk=detection.alarm_id, cleared_at__isnull=True).update(cleared_at=timezone.now())
    detection.refresh_from_db()
    return detection


def pipes_around(pipe, metres: float = 400.0) -> dict:
    """The supply pipes within ``metres`` of a pipe's box, as GeoJSON (the context of a detection's map)."""
    if pipe is None or pipe.min_lon is None:
        return {"type": "FeatureCollection", "features": []}
    pad_lat = metres / 111_320
    pad_lon = pad_lat / max(0.2, math.cos(math.radians(pipe.min_lat)))
    near = Asset.objects.filter(
        system=System.SUPPLY,
        kind=Kind.PIPE,
        max_lon__gte=pipe.min_lon - pad_lon,
        min_lon__lte=pipe.max_lon + pad_lon,
        max_lat__gte=pipe.min_lat - pad_lat,
        min_lat__lte=pipe.max_lat + pad_lat,
    ).exclude(pk=pipe.pk)
    features = [
        {"type": "Feature", "id": pk, "geometry": geometry, "properties": {"code": code}}
        for pk, code, geometry in near.values_list("pk", "code", "geometry")[:2000]
        if geometry
    ]
    return {"type": "FeatureCollection", "features": features}


def leak_features(detections) -> dict:
    """Detections as GeoJSON: the pipe's line where it is known."""
    features = []
    for d in detections:
        if d.pipe is None or not d.pipe.geometry:
            continue
        features.append(
            {
                "type": "Feature",
                "id": d.pk,
                "geometry": d.pipe.geometry,
                "properties": {
                    "link": d.link_id,
                    "status": d.status,
                    "status_label": str(d.get_status_display()),
                    "started": timezone.localtime(d.started_at).strftime("%Y-%m-%d %H:%M"),
                    "url": d.get_absolute_url(),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


# -- supply forecast ----------------------------------------------------------------------------------

FORECAST_HISTORY_DAYS = 730


def _holidays() -> list[date]:
    try:
        from shuiwu.service.models import Holiday
    except ImportError:  # pragma: no cover - the app is always installed in this project
        return []
    return list(Holiday.objects.filter(working=False).values_list("day", flat=True))


def supply_forecast(*, user=None, today: date | None = None, days: int = 7) -> dict:
    """Daily supply for today and the days after it, per plant and for the city, from the plant outflow history
    and the temperature (observed and forecast); each day's chance of passing the alert level.

    The history ends yesterday (today is not over). Without enough history (two weeks) there is no forecast.
    """
    from shuiwu.engine import forecast as engine
    from shuiwu.telemetry import services as telemetry

    today = today or timezone.localdate()
    alert = float(rules.value("analytics.supply_alert_m3_day"))
    supply = telemetry.daily_supply(today - timedelta(days=FORECAST_HISTORY_DAYS), today - timedelta(days=1), user=user)
    index = pd.to_datetime(supply["days"])
    history = pd.DataFrame({p["name"]: p["volumes"] for p in supply["plants"]}, index=index, dtype=float)
    history["city"] = pd.Series(supply["city"], index=index, dtype=float)
    history = history.dropna(how="all")
    empty = {"days": [], "city": [], "plants": [], "alert_m3_day": alert, "temperature": [], "history": []}
    if history["city"].notna().sum() < 14:
        return empty
    last = history.index.max().date()
    temps = temperatures(today - timedelta(days=FORECAST_HISTORY_DAYS), today + timedelta(days=days - 1))
    temperature = (
        temps if not temps.empty and all((today + timedelta(days=i)) in temps.index for i in range(days)) else None
    )
    result = engine.forecast_daily(history, temperature, start=today, days=days, holidays=_holidays(), threshold=alert)
    day_list = [d.isoformat() for d in result.index]

    def fields(name: str) -> dict:
        part = result[name]
        out = {k: [round(float(v), 0) for v in part[k]] for k in ("forecast", "low", "high")}
        return out

    city = fields("city")
    city["p_above"] = [round(float(v), 2) for v in result["city"]["p_above"]]
    recent = history.loc[history.index >= pd.Timestamp(today - timedelta(days=28)), "city"]
    return {
        "days": day_list,
        "history_until": last.isoformat(),
        "alert_m3_day": alert,
        "city": city,
        "plants": [{"name": p["name"], "code": p["code"], **fields(p["name"])} for p in supply["plants"]],
        "temperature": [
            None if temperature is None or d not in temperature.index else round(float(temperature[d]), 1)
            for d in result.index
        ],
        "history": [
            {"day": d.date().isoformat(), "city": None if pd.isna(v) else round(float(v), 0)} for d, v in recent.items()
        ],
        "tomorrow_above": bool(city["forecast"][1] > alert) if days > 1 else None,
        "capacity_m3_day": _plant_capacity(),
    }


def _plant_capacity() -> float | None:
    plants = Asset.objects.filter(kind=Kind.PLANT, system=System.SUPPLY, status=Status.ACTIVE).values_list(
        "attrs", flat=True
    )
    total = sum(float((a or {}).get("design_capacity_m3_per_day") or 0) for a in plants)
    return total or None


def import_weather(rows: list[dict]) -> tuple[int, list[dict]]:
    """Daily weather rows (``day``, ``t_max``, ``t_min``, optional ``rain_mm`` and ``source``: observed or
    forecast; a day not yet over defaults to forecast) replace the days they give, all or nothing.

    Returns (days written, errors); with any error nothing is written. Each error: line (1 = first data row),
    field, reason.
    """
    from shuiwu.analytics.choices import WeatherSource

    today = timezone.localdate()
    errors, parsed = [], {}
    for line, row in enumerate(rows, start=1):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            day = date.fromisoformat(row.get("day", ""))
        except ValueError:
            errors.append({"line": line, "field": "day", "reason": _("not a date (YYYY-MM-DD)")})
            continue
        values = {}
        for field, required in (("t_max", True), ("t_min", True), ("rain_mm", False)):
            text = row.get(field, "")
            if not text and not required:
                values[field] = 0.0
                continue
            try:
                values[field] = float(text)
            except ValueError:
                errors.append({"line": line, "field": field, "reason": _("not a number: %(v)r") % {"v": text}})
        if len(values) < 3:
            continue
        if values["t_min"] > values["t_max"]:
            errors.append({"line": line, "field": "t_min", "reason": _("above the maximum temperature")})
        if not -60 <= values["t_min"] <= 60 or not -60 <= values["t_max"] <= 60:
            errors.append({"line": line, "field": "t_max", "reason": _("outside −60 to 60 °C")})
        if values["rain_mm"] < 0:
            errors.append({"line": line, "field": "rain_mm", "reason": _("cannot be negative")})
        source = row.get("source") or (WeatherSource.OBSERVED if day < today else WeatherSource.FORECAST)
        if source not in WeatherSource.values:
            errors.append({"line": line, "field": "source", "reason": _("observed or forecast")})
        if day in parsed:
            errors.append({"line": line, "field": "day", "reason": _("given twice")})
        parsed[day] = DailyWeather(day=day, source=source, **values)
    if errors or not parsed:
        if not parsed and not errors:
            errors.append({"line": 0, "field": "day", "reason": _("the file has no rows")})
        return 0, errors
    with transaction.atomic():
        DailyWeather.objects.filter(day__in=list(parsed)).delete()
        DailyWeather.objects.bulk_create(parsed.values())
    return len(parsed), []
