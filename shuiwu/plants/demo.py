"""Six months of plant operations in the demo city: daily logs, dosing and stock, backwash, unit status, shifts.

The water plants' finished water out is the outlet totaliser's day from telemetry (read through
``telemetry.services.daily_supply``) wherever telemetry has it, so the plants' logs and the supply figures agree;
where it has none (the sewage plant, or a demo built without telemetry) plausible figures are generated. The
sodium hypochlorite at the second water plant drifts under its minimum in the last two weeks (its supplier is
late), the first plant's sludge scrapers are in maintenance since two days ago, and the shift leaders are the
demo's plant-shift staff. Everything is written with bulk_create.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from shuiwu.assets.choices import Kind, PlantType, ProcessUnitType
from shuiwu.assets.models import Asset
from shuiwu.core import demo
from shuiwu.org.models import Staff, Team
from shuiwu.plants.choices import FILTER_UNIT_TYPES, FlowBasis, MovementKind, Shift, UnitStatus
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
from shuiwu.plants.services import dose_kg

DAYS = 181
DRIFT = ("WTP-2", "NACLO")  # the stock that drifts under its minimum
DRIFT_DAYS = 14
MAINTENANCE_UNIT = ("WTP-1", ProcessUnitType.SLUDGE)
# Which team runs each plant's shifts (org demo), two teams alternate where a plant has two.
SHIFT_TEAMS = {"WTP-1": ("SHIFT1", "SHIFT2"), "WTP-2": ("SHIFT3",), "WWTP-1": ("WWTP",)}

# chemical code, mean dose mg/L (product), seasonal amplitude, minimum and capacity in days of use
WATER_DOSING = [("PAC", 22.0, 6.0, 10, 30), ("NACLO", 22.0, 3.0, 10, 30), ("PAM", 0.15, 0.03, 20, 90)]
SEWAGE_DOSING = [("PAC", 12.0, 2.0, 10, 30), ("NAAC", 25.0, 8.0, 10, 30), ("PAM", 0.30, 0.05, 20, 90)]


def D(value: float, places: int = 1) -> Decimal:  # noqa: N802
    return Decimal(f"{value:.{places}f}")


def _season(day: date) -> float:
    """+1 in late July, −1 in late January."""
    return math.cos(2 * math.pi * (day.timetuple().tm_yday - 205) / 365.25)


def _ar(rng: random.Random, n: int, phi: float, sigma: float) -> list[float]:
    values, x = [], 0.0
    for _ in range(n):
        x = phi * x + rng.gauss(0, sigma)
        values.append(x)
    return values


def telemetry_outflow(first: date, last: date) -> dict[str, list[float | None]]:
    """m³ out per plant code and day from telemetry's outlet totalisers ({} without telemetry)."""
    try:
        from shuiwu.telemetry import services as telemetry
    except ImportError:  # pragma: no cover
        return {}
    data = telemetry.daily_supply(first, last)
    return {plant["code"]: plant["volumes"] for plant in data["plants"]}


