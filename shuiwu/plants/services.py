"""Plant operations: the arithmetic (own use, kWh/m³, dose to kg), recording a day, stock, unit status, figures.

Views, the API, the demo and reports call these. Volumes are m³, energy kWh, doses mg/L of the product as
delivered and masses kg; all Decimal, so the figures are the hand-computed ones.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.assets.choices import Kind, PlantType
from shuiwu.assets.models import Asset
from shuiwu.core import rules
from shuiwu.plants import rules as _rules  # noqa: F401  (declares the rules)
from shuiwu.plants.choices import UNIT_STATUS_COLOURS, FlowBasis, MovementKind, UnitStatus
from shuiwu.plants.models import (
    Backwash,
    Chemical,
    ChemicalStock,
    DailyLog,
    Dosing,
    ShiftLog,
    StockMovement,
    UnitStatusChange,
)

HUNDRED = Decimal("100")
THOUSAND = Decimal("1000")


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


# -- the arithmetic -------------------------------------------------------------------------------------------


def own_use_percent(inflow_m3, outflow_m3) -> Decimal | None:
    """Own use (自用水率) as % of water in: (in − out) / in × 100, to 0.01 %."""
    if inflow_m3 is None or outflow_m3 is None or not inflow_m3:
        return None
    inflow, outflow = _dec(inflow_m3), _dec(outflow_m3)
    return _q((inflow - outflow) / inflow * HUNDRED, "0.01")


def kwh_per_m3(energy_kwh, volume_m3) -> Decimal | None:
    """Energy per m³, to 0.001 kWh/m³."""
    if energy_kwh is None or volume_m3 is None or not volume_m3:
        return None
    return _q(_dec(energy_kwh) / _dec(volume_m3), "0.001")


def dose_kg(dose_mg_l, flow_m3) -> Decimal:
    """kg of product a day: dose (mg/L = g/m³) × flow (m³/day) / 1000, to 0.01 kg."""
    return _q(_dec(dose_mg_l) * _dec(flow_m3) / THOUSAND, "0.01")


def is_sewage(plant: Asset) -> bool:
    return plant.subtype == PlantType.SEWAGE


def energy_basis_m3(plant: Asset, inflow_m3, outflow_m3):
    """The volume energy is counted against: water out at a water plant, water treated (in) at a sewage plant."""
    return inflow_m3 if is_sewage(plant) else outflow_m3


def check_volumes(day: date | None, inflow_m3, outflow_m3, energy_kwh) -> None:
    """Refuse a day in the future, negative figures, and more water out than in beyond the meters' tolerance."""
    errors = {}
    if day is not None and day > timezone.localdate():
        errors["day"] = _("This day is in the future.")
    for field, value in (("inflow_m3", inflow_m3), ("outflow_m3", outflow_m3), ("energy_kwh", energy_kwh)):
        if value is not None and _dec(value) < 0:
            errors[field] = _("This cannot be negative.")
    if "inflow_m3" not in errors and "outflow_m3" not in errors and inflow_m3 is not None and outflow_m3 is not None:
        tolerance = _dec(rules.value("plants.outflow_tolerance_percent"))
        if _dec(outflow_m3) > _dec(inflow_m3) * (1 + tolerance / HUNDRED):
            errors["outflow_m3"] = _(
                "Water out (%(out)s m³) exceeds water in (%(in)s m³) by more than the meters' tolerance of "
                "%(tol)s %%: check both meters."
            ) % {"out": outflow_m3, "in": inflow_m3, "tol": tolerance}
    if errors:
        raise ValidationError(errors)


def flags(log: DailyLog) -> list[str]:
    """What is unusual about a day, in words (own use outside its band, water out above water in, energy high)."""
    found = []
    if not is_sewage(log.plant):
        share = own_use_percent(log.inflow_m3, log.outflow_m3)
        low, high = (_dec(v) for v in rules.value("plants.own_use_band_percent"))
        if share is not None and share < 0:
            found.append(_("Water out above water in: check the meters"))
        elif share is not None and share < low:
            found.append(_("Own use %(v)s %% below %(low)s %%: check the meters") % {"v": share, "low": low})
        elif share is not None and share > high:
            found.append(_("Own use %(v)s %% above %(high)s %%") % {"v": share, "high": high})
    limit = rules.value("plants.kwh_per_m3_high").get("sewage" if is_sewage(log.plant) else "water")
    energy = log.kwh_per_m3
    if limit is not None and energy is not None and energy > _dec(limit):
        found.append(_("%(v)s kWh/m³ above %(limit)s") % {"v": energy, "limit": limit})
    return found


