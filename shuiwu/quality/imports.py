"""Bulk import of instrument results (CSV or Excel), one determination a row; all or nothing.

Columns (Chinese or English headings): 样品编号/sample, or 采样点/point with 采样时间/sampled_at; 检测项目/parameter;
结果/value; 单位/unit (optional, checked against the parameter's unit). A bad row rejects the whole file, and
every error names its row.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shuiwu.quality import services, values
from shuiwu.quality.choices import TaskStatus
from shuiwu.quality.models import Parameter, Sample, SampleTask, SamplingPoint

HEADINGS = {
    "sample": ("sample", "样品编号", "样品号", "样品"),
    "point": ("point", "采样点", "采样点编号", "点位", "点位编号"),
    "sampled_at": ("sampled_at", "采样时间", "采样日期"),
    "parameter": ("parameter", "检测项目", "项目", "指标"),
    "value": ("value", "结果", "检测结果", "检测值"),
    "unit": ("unit", "单位"),
}
MAX_ROWS = 20000


class ImportRejected(ValidationError):
    """The file was refused; ``errors`` lists each problem with its row."""

    def __init__(self, errors: list[str]):
        super().__init__({"file": errors})
        self.errors = errors


@dataclass
class ImportReport:
    rows: int = 0
    samples_created: int = 0
    samples_updated: int = 0
    results: int = 0
    sample_numbers: list[str] = field(default_factory=list)


def _norm(text) -> str:
    return "".join(str(text or "").split()).lower()


def _unit(text) -> str:
    return _norm(text).replace("（", "(").replace("）", ")").replace("μ", "u")


def read_rows(content: bytes, filename: str) -> list[list]:
    """The file's rows as lists of cells (the first is the heading)."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportRejected([_("Not a readable Excel workbook.")]) from exc
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if name.endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRejected([_("The CSV file is neither UTF-8 nor GB18030 text.")])
        return list(csv.reader(io.StringIO(text)))
    raise ImportRejected([_("Upload a .csv or .xlsx file.")])


def _columns(heading: list) -> dict[str, int]:
    found = {}
    labels = [_norm(h) for h in heading]
    for key, names in HEADINGS.items():
        for i, label in enumerate(labels):
            if label in {_norm(n) for n in names}:
                found[key] = i
                break
    return found


def _when(raw) -> datetime | None:
    if isinstance(raw, datetime):
        return timezone.make_aware(raw) if timezone.is_naive(raw) else raw
    if isinstance(raw, date):
        return services.day_start(raw)
    text = str(raw or "").strip().replace("/", "-")
    if not text:
        return None
    at = parse_datetime(text if " " in text or "T" in text else f"{text} 00:00")
    if at is None:
        return None
    return timezone.make_aware(at) if timezone.is_naive(at) else at


def _parameter_index() -> dict[str, Parameter]:
    index = {}
    for p in Parameter.objects.filter(active=True):
        for name in [p.code, p.name, p.name_en, *(p.aliases or [])]:
            if name:
                index.setdefault(_norm(name), p)
    return index


def import_results(content: bytes, filename: str, *, user) -> ImportReport:
    rows = read_rows(content, filename)
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise ImportRejected([_("The file is empty.")])
    if len(rows) > MAX_ROWS + 1:
        raise ImportRejected([_("At most %(n)s rows per file.") % {"n": MAX_ROWS}])
    cols = _columns(rows[0])
    missing = [k for k in ("parameter", "value") if k not in cols]
    if "sample" not in cols and not ("point" in cols and "sampled_at" in cols):
        missing.append("sample / point + sampled_at")
    if missing:
        raise ImportRejected([_("Missing column: %(names)s") % {"names": ", ".join(missing)}])
    params = _parameter_index()
    samples = {s.number: s for s in Sample.objects.restrict(user)} if "sample" in cols else {}
    points = {p.code: p for p in SamplingPoint.objects.restrict(user).filter(active=True)} if "point" in cols else {}
    errors: list[str] = []
    groups: OrderedDict = OrderedDict()

    def cell(row, key):
        i = cols.get(key)
        return row[i] if i is not None and i < len(row) else None

    for n, row in enumerate(rows[1:], start=2):

        def fail(message, n=n):
            errors.append(_("Row %(row)s: %(message)s") % {"row": n, "message": message})

        number = str(cell(row, "sample") or "").strip()
        if number:
            sample = samples.get(number)
            if sample is None:
                fail(_("no sample %(number)s in your scope.") % {"number": number})
                continue
            if not sample.editable:
                fail(_("sample %(number)s is under review or approved.") % {"number": number})
                continue
            key = ("sample", number)
        else:
            code = str(cell(row, "point") or "").strip()
            point = points.get(code)
            if point is None:
                fail(_("no active sampling point “%(code)s” in your scope.") % {"code": code})
                continue
            at = _when(cell(row, "sampled_at"))
            if at is None:
                fail(_("“%(text)s” is not a date and time.") % {"text": cell(row, "sampled_at") or ""})
                continue
            key = ("new", point.pk, at)
        label = str(cell(row, "parameter") or "").strip()
        parameter = params.get(_norm(label))
        if parameter is None:
            fail(_("unknown parameter “%(name)s”.") % {"name": label})
            continue
        unit = cell(row, "unit")
        if unit not in (None, "") and _unit(unit) != _unit(parameter.unit):
            fail(
                _("unit “%(unit)s” does not match %(name)s, which is in “%(expected)s”.")
                % {"unit": unit, "name": parameter.name, "expected": parameter.unit or "—"}
            )
            continue
        raw = cell(row, "value")
        try:
            values.parse(raw, qualitative=parameter.qualitative)
        except values.ValueError_ as exc:
            fail(services.reason_text(exc.reason, exc.text))
            continue
        entries = groups.setdefault(key, OrderedDict())
        if parameter.code in entries:
            fail(_("%(name)s appears twice for the same sample.") % {"name": parameter.name})
            continue
        entries[parameter.code] = raw if not isinstance(raw, float) else repr(raw)
    if errors:
        raise ImportRejected(errors)
    report = ImportReport(rows=len(rows) - 1)
    with transaction.atomic():
        for key, entries in groups.items():
            if key[0] == "sample":
                sample = samples[key[1]]
                report.samples_updated += 1
            else:
                point = next(p for p in points.values() if p.pk == key[1])
                day = timezone.localtime(key[2]).date()
                task = (
                    SampleTask.objects.filter(
                        point=point,
                        status__in=[TaskStatus.OPEN, TaskStatus.MISSED],
                        window_start__lte=day,
                        due__gte=day,
                    )
                    .order_by("due", "pk")
                    .first()
                )
                sample = services.take_sample(
                    user=user, point=point, task=task, sampled_at=key[2], parameter_codes=list(entries)
                )
                report.samples_created += 1
            complete = set(sample.parameter_codes) <= set(entries) | set(
                sample.results.values_list("parameter__code", flat=True)
            )
            services.enter_results(sample, dict(entries), user=user, submit=complete)
            report.results += len(entries)
            report.sample_numbers.append(sample.number)
    return report
