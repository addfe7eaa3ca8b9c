"""Reports: KPI values, the half-year scorecard and its narrative, composed from the apps' ``summary()``.

The scorecard never queries another app's tables: for each company and period it calls each app's
``summary(company, start, end, user=...)`` once (and once more for the same period a year earlier), picks
the catalogue's figures out of the result and computes the formula KPIs over them. An app that is not
installed (or whose summary fails) gives a section that says the figures are not available.
"""

from __future__ import annotations

import calendar
import importlib
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shuiwu.core import scope
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company
from shuiwu.reports import formulas
from shuiwu.reports.choices import Direction, Section
from shuiwu.reports.models import Kpi

log = logging.getLogger(__name__)

GROUP_CODE = "GROUP"


# -- periods -----------------------------------------------------------------------------------------------------


def month_period(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def half_year_period(year: int, half: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def last_half_year(today: date | None = None) -> tuple[date, date]:
    """The newest half-year that has ended by ``today``."""
    today = today or timezone.localdate()
    return half_year_period(today.year, 1) if today.month >= 7 else half_year_period(today.year - 1, 2)


def last_month(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    first = today.replace(day=1) - timedelta(days=1)
    return month_period(first.year, first.month)


PERIOD_RE = re.compile(r"^(\d{4})(?:(?:-?H([12]))|(?:-(\d{1,2})))?$", re.IGNORECASE)


def parse_period(text: str) -> tuple[date, date]:
    """``2025H1``, ``2025-H2``, ``2025-06`` or ``2025`` as (start, end); ValueError otherwise."""
    match = PERIOD_RE.match((text or "").strip())
    if not match:
        raise ValueError(_("A period is written 2025H1, 2025H2, 2025-06 or 2025."))
    year, half, month = int(match[1]), match[2], match[3]
    if half:
        return half_year_period(year, int(half))
    if month:
        if not 1 <= int(month) <= 12:
            raise ValueError(_("A month is 1 to 12."))
        return month_period(year, int(month))
    return date(year, 1, 1), date(year, 12, 31)


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def compare_period(start: date, end: date) -> tuple[date, date]:
    """The same period a year earlier (a whole month stays a whole month)."""
    if start.day == 1 and end == month_period(end.year, end.month)[1]:
        return date(start.year - 1, start.month, 1), month_period(end.year - 1, end.month)[1]
    return year_before(start), year_before(end)


def period_label(start: date, end: date, language: str | None = None) -> str:
    """ "2025年上半年" / "the first half of 2025", "2025年6月" / "June 2025", or the two days."""
    zh = (language or get_language() or "zh-hans").lower().startswith("zh")
    if (start, end) == half_year_period(start.year, 1) or (start, end) == half_year_period(start.year, 2):
        first = start.month == 1
        if zh:
            return f"{start.year}年{'上' if first else '下'}半年"
        return f"the {'first' if first else 'second'} half of {start.year}"
    if (start, end) == month_period(start.year, start.month):
        return f"{start.year}年{start.month}月" if zh else f"{calendar.month_name[start.month]} {start.year}"
    if (start, end) == (date(start.year, 1, 1), date(start.year, 12, 31)):
        return f"{start.year}年" if zh else str(start.year)
    return f"{start:%Y-%m-%d}至{end:%Y-%m-%d}" if zh else f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# -- the catalogue -------------------------------------------------------------------------------------------------


def catalogue() -> list[Kpi]:
    return list(Kpi.objects.filter(active=True).order_by("order", "code"))


def app_available(app: str) -> bool:
    """Whether ``app`` is installed and has a ``summary()`` service."""
    if not django_apps.is_installed(f"shuiwu.{app}"):
        return False
    try:
        module = importlib.import_module(f"shuiwu.{app}.services")
    except ImportError:
        return False
    return callable(getattr(module, "summary", None))


def source_app(kpi: Kpi) -> str | None:
    return kpi.source.split(".", 1)[0] if kpi.source else None


def pick(data, path: str):
    """The value at ``a.b.c`` in nested dicts, or None."""
    value = data
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def to_decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool | dict | list):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def meets(kpi: Kpi, value: Decimal | None) -> bool | None:
    if value is None or kpi.target is None or kpi.direction == Direction.NONE:
        return None
    return value >= kpi.target if kpi.direction == Direction.HIGHER else value <= kpi.target


def fmt(value: Decimal | None, decimals: int) -> str:
    if value is None:
        return "—"
    return f"{value:,.{decimals}f}"


def number(value: Decimal | None):
    """A JSON-friendly number: an int when whole, else a float."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)


def drill_url(kpi: Kpi, company: Company | None, start: date, end: date) -> str | None:
    """The list page behind a figure, filtered to the period and company (None if the page is not there)."""
    if not kpi.drill:
        return None
    name, _sep, query = kpi.drill.partition("?")
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    values = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "since": _local_midnight(start).isoformat(),
        "until": _local_midnight(end + timedelta(days=1)).isoformat(),
        "company": company.code if company is not None else "",
        "company_id": str(company.pk) if company is not None else "",
    }
    params = []
    for pair in filter(None, query.split("&")):
        key, _eq, template = pair.partition("=")
        try:
            value = template.format(**values)
        except (KeyError, IndexError, ValueError):
            continue
        if value != "":
            params.append((key, value))
    return url + ("?" + urlencode(params) if params else "")


# -- computing ---------------------------------------------------------------------------------------------------


class Summaries:
    """Each app's summary for one company and period, computed at most once (None: not available)."""

    def __init__(self, company: Company | None, start: date, end: date, user=None):
        self.company, self.start, self.end, self.user = company, start, end, user
        self._cache: dict[str, dict | None] = {}
        self.errors: dict[str, str] = {}

    def get(self, app: str) -> dict | None:
        if app not in self._cache:
            self._cache[app] = self._compute(app)
        return self._cache[app]

    def _compute(self, app: str) -> dict | None:
        if not app_available(app):
            self.errors[app] = "not installed"
            return None
        module = importlib.import_module(f"shuiwu.{app}.services")
        try:
            return module.summary(self.company, self.start, self.end, user=self.user)
        except Exception as exc:  # one failing app must not take the whole scorecard down
            log.exception("reports: %s.summary failed for %s %s–%s", app, self.company, self.start, self.end)
            self.errors[app] = f"{type(exc).__name__}: {exc}"
            return None


def kpi_values(kpis: list[Kpi], summaries: Summaries) -> dict[str, Decimal | None]:
    """Each KPI's value (rounded to its decimals) for one company and period."""
    values: dict[str, Decimal | None] = {}
    raw: dict[str, Decimal | None] = {}
    for kpi in kpis:
        if kpi.source:
            app, _dot, path = kpi.source.partition(".")
            data = summaries.get(app)
            value = to_decimal(pick(data, path)) if data is not None else None
            raw[kpi.code] = None if value is None else value * kpi.scale
    pending = [kpi for kpi in kpis if kpi.formula]
    for _round in range(len(pending) + 1):  # formulas over formulas: resolve in as many passes as needed
        left = []
        for kpi in pending:
            try:
                needed = formulas.names(kpi.formula)
            except ValueError:
                raw[kpi.code] = None
                continue
            if any(name in {p.code for p in pending if p is not kpi} for name in needed):
                left.append(kpi)
                continue
            value = formulas.evaluate(kpi.formula, raw)
            raw[kpi.code] = None if value is None else value * kpi.scale
        if len(left) == len(pending):
            for kpi in left:
                raw[kpi.code] = None
            break
        pending = left
    for kpi in kpis:
        values[kpi.code] = rounded(raw.get(kpi.code), kpi.decimals)
    return values


def _apps_of(kpis: list[Kpi], by_code: dict[str, Kpi]) -> set[str]:
    """The apps whose summaries the KPIs need, formulas followed to their operands."""
    needed, seen = set(), set()

    def visit(kpi):
        if kpi.code in seen:
            return
        seen.add(kpi.code)
        if kpi.source:
            needed.add(source_app(kpi))
        else:
            try:
                names = formulas.names(kpi.formula)
            except ValueError:
                return
            for name in names:
                if name in by_code:
                    visit(by_code[name])

    for kpi in kpis:
        visit(kpi)
    return needed


def _formula_apps(kpi: Kpi, by_code: dict[str, Kpi]) -> set[str]:
    return _apps_of([kpi], by_code)


@dataclass
class Unit:
    """What one scorecard column is about: the whole group (company None) or one company."""

    company: Company | None
    code: str
    name: str
    kind: str


def units_for(user, company: Company | None = None) -> list[Unit]:
    """The group (for group-wide users) and each company in scope, or just ``company``."""
    if company is not None:
        if user is not None and not scope.can_access_company(user, company.pk):
            raise PermissionDenied(_("That company is outside your scope."))
        kind = CompanyKind.GROUP if company.kind == CompanyKind.GROUP else company.kind
        if kind == CompanyKind.GROUP:
            return [Unit(None, company.code, str(company), CompanyKind.GROUP)]
        return [Unit(company, company.code, str(company), company.kind)]
    ids = scope.company_ids(user) if user is not None else None
    companies = Company.objects.exclude(kind=CompanyKind.GROUP).order_by("code")
    units = []
    if ids is None:
        group = Company.objects.filter(kind=CompanyKind.GROUP).order_by("code").first()
        units.append(Unit(None, group.code if group else GROUP_CODE, str(group) if group else _("Group"), "group"))
    else:
        companies = companies.filter(pk__in=ids)
    kinds = list(CompanyKind.values)
    units.extend(
        Unit(c, c.code, str(c), c.kind) for c in sorted(companies, key=lambda c: (kinds.index(c.kind), c.code))
    )
    return units


def _change(value: Decimal | None, before: Decimal | None) -> float | None:
    if value is None or before is None or before == 0:
        return None
    return round(float((value - before) / abs(before) * 100), 1)


def _name(kpi: Kpi, zh: bool) -> str:
    return kpi.name if zh else kpi.name_en


def scorecard(
    start: date, end: date, *, user=None, company: Company | None = None, compare: bool = True, every_kpi: bool = False
) -> dict:
    """The scorecard of a period: per unit (the group and each company in scope, or one company) its sections
    of KPIs with this period's value, last year's, the target and whether it is met, drill-down links, and
    the narrative in Chinese and English."""
    if start > end:
        raise ValidationError({"end": _("The end comes before the start.")})
    kpis = catalogue()
    by_code = {k.code: k for k in kpis}
    before_start, before_end = compare_period(start, end)
    zh = (get_language() or "zh-hans").lower().startswith("zh")
    units = units_for(user, company)
    available = {app: app_available(app) for app in Section.values}
    out_units = []
    for unit in units:
        applicable = [k for k in kpis if k.applies_to(unit.kind)]
        if not applicable:
            continue
        now = Summaries(unit.company, start, end, user)
        then = Summaries(unit.company, before_start, before_end, user) if compare else None
        values = kpi_values(applicable, now)
        previous = kpi_values(applicable, then) if then is not None else {}
        sections = []
        for key, label in Section.choices:
            rows = []
            for kpi in applicable:
                if kpi.section != key or not (kpi.on_scorecard or every_kpi):
                    continue
                needs = _formula_apps(kpi, by_code)
                missing = sorted(app for app in needs if not available.get(app, False))
                value = values.get(kpi.code)
                rows.append(
                    {
                        "code": kpi.code,
                        "name": kpi.name,
                        "name_en": kpi.name_en,
                        "label": _name(kpi, zh),
                        "unit": kpi.unit,
                        "decimals": kpi.decimals,
                        "value": number(value),
                        "display": fmt(value, kpi.decimals),
                        "last_year": number(previous.get(kpi.code)),
                        "last_year_display": fmt(previous.get(kpi.code), kpi.decimals) if compare else "",
                        "change_percent": _change(value, previous.get(kpi.code)),
                        "target": number(kpi.target),
                        "direction": kpi.direction,
                        "meets": meets(kpi, value),
                        "standard": kpi.standard,
                        "local_policy": kpi.local_policy,
                        "available": value is not None,
                        "missing_apps": missing,
                        "drill": drill_url(kpi, unit.company, start, end),
                    }
                )
            if not rows:
                continue
            if not available.get(key, False):
                sections.append(
                    {"key": key, "label": str(label), "available": False, "reason": "not installed", "rows": []}
                )
                continue
            error = now.errors.get(key)
            sections.append(
                {"key": key, "label": str(label), "available": error is None, "reason": error or "", "rows": rows}
            )
        out_units.append(
            {
                "code": unit.code,
                "company": unit.company.code if unit.company else None,
                "name": unit.name,
                "kind": unit.kind,
                "group": unit.company is None,
                "narrative": {
                    "zh": narrative(applicable, values, unit, start, end, "zh-hans"),
                    "en": narrative(applicable, values, unit, start, end, "en"),
                },
                "sections": sections,
            }
        )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "label": period_label(start, end),
        "compare_start": before_start.isoformat() if compare else None,
        "compare_end": before_end.isoformat() if compare else None,
        "generated_at": timezone.now().isoformat(),
        "units": out_units,
    }


PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def narrative(kpis: list[Kpi], values: dict, unit: Unit, start: date, end: date, language: str) -> str:
    """ "2025年上半年，供水公司共完成管网巡查 6,116 次，出动人员 7,497 人次；…" from the KPIs' phrases,
    then the targets missed (or that all were met)."""
    zh = language.startswith("zh")
    by_code = {k.code: k for k in kpis}
    parts = []
    for kpi in kpis:
        template = kpi.phrase if zh else kpi.phrase_en
        if not template or not kpi.on_scorecard:
            continue
        codes = PLACEHOLDER.findall(template)
        if any(values.get(code) is None or code not in by_code for code in codes):
            continue
        if codes and values[codes[0]] == 0:  # "held 0 drills" says nothing
            continue
        parts.append(PLACEHOLDER.sub(lambda m: fmt(values[m[1]], by_code[m[1]].decimals), template))
    label = period_label(start, end, language)
    missed = [k for k in kpis if k.on_scorecard and meets(k, values.get(k.code)) is False]
    judged = [k for k in kpis if k.on_scorecard and meets(k, values.get(k.code)) is not None]
    name = unit.name
    if zh:
        text = f"{label}，{name}共" + "；".join(parts) + "。" if parts else f"{label}，{name}暂无可统计的业务数据。"
        if missed:
            text += (
                "未达目标："
                + "；".join(
                    f"{k.name} {fmt(values[k.code], k.decimals)}{k.unit}（目标{'≥' if k.direction == 'higher' else '≤'}"
                    f"{fmt(k.target, k.decimals)}{k.unit}）"
                    for k in missed
                )
                + "。"
            )
        elif judged:
            text += f"{len(judged)} 项考核指标均达到目标。"
        return text
    text = f"In {label}, {name} " + "; ".join(parts) + "." if parts else f"In {label}, {name} has no figures yet."
    if missed:
        text += (
            " Below target: "
            + "; ".join(
                f"{k.name_en} {fmt(values[k.code], k.decimals)} {k.unit} "
                f"(target {'≥' if k.direction == 'higher' else '≤'} {fmt(k.target, k.decimals)} {k.unit})"
                for k in missed
            )
            + "."
        )
    elif judged:
        text += f" All {len(judged)} targeted figures met their targets."
    return text


def values_table(start: date, end: date, *, user=None, company: Company | None = None) -> list[dict]:
    """The KPI values of a period as flat rows (unit, KPI, value, last year, target), for the API and exports."""
    card = scorecard(start, end, user=user, company=company)
    rows = []
    for unit in card["units"]:
        for section in unit["sections"]:
            for row in section["rows"]:
                rows.append({**row, "scope": unit["code"], "company": unit["company"], "section": section["key"]})
    return rows


# -- the group dashboard -----------------------------------------------------------------------------------------

DASHBOARD_SECONDS = 120
COMPANY_COLUMNS = ("repairs", "orders_open", "repair_on_time", "rounds_done_percent", "alarms_open", "drills")


def _figure(unit: dict, code: str) -> dict | None:
    for section in unit["sections"]:
        for row in section["rows"]:
            if row["code"] == code:
                return row
    return None


def _cache_key(user, today: date) -> str:
    ids = scope.company_ids(user) if user is not None else None
    who = "all" if ids is None else "-".join(str(i) for i in sorted(ids))
    return f"reports:dashboard:{today.isoformat()}:{who}:{get_language()}"


def dashboard(user=None, *, today: date | None = None, fresh: bool = False) -> dict:
    """Today and this month for the group and each company in scope, from the apps' summaries.

    Kept in the cache for two minutes: a control-room screen that refreshes itself costs one computation
    per scope and language, not one per screen.
    """
    from django.core.cache import cache

    today = today or timezone.localdate()
    key = _cache_key(user, today)
    if not fresh:
        hit = cache.get(key)
        if hit is not None:
            return hit
    month_start = today.replace(day=1)
    card = scorecard(month_start, today, user=user, compare=False, every_kpi=True)
    units = card["units"]
    group = units[0] if units else None
    data = {
        "today": today.isoformat(),
        "month": period_label(*month_period(today.year, today.month)),
        "generated_at": timezone.localtime().strftime("%H:%M"),
        "tiles": _tiles(group, user, today) if group else [],
        "companies": [
            {
                "code": unit["code"],
                "name": unit["name"],
                "group": unit["group"],
                "figures": {code: _figure(unit, code) for code in COMPANY_COLUMNS},
            }
            for unit in units
        ],
        "supply": _supply_series(user, today),
        "loss": _loss_series(user, today),
    }
    cache.set(key, data, DASHBOARD_SECONDS)
    return data


def _tile(label, row: dict | None, *, sub: str = "", url: str | None = None, value: str | None = None) -> dict:
    status = None if row is None else row.get("meets")
    return {
        "label": label,
        "value": value if value is not None else (row["display"] if row else "—"),
        "unit": row["unit"] if row and value is None else "",
        "sub": sub,
        "url": url or (row["drill"] if row else None),
        "status": "ok" if status is True else "bad" if status is False else "",
    }


def _today_summary(app: str, user, day: date) -> dict | None:
    summaries = Summaries(None, day, day, user)
    return summaries.get(app)


def _tiles(group: dict, user, today: date) -> list[dict]:
    tiles = []
    supply = _supply_today(user, today)
    if supply is not None:
        tiles.append(supply)
    f = lambda code: _figure(group, code)  # noqa: E731
    month = Summaries(None, today.replace(day=1), today, user)
    work = month.get("work")
    if work is not None:
        breaches = (work.get("sla_evaluated") or 0) - (work.get("sla_met") or 0)
        tiles.append(
            _tile(
                _("Open work orders"),
                f("orders_open"),
                sub=_("%(n)s SLA breaches this month") % {"n": f"{breaches:,}"},
            )
        )
    rounds = _today_summary("inspections", user, today)
    if rounds is not None:
        tiles.append(
            {
                "label": _("Rounds today"),
                "value": f"{rounds['rounds_done']:,} / {rounds['rounds_planned']:,}",
                "unit": "",
                "sub": _("done / planned"),
                "url": _url("inspections:today"),
                "status": "",
            }
        )
    for code, label in (
        ("alarms_open", _("Active alarms")),
        ("composite_pass_rate", _("Water-quality pass rate")),
        ("pressure_pass_rate", _("Pressure pass rate")),
        ("arrears", _("Arrears")),
        ("projects_done", _("Projects, work done")),
    ):
        row = f(code)
        if row is None:
            continue
        sub = _("this month")
        if code == "projects_done":
            laid, planned = f("km_laid"), f("km_planned")
            if laid and planned:
                sub = _("%(laid)s of %(planned)s km laid") % {"laid": laid["display"], "planned": planned["display"]}
        if row.get("target") is not None:
            sign = "≥" if row["direction"] == "higher" else "≤"
            sub += " · " + _("target %(t)s") % {"t": f"{sign}{row['target']}"}
        tiles.append(_tile(label, row, sub=sub))
    return tiles


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _supply_today(user, today: date) -> dict | None:
    if not app_available("telemetry"):
        return None
    values = {}
    for key, day in (("today", today), ("yesterday", today - timedelta(days=1)), ("last_year", year_before(today))):
        data = _today_summary("telemetry", user, day)
        values[key] = to_decimal(data.get("supply_m3")) if data else None
    if values["today"] is None and values["yesterday"] is None:
        return None  # no plant outflow in scope (a sewage manager's dashboard)
    subs = []
    for key, label in (("yesterday", _("yesterday")), ("last_year", _("a year ago"))):
        if values[key] is not None:
            subs.append(f"{label} {fmt(values[key], 0)}")
    return {
        "label": _("Supply today"),
        "value": fmt(values["today"], 0),
        "unit": "m³",
        "sub": " · ".join(subs),
        "url": _url("telemetry:supply"),
        "status": "",
    }


def _supply_series(user, today: date) -> dict | None:
    """The last 30 days' supply beside the same days a year earlier (telemetry's daily supply service)."""
    if not app_available("telemetry"):
        return None
    from shuiwu.telemetry.services import daily_supply

    start = today - timedelta(days=29)
    now = daily_supply(start, today, user=user)
    then = daily_supply(year_before(start), year_before(today), user=user)
    if all(v is None for v in now["city"] + then["city"]):
        return None
    return {
        "days": [d[5:] for d in now["days"]],
        "this_year": now["city"],
        "last_year": then["city"][: len(now["city"])],
    }


def _loss_series(user, today: date, months: int = 6) -> dict | None:
    """The CJJ 92 loss rate and NRW of the last full months (analytics' summary, month by month)."""
    if not app_available("analytics"):
        return None
    labels, loss, nrw = [], [], []
    year, month = today.year, today.month
    points = []
    for _i in range(months):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        points.append((year, month))
    for y, m in reversed(points):
        data = Summaries(None, *month_period(y, m), user).get("analytics") or {}
        labels.append(f"{y}-{m:02d}")
        loss.append(data.get("loss_rate_bl_percent"))
        nrw.append(data.get("nrw_percent"))
    if all(v is None for v in loss + nrw):
        return None
    return {"months": labels, "loss_rate_bl": loss, "nrw": nrw}


# -- reports kept for download -----------------------------------------------------------------------------------


def produce(kind: str, start: date, end: date, *, company: Company | None = None, user=None):
    """Compute the scorecard of a period and keep it as Excel and PDF (replacing an earlier one of the same
    kind, company and period). ``company`` None: the whole group with each company."""
    from django.core.files.base import ContentFile
    from django.db import transaction

    from shuiwu.reports import exports
    from shuiwu.reports.models import Report

    if company is not None and user is not None and not scope.can_access_company(user, company.pk):
        raise PermissionDenied(_("That company is outside your scope."))
    if company is None and user is not None and not scope.is_group_wide(user):
        raise PermissionDenied(_("Only group-wide users produce the group's reports."))
    card = scorecard(start, end, user=user, company=company)
    xlsx, pdf = exports.scorecard_xlsx(card), exports.scorecard_pdf(card)
    stem = f"{kind}-{company.code if company else 'GROUP'}-{start:%Y%m%d}-{end:%Y%m%d}"
    with transaction.atomic():
        old = Report.objects.filter(kind=kind, company=company, start=start, end=end)
        for report in old:
            for field in (report.xlsx, report.pdf):
                if field:
                    field.delete(save=False)
        old.delete()
        report = Report(kind=kind, company=company, start=start, end=end, figures=card, produced_by=user)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.save()
    return report


def produce_due(today: date | None = None) -> list:
    """The scheduled reports: last month's and the last half-year's, for the group and for each company,
    unless they are already kept."""
    from shuiwu.reports.choices import ReportKind
    from shuiwu.reports.models import Report

    today = today or timezone.localdate()
    made = []
    companies = [None, *Company.objects.exclude(kind=CompanyKind.GROUP).order_by("code")]
    for kind, (start, end) in ((ReportKind.MONTHLY, last_month(today)), (ReportKind.HALF_YEAR, last_half_year(today))):
        for company in companies:
            if Report.objects.filter(kind=kind, company=company, start=start, end=end).exists():
                continue
            made.append(produce(kind, start, end, company=company))
    return made