# -- recording a day ------------------------------------------------------------------------------------------


def plants_for(user=None):
    plants = Asset.objects.filter(kind=Kind.PLANT)
    return plants.restrict(user) if user is not None else plants


def check_plant(plant: Asset) -> None:
    if plant.kind != Kind.PLANT:
        raise ValidationError({"plant": _("%(asset)s is not a plant.") % {"asset": plant}})


def _take(stock: ChemicalStock, kg: Decimal) -> Decimal:
    """Take kg out of a stock by a conditional update (no negative stock); the balance after."""
    taken = ChemicalStock.objects.filter(pk=stock.pk, balance_kg__gte=kg).update(balance_kg=F("balance_kg") - kg)
    if not taken:
        balance = ChemicalStock.objects.values_list("balance_kg", flat=True).get(pk=stock.pk)
        raise ValidationError(
            {
                "dosings": _(
                    "%(chemical)s: %(kg)s kg dosed but only %(balance)s kg in stock; record the delivery first."
                )
                % {"chemical": stock.chemical, "kg": kg, "balance": balance}
            }
        )
    return ChemicalStock.objects.values_list("balance_kg", flat=True).get(pk=stock.pk)


def _give_back(movement: StockMovement) -> None:
    ChemicalStock.objects.filter(pk=movement.stock_id).update(balance_kg=F("balance_kg") - movement.quantity_kg)
    movement.delete()


@transaction.atomic
def record_day(
    plant: Asset,
    day: date,
    *,
    inflow_m3,
    outflow_m3,
    energy_kwh,
    dosings: list[dict] | None = None,
    note: str = "",
    user=None,
    from_telemetry: bool = False,
) -> DailyLog:
    """Write (or rewrite) a plant's day and its dosing; each dose draws its kg from the dosing room's stock.

    ``dosings``: ``[{"chemical": Chemical, "dose_mg_l": …, "flow_m3": optional}]``; the flow defaults to the
    day's water in or out, by where the chemical is dosed. All or nothing: a refused dose leaves no trace.
    """
    check_plant(plant)
    check_volumes(day, inflow_m3, outflow_m3, energy_kwh)
    for field, value in (("inflow_m3", inflow_m3), ("outflow_m3", outflow_m3), ("energy_kwh", energy_kwh)):
        if value is None:
            raise ValidationError({field: _("This field is required.")})
    log = DailyLog.objects.filter(plant=plant, day=day).first()
    if log is None:
        log = DailyLog(plant=plant, day=day, company_id=plant.company_id)
    else:
        for movement in StockMovement.objects.filter(dosing__daily_log=log):
            _give_back(movement)
        log.dosings.all().delete()
    log.inflow_m3, log.outflow_m3, log.energy_kwh = _dec(inflow_m3), _dec(outflow_m3), _dec(energy_kwh)
    log.note = note or ""
    log.outflow_from_telemetry = from_telemetry
    if user is not None and getattr(user, "is_authenticated", False):
        log.recorded_by = user
    log.save()
    stocks = {s.chemical_id: s for s in ChemicalStock.objects.filter(plant=plant).select_related("chemical")}
    seen = set()
    for row in dosings or []:
        chemical: Chemical = row["chemical"]
        if chemical.pk in seen:
            raise ValidationError({"dosings": _("%(chemical)s is listed twice.") % {"chemical": chemical}})
        seen.add(chemical.pk)
        dose = _dec(row["dose_mg_l"])
        if dose < 0:
            raise ValidationError({"dosings": _("%(chemical)s: a dose cannot be negative.") % {"chemical": chemical}})
        basis = chemical.flow_basis
        flow = row.get("flow_m3")
        flow = _dec(flow) if flow is not None else (log.inflow_m3 if basis == FlowBasis.INFLOW else log.outflow_m3)
        if flow < 0:
            raise ValidationError({"dosings": _("%(chemical)s: a flow cannot be negative.") % {"chemical": chemical}})
        stock = stocks.get(chemical.pk)
        if stock is None:
            raise ValidationError(
                {"dosings": _("%(chemical)s is not kept at this plant: add its stock first.") % {"chemical": chemical}}
            )
        kg = dose_kg(dose, flow)
        dosing = Dosing.objects.create(
            company_id=plant.company_id,
            daily_log=log,
            chemical=chemical,
            basis=basis,
            dose_mg_l=dose,
            flow_m3=flow,
            kg=kg,
        )
        if kg:
            balance = _take(stock, kg)
            StockMovement.objects.create(
                company_id=plant.company_id,
                stock=stock,
                day=day,
                kind=MovementKind.DOSING,
                quantity_kg=-kg,
                balance_kg=balance,
                dosing=dosing,
                created_by=log.recorded_by,
            )
    return log