class PlantsDemo:
    def __init__(self, rng: random.Random, today: date, days: int = DAYS):
        self.rng = rng
        self.today = today
        self.tz = timezone.get_current_timezone()
        self.days = [today - timedelta(days=days - i) for i in range(days)]  # up to yesterday
        self.plants = list(Asset.objects.filter(kind=Kind.PLANT).select_related("company").order_by("code"))
        self.chemicals = {c.code: c for c in Chemical.objects.all()}
        self.logs: list[DailyLog] = []
        self.figures = {"logs": 0, "from_telemetry": 0}

    def at(self, day: date, hour: float) -> datetime:
        return datetime.combine(day, time.min, self.tz) + timedelta(hours=hour)

    def build(self) -> dict:
        if not self.plants or not self.days:
            return {"plants": 0}
        supply = telemetry_outflow(self.days[0], self.days[-1])
        for plant in self.plants:
            staff = self.staff_of(plant)
            logs, dosings = self.daily(plant, supply.get(plant.code))
            self.stock(plant, logs, dosings)
            self.backwash(plant, staff)
            self.units(plant)
            self.shifts(plant, logs, staff)
        self.figures["plants"] = len(self.plants)
        return self.figures

    # -- daily logs and dosing ------------------------------------------------------------------------

    def daily(self, plant: Asset, outflow: list[float | None] | None):
        rng, n = self.rng, len(self.days)
        sewage = plant.subtype == PlantType.SEWAGE
        capacity = float(plant.attrs.get("design_capacity_m3_per_day") or 50000)
        noise = _ar(rng, n, 0.7, 0.03)
        own = _ar(rng, n, 0.6, 0.004)
        power = _ar(rng, n, 0.5, 0.012)
        rain = [rng.random() < 0.1 for _ in range(n)]
        specs = SEWAGE_DOSING if sewage else WATER_DOSING
        logs, dosings = [], []
        for i, day in enumerate(self.days):
            season = _season(day)
            measured = outflow[i] if outflow and i < len(outflow) else None
            if sewage:
                inflow = capacity * (0.68 + 0.04 * season + (0.12 if rain[i] else 0.0)) * (1 + noise[i])
                out = inflow * (1 - 0.008 - abs(own[i]) / 4)
                kwh = inflow * (0.38 + 0.02 * season + power[i])
            else:
                out = measured if measured else capacity * (0.74 + 0.09 * season) * (1 + noise[i])
                share = min(max(0.046 + own[i] + (0.01 if rain[i] else 0.0), 0.02), 0.095)
                inflow = out / (1 - share)
                kwh = out * (0.30 + 0.03 * season + power[i] + (0.02 if plant.code.endswith("2") else 0.0))
            log = DailyLog(
                company_id=plant.company_id,
                plant=plant,
                day=day,
                inflow_m3=D(inflow),
                outflow_m3=D(out),
                energy_kwh=D(kwh),
                outflow_from_telemetry=bool(measured),
                note="原水浊度上升，加大混凝剂投加"
                if rain[i] and not sewage
                else ("雨天进水量增大" if rain[i] else ""),
            )
            logs.append(log)
            self.figures["from_telemetry"] += bool(measured)
        DailyLog.objects.bulk_create(logs)
        self.figures["logs"] += len(logs)
        for i, log in enumerate(logs):
            season = _season(log.day)
            for code, mean, amplitude, _min_days, _cap_days in specs:
                chemical = self.chemicals.get(code)
                if chemical is None:
                    continue
                bump = 1.25 if rain[i] and chemical.kind == "coagulant" else 1.0
                dose = max(0.01, (mean + amplitude * season) * bump * (1 + self.rng.gauss(0, 0.05)))
                places = 2 if mean < 1 else 1
                dose_d = D(dose, places)
                flow = log.inflow_m3 if chemical.flow_basis == FlowBasis.INFLOW else log.outflow_m3
                dosings.append(
                    Dosing(
                        company_id=plant.company_id,
                        daily_log=log,
                        chemical=chemical,
                        basis=chemical.flow_basis,
                        dose_mg_l=dose_d,
                        flow_m3=flow,
                        kg=dose_kg(dose_d, flow),
                    )
                )
        Dosing.objects.bulk_create(dosings)
        return logs, dosings

    # -- stock: deliveries keep it between its minimum and capacity; one drifts under ------------------

    def stock(self, plant: Asset, logs: list[DailyLog], dosings: list[Dosing]) -> None:
        by_chemical: dict[int, list[Dosing]] = {}
        for dosing in dosings:
            by_chemical.setdefault(dosing.chemical_id, []).append(dosing)
        specs = {
            code: (min_days, cap_days)
            for code, _m, _a, min_days, cap_days in (
                SEWAGE_DOSING if plant.subtype == PlantType.SEWAGE else WATER_DOSING
            )
        }
        movements = []
        for chemical_id, rows in by_chemical.items():
            chemical = next(c for c in self.chemicals.values() if c.pk == chemical_id)
            mean = sum(float(d.kg) for d in rows) / len(rows)
            min_days, cap_days = specs[chemical.code]
            truck = 100 if mean < 100 else 10000
            minimum = D(math.ceil(mean * min_days / truck) * truck, 2)
            capacity = D(math.ceil(mean * cap_days / truck) * truck, 2)
            stock = ChemicalStock.objects.create(
                company_id=plant.company_id, plant=plant, chemical=chemical, minimum_kg=minimum, capacity_kg=capacity
            )
            drifting = (plant.code, chemical.code) == DRIFT
            cutoff = len(rows) - DRIFT_DAYS
            balance = capacity * Decimal("0.7")
            first_day = rows[0].daily_log.day
            movements.append(self._move(stock, first_day, MovementKind.STOCKTAKE, balance, balance, note="期初盘点"))
            reorder = minimum + D(mean * 5, 2)
            number = 0
            for i, dosing in enumerate(rows):
                day = dosing.daily_log.day
                if drifting and i == cutoff:
                    # No delivery in the 20 days before (the supplier was late) and none after: this one is
                    # just enough to end ~30 % under the minimum.
                    use = sum((d.kg for d in rows[cutoff:]), Decimal("0"))
                    target = min(capacity, minimum * Decimal("0.7") + use)
                    if target > balance:
                        number += 1
                        amount = (target - balance).quantize(Decimal("1"))
                        balance += amount
                        movements.append(
                            self._move(stock, day, MovementKind.DELIVERY, amount, balance, f"SH{number:04d}")
                        )
                elif balance < reorder and not (drifting and i >= cutoff - 20):
                    number += 1
                    amount = D((float(capacity - balance) // truck) * truck, 2)
                    if amount > 0:
                        balance += amount
                        movements.append(
                            self._move(stock, day, MovementKind.DELIVERY, amount, balance, f"SH{number:04d}")
                        )
                balance -= dosing.kg
                movements.append(self._move(stock, day, MovementKind.DOSING, -dosing.kg, balance, dosing=dosing))
            ChemicalStock.objects.filter(pk=stock.pk).update(balance_kg=balance)
        StockMovement.objects.bulk_create(movements)

    def _move(self, stock, day, kind, kg, balance, reference="", note="", dosing=None):
        return StockMovement(
            company_id=stock.company_id,
            stock=stock,
            day=day,
            kind=kind,
            quantity_kg=kg,
            balance_kg=balance,
            reference=reference,
            note=note,
            dosing=dosing,
        )

    # -- backwash ---------------------------------------------------------------------------------------

    def backwash(self, plant: Asset, staff: list[Staff]) -> None:
        filters = list(Asset.objects.filter(parent=plant, kind=Kind.PROCESS_UNIT, subtype__in=FILTER_UNIT_TYPES))
        rows = []
        now = timezone.now()
        for unit in filters:
            per_day = 2 if unit.subtype == ProcessUnitType.SAND_FILTER and plant.subtype != PlantType.SEWAGE else 1
            for day in [*self.days, self.today]:
                for k in range(per_day):
                    started = self.at(day, 9 + 11 * k + self.rng.uniform(-1.5, 1.5))
                    if started > now:
                        continue
                    rows.append(
                        Backwash(
                            company_id=plant.company_id,
                            plant=plant,
                            unit=unit,
                            started_at=started,
                            duration_min=self.rng.randint(8, 14),
                            water_m3=D(self.rng.uniform(280, 460)),
                            head_loss_m=D(self.rng.uniform(1.6, 2.3), 2),
                            operator=self.rng.choice(staff) if staff else None,
                        )
                    )
        Backwash.objects.bulk_create(rows)
        self.figures["backwashes"] = self.figures.get("backwashes", 0) + len(rows)

    # -- process units ------------------------------------------------------------------------------------

    def units(self, plant: Asset) -> None:
        units = {u.subtype: u for u in Asset.objects.filter(parent=plant, kind=Kind.PROCESS_UNIT).order_by("code")}
        changes = []

        def episode(subtype, start: datetime, end: datetime | None, note: str, status=UnitStatus.MAINTENANCE):
            unit = units.get(subtype)
            if unit is None:
                return
            changes.append(
                UnitStatusChange(
                    company_id=plant.company_id, plant=plant, unit=unit, status=status, since=start, note=note
                )
            )
            if end is not None:
                changes.append(
                    UnitStatusChange(
                        company_id=plant.company_id,
                        plant=plant,
                        unit=unit,
                        status=UnitStatus.RUNNING,
                        since=end,
                        note="检修完成，恢复运行",
                    )
                )

        if (plant.code, ProcessUnitType.SLUDGE) == MAINTENANCE_UNIT:
            episode(
                ProcessUnitType.SLUDGE,
                self.at(self.today - timedelta(days=2), 9.5),
                None,
                "2号刮泥机链条断裂，停机检修",
            )
        if plant.code == "WTP-2":
            start = self.at(self.today - timedelta(days=40), 8.5)
            episode(ProcessUnitType.CARBON_FILTER, start, start + timedelta(days=3), "活性炭滤池更换滤料")
            episode(
                ProcessUnitType.BIO_PRETREATMENT,
                self.at(self.today - timedelta(days=120), 8),
                self.at(self.today - timedelta(days=90), 8),
                "冬季低温，生物预处理池备用",
                UnitStatus.STANDBY,
            )
        if plant.code == "WWTP-1":
            start = self.at(self.today - timedelta(days=70), 13)
            episode(ProcessUnitType.AERATION, start, start + timedelta(hours=20), "鼓风机轴承更换")
        UnitStatusChange.objects.bulk_create(changes)

    # -- shifts ---------------------------------------------------------------------------------------------

    def staff_of(self, plant: Asset) -> list[Staff]:
        codes = SHIFT_TEAMS.get(plant.code, ())
        teams = Team.objects.filter(company_id=plant.company_id, code__in=codes)
        staff = list(Staff.objects.filter(team__in=teams, active=True).select_related("team").order_by("employee_no"))
        return staff or list(Staff.objects.filter(company_id=plant.company_id, active=True).order_by("employee_no")[:6])

    def shifts(self, plant: Asset, logs: list[DailyLog], staff: list[Staff]) -> None:
        if not staff:
            return
        by_team: dict[int | None, list[Staff]] = {}
        for person in staff:
            by_team.setdefault(person.team_id, []).append(person)
        teams = list(by_team)
        sewage = plant.subtype == PlantType.SEWAGE
        now = timezone.localtime()
        drift_low_from = self.today - timedelta(days=5)
        maintenance_from = self.today - timedelta(days=2)
        slots = [(day, shift) for day in [*self.days, self.today] for shift in (Shift.DAY, Shift.NIGHT)]
        slots = [(d, s) for d, s in slots if self.at(d, 8 if s == Shift.DAY else 20) <= now]
        leaders = []
        for k, (_day, shift) in enumerate(slots):
            team = teams[(k // 4) % len(teams)] if len(teams) > 1 else teams[0]
            people = by_team[team]
            leaders.append(people[(k // 2 + (shift == Shift.NIGHT)) % len(people)])
        rows = []
        for k, (day, shift) in enumerate(slots):
            leader = leaders[k]
            last = k == len(slots) - 1
            events = [
                "按时完成2小时工艺巡检，各构筑物运行正常"
                if self.rng.random() < 0.8
                else "巡检发现排泥阀动作迟缓，已手动排泥",
            ]
            notes = []
            if not sewage:
                events.append("滤池反冲洗按计划完成" if shift == Shift.DAY else "夜间低峰，送水泵降频运行")
            else:
                events.append("进水水质正常，生化池溶解氧控制在2 mg/L左右")
            if (plant.code, "NACLO") == DRIFT and day >= drift_low_from:
                notes.append("次氯酸钠库存已低于下限，供应商延迟送货，已报公司催货；注意控制投加量")
            if (plant.code, ProcessUnitType.SLUDGE) == MAINTENANCE_UNIT and day >= maintenance_from:
                notes.append("2号刮泥机检修中，沉淀池增加人工排泥次数")
            if self.rng.random() < 0.15:
                notes.append(
                    self.rng.choice(
                        [
                            "加药泵1号泵运行声音异常，请关注",
                            "原水浊度有上升趋势，注意调整PAC投加",
                            "清水池液位偏低，注意送水泵调度",
                            "化验室通知出厂水余氯偏高，已下调次氯酸钠投加",
                        ]
                    )
                )
            if not notes:
                notes.append("设备运行正常，无遗留问题")
            rows.append(
                ShiftLog(
                    company_id=plant.company_id,
                    plant=plant,
                    day=day,
                    shift=shift,
                    team_id=leader.team_id,
                    operator=leader,
                    events="；".join(events) + "。",
                    handover_notes="" if last else "；".join(notes) + "。",
                    handed_to=None if last or leaders[k + 1] == leader else leaders[k + 1],
                    received_at=None
                    if last
                    else self.at(day, 20 if shift == Shift.DAY else 32) + timedelta(minutes=self.rng.randint(0, 15)),
                )
            )
        ShiftLog.objects.bulk_create(rows)
        self.figures["shift_logs"] = self.figures.get("shift_logs", 0) + len(rows)


def build_plants(rng: random.Random, today: date | None = None, days: int = DAYS) -> dict:
    return PlantsDemo(rng, today or timezone.localdate(), days).build()


@demo.part("plants", after=("org", "assets", "telemetry"), label="Plant operations")
def build(ctx):
    return build_plants(ctx.rng("plants"))
