"""The lab's part of the demo city: sampling points at both plants, the network, secondary tanks and the sewage
plant; six months of tasks, samples and approved results; a storm's turbidity spike at the second plant with its
retest and raised frequency; a low-chlorine result at a network end."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from shuiwu.assets.models import Asset
from shuiwu.core import demo, numbering
from shuiwu.core.models import Rule
from shuiwu.org.models import Company
from shuiwu.quality import services, values
from shuiwu.quality.choices import PointKind, SampleStatus, TaskKind, TaskStatus, Verdict
from shuiwu.quality.models import Exceedance, Parameter, Result, Sample, SampleTask, SamplingPoint

DAYS = 182
POPULATION = 690_000  # the demo city (DESIGN.md: ~700,000 people)
NETWORK_POINTS = 30
STORM_PLANT, STORM_DAYS_AGO = "WTP-2", 60  # the same storm as telemetry's turbidity spike
LOW_CHLORINE_DAYS_AGO = 41
MISSED_SHARE = 0.012
LATE_SHARE = 0.04

# Typical values (low, high) per parameter and kind of point; a string is a censored or qualitative report.
PLANT = ("plant_outlet", "network", "network_end", "secondary")
TYPICAL = {
    "turbidity": {"raw": (8, 25), "settled": (0.9, 2.2), "filtered": (0.08, 0.25), "carbon": (0.06, 0.2),
                  "plant_outlet": (0.08, 0.28), "network": (0.12, 0.45), "network_end": (0.15, 0.55),
                  "secondary": (0.15, 0.6)},
    "free_chlorine": {"plant_outlet": (0.6, 1.0), "network": (0.25, 0.6), "network_end": (0.1, 0.35),
                      "secondary": (0.12, 0.4)},
    "color": {"raw": (10, 25), "*": "<5"},
    "odor": {"*": "无"},
    "visible_matter": {"*": "无"},
    "codmn": {"raw": (3.5, 5.5), "settled": (2.4, 3.1), "filtered": (2.0, 2.6), "carbon": (1.2, 1.9),
              "plant_outlet": (1.2, 1.9), "*": (1.3, 2.1)},
    "ammonia": {"raw": (0.2, 0.6), "*": "<0.02"},
    "bacteria_count": {"raw": (500, 3000), "plant_outlet": "未检出", "*": (0, 8)},
    "total_coliforms": {"raw": (200, 2000), "*": "未检出"},
    "e_coli": {"raw": (50, 500), "*": "未检出"},
    "arsenic": {"*": "<0.001"}, "cadmium": {"*": "<0.0005"}, "chromium_vi": {"*": "<0.004"},
    "lead": {"*": "<0.0025"}, "mercury": {"*": "<0.0001"}, "cyanide": {"*": "<0.002"},
    "fluoride": {"*": (0.2, 0.5)}, "nitrate": {"*": (0.8, 2.0)}, "chloroform": {"*": (0.005, 0.02)},
    "dibromochloromethane": {"*": (0.001, 0.005)}, "bromodichloromethane": {"*": (0.003, 0.01)},
    "bromoform": {"*": "<0.001"}, "thm_ratio": {"*": (0.15, 0.4)}, "dichloroacetic_acid": {"*": (0.003, 0.012)},
    "trichloroacetic_acid": {"*": (0.002, 0.01)}, "bromate": {"*": "<0.005"}, "chlorate": {"*": (0.02, 0.1)},
    "chlorite": {"*": "<0.01"}, "ph": {"sewage_influent": (7.0, 7.6), "sewage_effluent": (6.8, 7.4), "*": (7.0, 7.6)},
    "aluminium": {"*": (0.02, 0.08)}, "iron": {"*": "<0.05"}, "manganese": {"*": "<0.01"}, "copper": {"*": "<0.01"},
    "zinc": {"*": "<0.01"}, "chloride": {"*": (20, 40)}, "sulfate": {"*": (30, 60)}, "tds": {"*": (180, 280)},
    "hardness": {"*": (100, 160)}, "gross_alpha": {"*": (0.02, 0.06)}, "gross_beta": {"*": (0.05, 0.15)},
    "toc": {"*": (1.5, 2.5)},
    "cod": {"sewage_influent": (180, 320), "*": (18, 35)}, "bod5": {"sewage_influent": (80, 150), "*": (3, 8)},
    "ss": {"sewage_influent": (120, 220), "*": (4, 8)}, "tn": {"sewage_influent": (25, 40), "*": (7, 12)},
    "nh3n": {"sewage_influent": (18, 30), "*": (0.3, 1.5)}, "tp": {"sewage_influent": (2.5, 4.5), "*": (0.1, 0.35)},
    "animal_oil": {"*": "<0.06"}, "petroleum": {"*": "<0.06"}, "las": {"*": "<0.05"},
    "color_dilution": {"*": (4, 8)}, "fecal_coliforms": {"*": (20, 400)},
}  # fmt: skip


STAGES = [
    ("U01", PointKind.RAW, "进厂原水"),
    ("U04", PointKind.SETTLED, "沉淀池出水"),
    ("U05", PointKind.FILTERED, "砂滤池出水"),
    ("U06", PointKind.CARBON, "炭滤池出水"),
]


class Lab:
    def __init__(self, ctx):
        self.rng = ctx.rng("quality")
        self.tz = timezone.get_current_timezone()
        self.today = timezone.localdate()
        self.start = self.today - timedelta(days=DAYS)
        self.params = {p.code: p for p in Parameter.objects.all()}
        self.table = services.LimitTable()
        users = get_user_model().objects
        self.technician = users.filter(username="lab").first()
        self.reviewer = users.filter(username="manager").first() or users.filter(is_superuser=True).first()
        self.counts = defaultdict(int)

    # -- points ---------------------------------------------------------------------------------------------------

    def points(self) -> list[SamplingPoint]:
        companies = {c.code: c for c in Company.objects.all()}
        prod, sewage = companies["PROD"], companies.get("SEWAGE", companies["PROD"])
        assets = {a.code: a for a in Asset.objects.filter(kind__in=["plant", "process_unit", "intake", "outfall"])}
        points = []

        def add(code, name, kind, asset=None, plant=None, company=prod, lonlat=None):
            lon, lat = lonlat or _lonlat(asset)
            points.append(
                SamplingPoint(
                    company=company,
                    code=code,
                    name=name,
                    kind=kind,
                    asset=asset,
                    plant=plant,
                    lon=lon,
                    lat=lat,
                    address=(asset.address if asset else "") or "",
                )  # fmt: skip
            )

        intake = assets.get("IN-1")
        add("Q-RAW-IN1", f"{intake.name if intake else '取水口'}原水", PointKind.RAW, intake)
        for code in ("WTP-1", "WTP-2"):
            plant = assets[code]
            for unit, kind, label in STAGES:
                asset = assets.get(f"{code}-{unit}")
                add(f"Q-{code}-{unit}", f"{plant.name}{label}", kind, asset, plant)
            add(f"Q-{code}-OUT", f"{plant.name}出厂水", PointKind.PLANT_OUTLET, plant, plant)
        ends = self._network_end_nodes()
        for i, node in enumerate(ends, start=1):
            add(f"Q-NE-{i:02d}", f"{_dma_name(node)}末梢水{i:02d}", PointKind.NETWORK_END, node)
        for i, node in enumerate(self._network_nodes(exclude={n.pk for n in ends}), start=1):
            add(f"Q-NW-{i:02d}", f"{_dma_name(node)}管网水{i:02d}", PointKind.NETWORK, node)
        for unit in Asset.objects.filter(kind="secondary_unit").order_by("code")[:4]:
            add(f"Q-{unit.code}", f"{unit.name}水箱", PointKind.SECONDARY, unit)
        wwtp = assets.get("WWTP-1")
        if wwtp is not None:
            add("Q-WWTP-1-IN", f"{wwtp.name}进水", PointKind.SEWAGE_INFLUENT, assets.get("WWTP-1-U01") or wwtp, wwtp,
                sewage)  # fmt: skip
            add(
                "Q-WWTP-1-OUT", f"{wwtp.name}出水", PointKind.SEWAGE_EFFLUENT, assets.get("OUT-1") or wwtp, wwtp, sewage
            )
        SamplingPoint.objects.bulk_create(points)
        return list(SamplingPoint.objects.select_related("asset", "plant").order_by("code"))

    def _network_end_nodes(self) -> list[Asset]:
        try:
            from shuiwu.telemetry.models import Sensor

            ids = list(
                Sensor.objects.filter(code__startswith="NE-", measure="chlorine")
                .order_by("code")
                .values_list("asset_id", flat=True)
            )
        except Exception:  # noqa: BLE001 (telemetry is optional)
            ids = []
        nodes = {a.pk: a for a in Asset.objects.filter(pk__in=ids).select_related("dma")}
        found = [nodes[i] for i in ids if i in nodes]
        return found or self._network_nodes(set(), count=5)

    def _network_nodes(self, exclude: set[int], count: int = NETWORK_POINTS) -> list[Asset]:
        nodes = [
            a
            for a in Asset.objects.filter(kind="junction", system="supply", dma__isnull=False, geometry__isnull=False)
            .select_related("dma")
            .order_by("code")
            if a.pk not in exclude
        ]
        if not nodes:
            return []
        step = max(1, len(nodes) // count)
        return nodes[::step][:count]

    # -- values ---------------------------------------------------------------------------------------------------

    def load_analysers(self, points) -> None:
        """Hourly means of the online analysers at the points: lab values of those parameters follow them."""
        self.analyser: dict[tuple[int, str], dict] = {}
        try:
            from shuiwu.telemetry.models import HourlyRollup
        except ImportError:  # telemetry is optional
            return
        for point in points:
            for code in ("turbidity", "free_chlorine"):
                sensors = services.analyser_sensors(point, self.params[code])
                if not sensors:
                    continue
                rows = HourlyRollup.objects.filter(
                    sensor_id=sensors[0].pk, hour__gte=services.day_start(self.start), count__gt=0
                ).values_list("hour", "total", "count")
                self.analyser[(point.pk, code)] = {hour: total / count for hour, total, count in rows}

    def lab_value(self, code: str, point, at: datetime) -> str:
        online = self.analyser.get((point.pk, code), {}).get(at.replace(minute=0, second=0, microsecond=0))
        if online is None:
            return self.value(code, point.kind)
        # A lab reading close to the analyser's, a little higher on average (the analyser drifts low between
        # calibrations).
        value = max(0.0, online * (1 + self.rng.gauss(0.04, 0.06)))
        return f"{value:.{self.params[code].decimals}f}"

    def value(self, code: str, kind: str) -> str:
        spec = TYPICAL.get(code, {})
        typical = spec.get(kind, spec.get("*", (0.1, 1.0)))
        if isinstance(typical, str):
            return typical
        low, high = typical
        value = self.rng.uniform(low, high)
        decimals = self.params[code].decimals
        return f"{value:.{decimals}f}"

    # -- samples --------------------------------------------------------------------------------------------------

    def history(self, points) -> None:
        services.generate_tasks(self.start, self.today + timedelta(days=1), points=SamplingPoint.objects.all())
        tasks = list(
            SampleTask.objects.filter(due__lt=self.today)
            .select_related("point", "plan")
            .prefetch_related("plan__parameters")
            .order_by("due", "pk")
        )
        missed, taken = [], []
        for task in tasks:
            if task.plan and task.plan.period == "day" and self.rng.random() < MISSED_SHARE:
                missed.append(task.pk)
                continue
            day = task.due
            if task.plan and task.plan.period != "day" and self.rng.random() < LATE_SHARE:
                day = task.due + timedelta(days=self.rng.randint(1, 3))
                if day >= self.today:
                    day = task.due
            taken.append((task, day))
        SampleTask.objects.filter(pk__in=missed).update(status=TaskStatus.MISSED)
        self.counts["missed"] = len(missed)
        self.make_samples(taken)

    def when(self, point: SamplingPoint, day) -> datetime:
        hour = {"raw": 8, "settled": 8, "filtered": 8, "carbon": 8, "plant_outlet": 9}.get(point.kind, 10)
        return datetime.combine(day, time(hour, self.rng.randint(0, 50)), self.tz)

    def make_samples(self, taken: list[tuple[SampleTask, object]], *, overrides: dict | None = None) -> list[Sample]:
        """Samples for tasks, their results judged and approved (the last two days partly still in the lab)."""
        overrides = overrides or {}
        by_year = defaultdict(list)
        for task, day in taken:
            by_year[day.year].append((task, day))
        samples, _pending = [], []
        for year, items in sorted(by_year.items()):
            numbers = iter(numbering.next_numbers(services.SAMPLE_PREFIX, year, len(items)))
            for task, day in items:
                at = overrides.get(task.pk, {}).get("at") or self.when(task.point, day)
                recent = (self.today - day).days <= 1
                status = SampleStatus.APPROVED
                if recent:
                    status = self.rng.choice([SampleStatus.SAMPLED, SampleStatus.ENTERED, SampleStatus.APPROVED])
                sample = Sample(
                    company_id=task.company_id,
                    number=next(numbers),
                    point=task.point,
                    task=task,
                    kind=task.kind,
                    parameter_codes=task.codes(),
                    sampled_at=at,
                    sampled_by=self.technician.first_name if self.technician else "",
                    status=status,
                    entered_by=self.technician if status != SampleStatus.SAMPLED else None,
                    entered_at=at + timedelta(hours=6) if status != SampleStatus.SAMPLED else None,
                    reviewed_by=self.reviewer if status == SampleStatus.APPROVED else None,
                    reviewed_at=at + timedelta(hours=20) if status == SampleStatus.APPROVED else None,
                )
                samples.append(sample)
                task.status, task.taken_at, task.late = TaskStatus.TAKEN, at, day > task.due
        Sample.objects.bulk_create(samples, batch_size=1000)
        SampleTask.objects.bulk_update([t for t, _d in taken], ["status", "taken_at", "late"], batch_size=1000)
        results, failing = [], []
        for sample in samples:
            if sample.status == SampleStatus.SAMPLED:
                continue
            forced = overrides.get(sample.task_id, {}).get("values", {})
            for code in sample.parameter_codes:
                parameter = self.params[code]
                reported = forced.get(code) or self.lab_value(code, sample.point, sample.sampled_at)
                measured = values.parse(reported, qualitative=parameter.qualitative)
                result = Result(
                    sample=sample, parameter=parameter, reported=reported, qualifier=measured.qualifier,
                    value=measured.value,
                )  # fmt: skip
                if sample.status == SampleStatus.APPROVED:
                    services.judge(result, sample.point.kind, self.table)
                    if Verdict.FAIL in (result.national, result.internal):
                        failing.append(result)
                results.append(result)
        Result.objects.bulk_create(results, batch_size=2000)
        self.counts["samples"] += len(samples)
        self.counts["results"] += len(results)
        for result in failing:
            level = "national" if result.national == Verdict.FAIL else "internal"
            limit = result.national_limit if level == "national" else result.internal_limit
            services.open_exceedance(result, level, limit, at=result.sample.reviewed_at or result.sample.sampled_at)
            self.counts["exceedances"] += 1
        return samples

    # -- events ---------------------------------------------------------------------------------------------------

    def storm(self) -> None:
        """A storm: raw turbidity surges, the settled water and then the outlet go over; retest, raised frequency."""
        day = self.today - timedelta(days=STORM_DAYS_AGO)
        raw = {"turbidity": "68"}
        self._event(f"Q-{STORM_PLANT}-U01", day, raw, time(8, 10))
        self._event(f"Q-{STORM_PLANT}-U04", day, {"turbidity": "4.6"}, time(8, 20))
        self._event(f"Q-{STORM_PLANT}-OUT", day, {"turbidity": "1.38"}, time(14, 40), extra=True)

    def low_chlorine(self) -> None:
        day = self.today - timedelta(days=LOW_CHLORINE_DAYS_AGO)
        self._event("Q-NE-01", day, {"free_chlorine": "0.03"}, time(10, 5), extra=True)

    def _event(self, code: str, day, forced: dict, at: time, extra: bool = False) -> None:
        point = SamplingPoint.objects.filter(code=code).first()
        if point is None:
            return
        when = datetime.combine(day, at, self.tz)
        if extra:
            task = SampleTask.objects.create(
                company_id=point.company_id, point=point, kind=TaskKind.ROUTINE,
                window_start=day, due=day, parameter_codes=list(forced), reason="",
            )  # fmt: skip
            self.make_samples([(task, day)], overrides={task.pk: {"at": when, "values": forced}})
            return
        result = (
            Result.objects.filter(sample__point=point, parameter__code__in=list(forced), sample__task__due=day)
            .select_related("sample", "parameter")
            .first()
        )
        if result is None:
            return
        result.reported = forced[result.parameter.code]
        m = values.parse(result.reported)
        result.qualifier, result.value = m.qualifier, m.value
        services.judge(result, point.kind, self.table)
        result.save()
        if Verdict.FAIL in (result.national, result.internal):
            level = "national" if result.national == Verdict.FAIL else "internal"
            limit = result.national_limit if level == "national" else result.internal_limit
            services.open_exceedance(result, level, limit, at=result.sample.reviewed_at or when)
            self.counts["exceedances"] += 1

    def follow_up(self) -> None:
        """Retests and raised-frequency samples that are due before today pass (the cause was dealt with)."""
        for _round in range(2):
            services.generate_tasks(self.start, self.today, points=SamplingPoint.objects.all())
            due = list(
                SampleTask.objects.filter(
                    kind__in=[TaskKind.RETEST, TaskKind.ESCALATED], status=TaskStatus.OPEN, due__lt=self.today
                ).select_related("point")
            )
            if not due:
                break
            overrides = {}
            for task in due:
                exc = Exceedance.objects.filter(retest=task).select_related("result__sample").first()
                at = (exc.result.sample.sampled_at + timedelta(hours=3)) if exc else None
                overrides[task.pk] = {"at": at, "values": {}}
            self.make_samples([(t, t.due) for t in due], overrides=overrides)
            for task in due:
                if task.kind == TaskKind.RETEST:
                    for code in task.codes():
                        for exc in Exceedance.objects.filter(
                            point=task.point, parameter__code=code, status="open"
                        ).select_related("parameter"):
                            services.resolve_exceedances(task.point, exc.parameter, task.taken_at)


def _lonlat(asset) -> tuple[float | None, float | None]:
    geometry = getattr(asset, "geometry", None) or {}
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return round(lon, 6), round(lat, 6)
    return None, None


def _dma_name(node) -> str:
    return node.dma.name if getattr(node, "dma", None) else ""


@demo.part("quality", after=("assets", "telemetry", "work"), label="Water-quality lab")
def build(ctx):
    Rule.objects.update_or_create(
        key="quality.population_served",
        defaults={"value": POPULATION, "source": "Demo city (DESIGN.md: ~700,000 people)", "local_policy": True},
    )
    lab = Lab(ctx)
    points = lab.points()
    lab.load_analysers(points)
    lab.history(points)
    lab.storm()
    lab.low_chlorine()
    lab.follow_up()
    services.flag_missed(lab.today)
    return {
        "points": len(points),
        "tasks": SampleTask.objects.count(),
        "samples": lab.counts["samples"],
        "results": lab.counts["results"],
        "missed": SampleTask.objects.filter(status=TaskStatus.MISSED).count(),
        "exceedances": Exceedance.objects.count(),
        "open_exceedances": Exceedance.objects.filter(status="open").count(),
        "points_per_20000": math.ceil(POPULATION / 20000),
    }