@transaction.atomic
def receive_delivery(stock: ChemicalStock, kg, day: date, *, reference: str = "", note: str = "", user=None):
    kg = _dec(kg)
    errors = {}
    if kg <= 0:
        errors["quantity_kg"] = _("A delivery must be more than 0 kg.")
    if day > timezone.localdate():
        errors["day"] = _("This day is in the future.")
    if errors:
        raise ValidationError(errors)
    if stock.capacity_kg is not None:
        grown = ChemicalStock.objects.filter(pk=stock.pk, balance_kg__lte=stock.capacity_kg - kg).update(
            balance_kg=F("balance_kg") + kg
        )
        if not grown:
            raise ValidationError(
                {
                    "quantity_kg": _("This delivery does not fit: the store holds %(cap)s kg.")
                    % {"cap": stock.capacity_kg}
                }
            )
    else:
        ChemicalStock.objects.filter(pk=stock.pk).update(balance_kg=F("balance_kg") + kg)
    return _movement(stock, day, MovementKind.DELIVERY, kg, reference, note, user)


@transaction.atomic
def stocktake(stock: ChemicalStock, counted_kg, day: date, *, note: str = "", user=None):
    counted = _dec(counted_kg)
    if counted < 0:
        raise ValidationError({"quantity_kg": _("This cannot be negative.")})
    if day > timezone.localdate():
        raise ValidationError({"day": _("This day is in the future.")})
    stock.refresh_from_db(fields=["balance_kg"])
    difference = counted - stock.balance_kg
    ChemicalStock.objects.filter(pk=stock.pk).update(balance_kg=counted)
    return _movement(stock, day, MovementKind.STOCKTAKE, difference, "", note, user)


def _movement(stock, day, kind, kg, reference, note, user) -> StockMovement:
    balance = ChemicalStock.objects.values_list("balance_kg", flat=True).get(pk=stock.pk)
    stock.balance_kg = balance
    return StockMovement.objects.create(
        company_id=stock.company_id,
        stock=stock,
        day=day,
        kind=kind,
        quantity_kg=kg,
        balance_kg=balance,
        reference=reference,
        note=note,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


# -- stock and its warnings -----------------------------------------------------------------------------------


def stock_status(stocks, on: date | None = None) -> list[dict]:
    """Each stock with its balance at the end of ``on``, its mean daily use and days of cover, and whether it is low.

    Low: below its minimum, or fewer days of cover than the rule at the use of the last days (rules).
    """
    on = on or timezone.localdate()
    stocks = list(stocks)
    ids = [s.pk for s in stocks]
    window = int(rules.value("plants.usage_window_days"))
    cover_days = Decimal(str(rules.value("plants.low_stock_days_of_cover")))
    later = dict(
        StockMovement.objects.filter(stock_id__in=ids, day__gt=on)
        .values("stock_id")
        .annotate(total=Sum("quantity_kg"))
        .values_list("stock_id", "total")
    )
    # The use of the last ``window`` dosed days up to ``on`` (today's log may not be written yet).
    recent = defaultdict(list)
    for stock_id, day, quantity in StockMovement.objects.filter(
        stock_id__in=ids, kind=MovementKind.DOSING, day__gt=on - timedelta(days=2 * window), day__lte=on
    ).values_list("stock_id", "day", "quantity_kg"):
        recent[stock_id].append((day, quantity))
    used = {}
    for stock_id, rows in recent.items():
        last = max(day for day, _ in rows)
        used[stock_id] = sum((q for day, q in rows if day > last - timedelta(days=window)), Decimal("0"))
    rows = []
    for stock in stocks:
        balance = stock.balance_kg - (later.get(stock.pk) or 0)
        per_day = _q(-(used.get(stock.pk) or Decimal("0")) / window, "0.01")
        cover = _q(balance / per_day, "0.1") if per_day > 0 else None
        below = balance < stock.minimum_kg
        short = cover is not None and cover < cover_days
        rows.append(
            {
                "stock": stock,
                "balance_kg": balance,
                "minimum_kg": stock.minimum_kg,
                "per_day_kg": per_day,
                "days_of_cover": cover,
                "below_minimum": below,
                "low": below or short,
                "fill_percent": (min(100, int(balance / stock.capacity_kg * 100)) if stock.capacity_kg else None),
            }
        )
    return rows


def low_stock(user=None, company=None, on: date | None = None) -> list[dict]:
    stocks = ChemicalStock.objects.select_related("plant", "chemical")
    if user is not None:
        stocks = stocks.restrict(user)
    if company is not None:
        stocks = stocks.filter(company=company)
    return [row for row in stock_status(stocks.order_by("plant__code", "chemical__code"), on) if row["low"]]


# -- process units --------------------------------------------------------------------------------------------


def units_of(plant: Asset):
    return Asset.objects.filter(parent=plant, kind=Kind.PROCESS_UNIT).order_by("code")


def unit_statuses(plant: Asset, at: datetime | None = None) -> list[dict]:
    """Every process unit of the plant with its status at ``at`` (now): the latest change before it; running if none."""
    at = at or timezone.now()
    units = list(units_of(plant))
    latest: dict[int, UnitStatusChange] = {}
    for change in UnitStatusChange.objects.filter(plant=plant, since__lte=at).order_by("unit_id", "-since", "-id"):
        latest.setdefault(change.unit_id, change)
    rows = []
    for unit in units:
        status = latest[unit.pk].status if unit.pk in latest else UnitStatus.RUNNING
        rows.append(
            {
                "unit": unit,
                "status": status,
                "label": UnitStatus(status).label,
                "colour": UNIT_STATUS_COLOURS.get(status, "secondary"),
                "change": latest.get(unit.pk),
            }
        )
    return rows


@transaction.atomic
def set_unit_status(unit: Asset, status: str, *, since: datetime | None = None, note: str = "", by=None):
    change = UnitStatusChange(
        plant_id=unit.parent_id,
        company_id=unit.company_id,
        unit=unit,
        status=status,
        since=since or timezone.now(),
        note=note,
        by=by,
    )
    if unit.parent_id is None:
        raise ValidationError({"unit": _("%(asset)s belongs to no plant.") % {"asset": unit}})
    change.full_clean()
    change.save()
    return change


# -- shifts ---------------------------------------------------------------------------------------------------


def receive_handover(shift_log: ShiftLog) -> bool:
    """Mark the handover received (once): a conditional update, so two clicks count once."""
    return bool(ShiftLog.objects.filter(pk=shift_log.pk, received_at__isnull=True).update(received_at=timezone.now()))


# -- a plant's day, and the list of plants --------------------------------------------------------------------


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, timezone.get_current_timezone())
    return start, start + timedelta(days=1)


def process_rounds(plant: Asset, day: date) -> list[dict]:
    """The 2-hourly process-round plans of the plant (in ``inspections``) and that day's rounds by status."""
    try:
        from shuiwu.inspections.choices import PlanType, RoundStatus
        from shuiwu.inspections.models import Plan, Round
    except ImportError:  # pragma: no cover - inspections not installed
        return []
    start, end = _day_bounds(day)
    plans = list(Plan.objects.filter(facility=plant, plan_type=PlanType.PLANT_ROUND).order_by("code"))
    counts = defaultdict(dict)
    for row in (
        Round.objects.filter(plan__in=plans, scheduled_for__gte=start, scheduled_for__lt=end)
        .values("plan_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["plan_id"]][row["status"]] = row["n"]
    return [
        {
            "plan": p,
            "counts": [
                {"status": status, "label": RoundStatus(status).label, "n": n}
                for status, n in sorted(counts.get(p.pk, {}).items())
            ],
            "total": sum(counts.get(p.pk, {}).values()),
        }
        for p in plans
    ]


def plant_day(plant: Asset, day: date) -> dict:
    """What the plant page shows for a day: the log and its dosing, units, stock, backwash, shifts, rounds."""
    start, end = _day_bounds(day)
    log = DailyLog.objects.filter(plant=plant, day=day).select_related("plant", "recorded_by").first()
    previous = DailyLog.objects.filter(plant=plant, day__lt=day).select_related("plant").order_by("-day").first()
    stocks = ChemicalStock.objects.filter(plant=plant).select_related("chemical", "plant")
    shifts = list(
        ShiftLog.objects.filter(plant=plant, day__in=[day - timedelta(days=1), day])
        .select_related("operator", "handed_to", "team")
        .order_by("-day", "-shift")
    )
    now = timezone.now()
    return {
        "day": day,
        "log": log,
        "flags": flags(log) if log else [],
        "dosings": list(log.dosings.select_related("chemical")) if log else [],
        "previous": previous,
        "previous_flags": flags(previous) if previous else [],
        "units": unit_statuses(plant, at=min(end, now) if day >= timezone.localdate() else end),
        "stock": stock_status(stocks, day),
        "backwashes": list(
            Backwash.objects.filter(plant=plant, started_at__gte=start, started_at__lt=end)
            .select_related("unit", "operator")
            .order_by("started_at")
        ),
        "shifts": shifts,
        "rounds": process_rounds(plant, day),
    }


def overview(user=None, day: date | None = None) -> list[dict]:
    """Each plant in scope with its day's figures (yesterday by default), low stock and units not running."""
    day = day or timezone.localdate() - timedelta(days=1)
    plants = list(plants_for(user).select_related("company").order_by("code"))
    logs = {log.plant_id: log for log in DailyLog.objects.filter(plant__in=plants, day=day).select_related("plant")}
    low = defaultdict(int)
    stocks = ChemicalStock.objects.filter(plant__in=plants).select_related("chemical")
    for row in stock_status(stocks):
        if row["low"]:
            low[row["stock"].plant_id] += 1
    rows = []
    for plant in plants:
        log = logs.get(plant.pk)
        units = unit_statuses(plant)
        rows.append(
            {
                "plant": plant,
                "log": log,
                "flags": flags(log) if log else [],
                "low_stock": low[plant.pk],
                "not_running": [u for u in units if u["status"] not in (UnitStatus.RUNNING, UnitStatus.STANDBY)],
                "units": len(units),
            }
        )
    return rows


def series(plant: Asset, start: date, end: date) -> dict:
    """Per day: water in and out, own use %, energy and kWh/m³, and each chemical's dose and kg (charts)."""
    logs = list(DailyLog.objects.filter(plant=plant, day__gte=start, day__lte=end).order_by("day"))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    by_day = {log.day: log for log in logs}
    chemicals: dict[int, dict] = {}
    index = {d: i for i, d in enumerate(days)}
    for dosing in Dosing.objects.filter(daily_log__in=logs).select_related("chemical", "daily_log"):
        entry = chemicals.setdefault(
            dosing.chemical_id,
            {
                "name": dosing.chemical.name,
                "kind": dosing.chemical.kind,
                "dose": [None] * len(days),
                "kg": [None] * len(days),
            },
        )
        i = index[dosing.daily_log.day]
        entry["dose"][i] = float(dosing.dose_mg_l)
        entry["kg"][i] = float(dosing.kg)

    def column(func):
        return [None if d not in by_day else (None if (v := func(by_day[d])) is None else float(v)) for d in days]

    return {
        "days": [d.isoformat() for d in days],
        "inflow": column(lambda log: log.inflow_m3),
        "outflow": column(lambda log: log.outflow_m3),
        "own_use_percent": column(lambda log: log.own_use_percent),
        "energy_kwh": column(lambda log: log.energy_kwh),
        "kwh_per_m3": column(
            lambda log: kwh_per_m3(log.energy_kwh, energy_basis_m3(plant, log.inflow_m3, log.outflow_m3))
        ),
        "chemicals": sorted(chemicals.values(), key=lambda c: (c["kind"], c["name"])),
    }


# -- the summary ----------------------------------------------------------------------------------------------


def _f(value, places=1) -> float | None:
    return None if value is None else round(float(value), places)


def summary(company, start: date, end: date, user=None) -> dict:
    """Plant figures of a company (None: all in scope) and period, as plain numbers.

    - water plants: raw water in, m³ produced (= supplied: the finished water leaving the plants, 出厂水量),
      own use m³ and % of raw water in, kWh and kWh per m³ produced;
    - sewage plants: m³ treated (in) and discharged (out), kWh and kWh per m³ treated;
    - chemicals: kg over the period and **kg per 1,000 m³** (= g/m³) of the plants' headline volume (water
      plants: per 1,000 m³ produced; sewage plants: per 1,000 m³ treated);
    - low stock: chemicals low at the end of the period (below their minimum or short of days of cover).
    """
    logs = DailyLog.objects.all()
    if user is not None:
        logs = logs.restrict(user)
    if company is not None:
        logs = logs.filter(company=company)
    logs = logs.filter(day__gte=start, day__lte=end)
    water_q = ~Q(plant__subtype=PlantType.SEWAGE)
    totals = {}
    for key, condition in (("water", water_q), ("sewage", ~water_q)):
        totals[key] = logs.filter(condition).aggregate(
            inflow=Sum("inflow_m3"),
            outflow=Sum("outflow_m3"),
            energy=Sum("energy_kwh"),
            days=Count("id"),
            plants=Count("plant", distinct=True),
            last=Max("day"),
        )
    water, sewage = totals["water"], totals["sewage"]
    produced = water["outflow"] or Decimal("0")
    treated = sewage["inflow"] or Decimal("0")
    chemicals = []
    dosings = Dosing.objects.filter(daily_log__in=logs)
    for key, condition, volume in (
        ("water", Q(daily_log__plant__subtype=PlantType.SEWAGE), produced),
        ("sewage", ~Q(daily_log__plant__subtype=PlantType.SEWAGE), treated),
    ):
        rows = (
            dosings.exclude(condition)
            .values("chemical__code", "chemical__name", "chemical__kind")
            .annotate(kg=Sum("kg"))
            .order_by("chemical__kind", "chemical__code")
        )
        for row in rows:
            chemicals.append(
                {
                    "plants": key,
                    "code": row["chemical__code"],
                    "name": row["chemical__name"],
                    "kind": row["chemical__kind"],
                    "kg": _f(row["kg"], 1),
                    "kg_per_1000_m3": _f(row["kg"] / volume * THOUSAND, 2) if volume else None,
                }
            )
    low = low_stock(user=user, company=company, on=min(end, timezone.localdate()))
    return {
        "company": company.code if company is not None else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "water": {
            "plants": water["plants"],
            "days_logged": water["days"],
            "raw_water_m3": _f(water["inflow"]),
            "produced_m3": _f(water["outflow"]),
            "supplied_m3": _f(water["outflow"]),
            "own_use_m3": _f((water["inflow"] or 0) - (water["outflow"] or 0)) if water["days"] else None,
            "own_use_percent": _f(own_use_percent(water["inflow"], water["outflow"]), 2),
            "energy_kwh": _f(water["energy"]),
            "kwh_per_m3": _f(kwh_per_m3(water["energy"], water["outflow"]), 3),
        },
        "sewage": {
            "plants": sewage["plants"],
            "days_logged": sewage["days"],
            "treated_m3": _f(sewage["inflow"]),
            "discharged_m3": _f(sewage["outflow"]),
            "energy_kwh": _f(sewage["energy"]),
            "kwh_per_m3": _f(kwh_per_m3(sewage["energy"], sewage["inflow"]), 3),
        },
        "chemicals_unit": "kg/1000 m³",
        "chemicals": chemicals,
        "low_stock_count": len(low),
        "low_stock": [
            {
                "plant": row["stock"].plant.code,
                "chemical": row["stock"].chemical.code,
                "balance_kg": _f(row["balance_kg"]),
                "minimum_kg": _f(row["minimum_kg"]),
                "days_of_cover": _f(row["days_of_cover"]),
                "below_minimum": row["below_minimum"],
            }
            for row in low
        ],
    }


@transaction.atomic
def delete_day(log: DailyLog) -> None:
    """Delete a day; its dosing goes back into stock."""
    for movement in StockMovement.objects.filter(dosing__daily_log=log):
        _give_back(movement)
    log.delete()
