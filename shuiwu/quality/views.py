"""Pages of the lab: the bench, samples and their entry and review, the results grid, trends, compliance, the
monthly disclosure, the import, and the lists of points, plans, parameters, limits, tasks and exceedances."""

from collections import OrderedDict
from datetime import date, timedelta

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.quality import certificate, filters, forms, imports, services
from shuiwu.quality.choices import (
    DRINKING_KINDS,
    EXCEEDANCE_COLOURS,
    POINT_COLOURS,
    SAMPLE_COLOURS,
    TASK_COLOURS,
    VERDICT_COLOURS,
    ExceedanceStatus,
    PointKind,
    SampleStatus,
    StandardKind,
    TaskStatus,
)
from shuiwu.quality.models import (
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
)


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):
            return " ".join(f"{k}: {m}" if k not in ("__all__", "results", "note") else m
                            for k, ms in exc.message_dict.items() for m in ms)  # fmt: skip
        return " ".join(exc.messages)
    return str(exc) or _("That did not work.")


def badge(colour: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)


# -- tables --------------------------------------------------------------------------------------------------------


class SamplingPointTable(BaseTable):
    code = LinkColumn()

    class Meta(BaseTable.Meta):
        model = SamplingPoint
        fields = ("code", "name", "kind", "plant", "address", "active", "company")


class PlanTable(BaseTable):
    name = LinkColumn()
    frequency = tables.Column(verbose_name=gettext_lazy("frequency"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Plan
        fields = ("code", "name", "frequency", "grade", "local_policy", "active")

    def render_frequency(self, record):
        return frequency_text(record)


class ParameterTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Parameter
        fields = ("code", "name", "name_en", "unit", "group", "value_type", "analyser_measure", "active")


class LimitTable(BaseTable):
    parameter = tables.Column(linkify=lambda record: record.get_absolute_url())
    text = tables.Column(verbose_name=gettext_lazy("limit"), empty_values=(), orderable=False)
    point_kinds = tables.Column(verbose_name=gettext_lazy("only at"), orderable=False)

    class Meta(BaseTable.Meta):
        model = Limit
        fields = ("parameter", "standard", "text", "point_kinds", "grade", "confirmed", "note")

    def render_text(self, record):
        return record.text

    def render_point_kinds(self, value):
        return "、".join(str(PointKind(k).label) for k in value) if value else "—"

    def render_confirmed(self, value):
        return "✓" if value else badge("warning", _("unconfirmed"))


class SampleTaskTable(BaseTable):
    due = tables.DateColumn(format="Y-m-d", linkify=lambda record: record.get_absolute_url())
    point = tables.Column(linkify=lambda record: record.point.get_absolute_url())
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = SampleTask
        fields = ("due", "point", "plan", "kind", "window_start", "status", "late", "taken_at", "reason")

    def render_status(self, value, record):
        return badge(TASK_COLOURS.get(record.status, "light"), value)


class SampleTable(BaseTable):
    number = LinkColumn()
    point = tables.Column(linkify=lambda record: record.point.get_absolute_url())
    status = tables.Column()
    sampled_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Sample
        fields = ("number", "point", "kind", "sampled_at", "sampled_by", "status", "company")

    def render_status(self, value, record):
        return badge(SAMPLE_COLOURS.get(record.status, "light"), value)


class ExceedanceTable(BaseTable):
    detected_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=lambda record: record.get_absolute_url())
    point = tables.Column(linkify=lambda record: record.point.get_absolute_url())
    status = tables.Column()
    level = tables.Column()

    class Meta(BaseTable.Meta):
        model = Exceedance
        fields = ("detected_at", "point", "parameter", "reported", "limit_text", "level", "status", "ticket")

    def render_status(self, value, record):
        return badge(EXCEEDANCE_COLOURS.get(record.status, "light"), value)

    def render_level(self, value, record):
        return badge("danger" if record.level == "national" else "warning", value)


def frequency_text(plan: Plan) -> str:
    period = plan.get_period_display()
    every = _("every %(n)s × %(period)s") % {"n": plan.every, "period": period} if plan.every > 1 else period
    return _("%(times)s per %(every)s") % {"times": plan.times, "every": every}


# -- generic lists and records -------------------------------------------------------------------------------------


class SamplingPointListView(core.ObjectListView):
    model = SamplingPoint
    filterset_class = filters.SamplingPointFilterSet
    table_class = SamplingPointTable
    select_related = ("plant", "company")
    create_url_name = "quality:samplingpoint_add"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_url"] = reverse("quality:map")
        return context


class SamplingPointDetailView(core.ObjectDetailView):
    model = SamplingPoint
    template_name = "quality/samplingpoint_detail.html"
    edit_url_name = "quality:samplingpoint_edit"
    select_related = ("asset", "plant", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        point = self.object
        today = timezone.localdate()
        plans = [
            p for p in Plan.objects.filter(active=True).prefetch_related("parameters") if point.kind in p.point_kinds
        ]
        start = today - timedelta(days=90)
        results = services._period(services.approved_results(company=None).filter(sample__point=point), start, today)
        context.update(
            plans=[(p, frequency_text(p)) for p in plans],
            escalations=point.escalations.filter(ends__gte=today).select_related("parameter"),
            tasks=point.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.MISSED]).select_related("plan")[:20],
            samples=point.samples.all()[:15],
            rate=services.rate_of(results),
            colour=POINT_COLOURS.get(point.kind, "#2171b5"),
            parameters=Parameter.objects.filter(plans__in=plans).distinct().order_by("order"),
        )
        return context


class SamplingPointEditView(core.ObjectEditView):
    model = SamplingPoint
    form_class = forms.SamplingPointForm


class PlanListView(core.ObjectListView):
    model = Plan
    filterset_class = filters.PlanFilterSet
    table_class = PlanTable
    create_url_name = "quality:plan_add"


class PlanDetailView(core.ObjectDetailView):
    model = Plan
    template_name = "quality/plan_detail.html"
    edit_url_name = "quality:plan_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["frequency"] = frequency_text(self.object)
        context["kinds"] = [PointKind(k).label for k in self.object.point_kinds]
        return context


class PlanEditView(core.ObjectEditView):
    model = Plan
    form_class = forms.PlanForm


class ParameterListView(core.ObjectListView):
    model = Parameter
    filterset_class = filters.ParameterFilterSet
    table_class = ParameterTable
    create_url_name = "quality:parameter_add"


class ParameterDetailView(core.ObjectDetailView):
    model = Parameter
    template_name = "quality/parameter_detail.html"
    edit_url_name = "quality:parameter_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["limits"] = self.object.limits.select_related("standard")
        return context


class ParameterEditView(core.ObjectEditView):
    model = Parameter
    form_class = forms.ParameterForm


class LimitListView(core.ObjectListView):
    model = Limit
    filterset_class = filters.LimitFilterSet
    table_class = LimitTable
    select_related = ("parameter", "standard")
    create_url_name = "quality:limit_add"


class LimitDetailView(core.ObjectDetailView):
    model = Limit
    edit_url_name = "quality:limit_edit"
    select_related = ("parameter", "standard")


class LimitEditView(core.ObjectEditView):
    model = Limit
    form_class = forms.LimitForm


class SampleTaskListView(core.ObjectListView):
    model = SampleTask
    filterset_class = filters.SampleTaskFilterSet
    table_class = SampleTaskTable
    select_related = ("point", "plan")

    def get_queryset(self):
        return super().get_queryset().order_by("-due", "point__code", "pk")


class SampleTaskDetailView(core.ObjectDetailView):
    model = SampleTask
    template_name = "quality/sampletask_detail.html"
    select_related = ("point", "plan")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        task = self.object
        context["parameters"] = services.parameters_by_code(task.codes())
        context["sample"] = Sample.objects.filter(task=task).first()
        context["can_take"] = task.status in (TaskStatus.OPEN, TaskStatus.MISSED) and self.request.user.has_perm(
            "quality.add_sample"
        )
        context["take_form"] = forms.TakeSampleForm()
        return context


class SampleListView(core.ObjectListView):
    model = Sample
    filterset_class = filters.SampleFilterSet
    table_class = SampleTable
    select_related = ("point", "company")


class ExceedanceListView(core.ObjectListView):
    model = Exceedance
    filterset_class = filters.ExceedanceFilterSet
    table_class = ExceedanceTable
    select_related = ("point", "parameter", "ticket")


class ExceedanceDetailView(core.ObjectDetailView):
    model = Exceedance
    template_name = "quality/exceedance_detail.html"
    select_related = ("point", "parameter", "result__sample", "retest", "escalation", "ticket")


# -- samples -------------------------------------------------------------------------------------------------------


class SampleDetailView(core.ObjectDetailView):
    model = Sample
    template_name = "quality/sample_detail.html"
    select_related = ("point", "task", "task__plan", "entered_by", "reviewed_by", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sample = self.object
        user = self.request.user
        context.update(rows=entry_rows(sample, self.request.POST if self.request.method == "POST" else None))
        context.update(
            status_colour=SAMPLE_COLOURS.get(sample.status, "light"),
            can_enter=sample.editable and user.has_perm("quality.change_sample"),
            can_review=sample.status == SampleStatus.ENTERED and user.has_perm("quality.approve_sample"),
            review_form=forms.ReviewForm(),
            exceedances=Exceedance.objects.filter(result__sample=sample).select_related(
                "parameter", "retest", "ticket"
            ),
        )
        return context


def entry_rows(sample: Sample, data=None) -> list[dict]:
    """One row per parameter of the sample: its limits at this kind of point, the value entered and the verdicts."""
    table = services.LimitTable()
    results = {r.parameter.code: r for r in sample.results.select_related("parameter")}
    rows = []
    for parameter in services.parameters_by_code(sample.parameter_codes):
        result = results.get(parameter.code)
        national = table.limit_for(StandardKind.NATIONAL, parameter.pk, sample.point.kind)
        internal = table.limit_for(StandardKind.INTERNAL, parameter.pk, sample.point.kind)
        rows.append(
            {
                "parameter": parameter,
                "national": national,
                "internal": internal,
                "result": result,
                "value": (data or {}).get(f"v_{parameter.code}", result.reported if result else ""),
                "national_colour": VERDICT_COLOURS.get(result.national) if result else None,
                "internal_colour": VERDICT_COLOURS.get(result.internal) if result else None,
            }
        )
    return rows


def _sample_for(request, pk) -> Sample:
    return get_object_or_404(Sample.objects.restrict(request.user).select_related("point"), pk=pk)


@login_required
@require_POST
def sample_enter(request, pk):
    sample = _sample_for(request, pk)
    entries = {k[2:]: v for k, v in request.POST.items() if k.startswith("v_")}
    try:
        services.enter_results(sample, entries, user=request.user, submit="submit" in request.POST)
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
        view = SampleDetailView.as_view()
        return view(request, pk=pk) if request.method == "GET" else _render_sample(request, sample)
    messages.success(request, _("Results saved.") if "submit" not in request.POST else _("Sent for review."))
    return redirect(sample.get_absolute_url())


def _render_sample(request, sample):
    """The sample page again with the values just typed (after an error)."""
    view = SampleDetailView()
    view.setup(request, pk=sample.pk)
    view.object = view.get_object()
    context = view.get_context_data(object=view.object)
    return render(request, view.template_name, context, status=400)


@login_required
@require_POST
def sample_approve(request, pk):
    sample = _sample_for(request, pk)
    form = forms.ReviewForm(request.POST)
    form.is_valid()
    try:
        services.approve(sample, user=request.user, note=form.cleaned_data.get("note", ""))
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        count = Exceedance.objects.filter(result__sample=sample).count()
        if count:
            messages.warning(
                request, _("Approved: %(n)s result(s) over a limit; retests are scheduled.") % {"n": count}
            )
        else:
            messages.success(request, _("Approved."))
    return redirect(sample.get_absolute_url())


@login_required
@require_POST
def sample_return(request, pk):
    sample = _sample_for(request, pk)
    try:
        services.return_sample(sample, user=request.user, note=request.POST.get("note", ""))
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, _("Returned for correction."))
    return redirect(sample.get_absolute_url())


@login_required
@permission_required("quality.view_sample", raise_exception=True)
def sample_certificate(request, pk):
    sample = _sample_for(request, pk)
    if not sample.approved:
        messages.error(request, _("A certificate is issued once the results are approved."))
        return redirect(sample.get_absolute_url())
    pdf = certificate.sample_pdf(sample, entry_rows(sample))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sample.number}.pdf"'
    return response


@login_required
@require_POST
def task_take(request, pk):
    task = get_object_or_404(SampleTask.objects.restrict(request.user).select_related("point", "plan"), pk=pk)
    form = forms.TakeSampleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _message(ValidationError(form.errors)))
        return redirect(task.get_absolute_url())
    try:
        sample = services.take_sample(
            user=request.user,
            task=task,
            sampled_at=form.cleaned_data.get("sampled_at") or None,
            sampled_by=form.cleaned_data.get("sampled_by") or "",
        )
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, _message(exc))
        return redirect(task.get_absolute_url())
    messages.success(request, _("Sample %(number)s taken: enter its results.") % {"number": sample.number})
    return redirect(sample.get_absolute_url())


# -- the bench -----------------------------------------------------------------------------------------------------


@login_required
@permission_required("quality.view_sample", raise_exception=True)
def bench(request):
    """Today's work: tasks to sample, samples to enter, samples to review, and what was missed."""
    today = timezone.localdate()
    user = request.user
    points = SamplingPoint.objects.restrict(user)
    services.generate_tasks(today, today + timedelta(days=1), points=points)
    tasks = SampleTask.objects.restrict(user).select_related("point", "plan")
    due = tasks.filter(status=TaskStatus.OPEN, window_start__lte=today).order_by("due", "kind", "point__code")
    grouped = OrderedDict()
    for task in due[:300]:
        grouped.setdefault(task.point, []).append(task)
    samples = Sample.objects.restrict(user).select_related("point")
    context = {
        "today": today,
        "grouped": grouped,
        "due_count": due.count(),
        "due_today": due.filter(due=today).count(),
        "missed": tasks.filter(status=TaskStatus.MISSED, due__gte=today - timedelta(days=7)).order_by("-due")[:30],
        "to_enter": samples.filter(status__in=[SampleStatus.SAMPLED, SampleStatus.RETURNED]).order_by("sampled_at")[
            :50
        ],
        "to_review": samples.filter(status=SampleStatus.ENTERED).order_by("sampled_at")[:50],
        "open_exceedances": Exceedance.objects.restrict(user)
        .filter(status=ExceedanceStatus.OPEN)
        .select_related("point", "parameter")[:20],
        "can_take": user.has_perm("quality.add_sample"),
    }
    return render(request, "quality/bench.html", context)


# -- results grid, trend, compliance, disclosure -------------------------------------------------------------------


def _month_param(request, default: date) -> date:
    text = request.GET.get("month", "")
    try:
        y, m = (int(x) for x in text.split("-")[:2])
        return date(y, m, 1)
    except (ValueError, TypeError):
        return default.replace(day=1)


def _prev_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _next_month(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1)


@login_required
@permission_required("quality.view_result", raise_exception=True)
def grid(request):
    """Samples of a month as rows, parameters as columns; cells over a limit are marked."""
    user = request.user
    month = _month_param(request, timezone.localdate())
    first, last = services.month_bounds(month)
    points = SamplingPoint.objects.restrict(user).order_by("code")
    kind = request.GET.get("kind", "")
    if kind in PointKind.values:
        points = points.filter(kind=kind)
    point_id = request.GET.get("point", "")
    selected = points.filter(pk=point_id).first() if point_id.isdigit() else None
    samples = services._period(Result.objects.restrict(user), first, last)
    samples = Sample.objects.filter(pk__in=samples.values("sample_id")).filter(point__in=points)
    if selected:
        samples = samples.filter(point=selected)
    samples = list(samples.select_related("point").order_by("point__code", "sampled_at", "pk")[:400])
    results = Result.objects.filter(sample__in=samples).select_related("parameter", "national_limit", "internal_limit")
    by_sample: dict[int, dict] = {}
    params = {}
    for r in results:
        by_sample.setdefault(r.sample_id, {})[r.parameter_id] = r
        params[r.parameter_id] = r.parameter
    columns = sorted(params.values(), key=lambda p: (p.order, p.code))
    rows = []
    for s in samples:
        cells = []
        for p in columns:
            r = by_sample.get(s.pk, {}).get(p.pk)
            css = ""
            if r is not None:
                if r.national == "fail":
                    css = "table-danger fw-semibold"
                elif r.internal == "fail":
                    css = "table-warning"
                elif r.national == "inconclusive":
                    css = "table-info"
            cells.append({"result": r, "css": css})
        rows.append({"sample": s, "cells": cells})
    context = {
        "month": first,
        "prev": _prev_month(first),
        "next": _next_month(first),
        "points": points,
        "selected": selected,
        "kind": kind,
        "kinds": PointKind.choices,
        "columns": columns,
        "rows": rows,
        "truncated": len(samples) >= 400,
    }
    return render(request, "quality/grid.html", context)


@login_required
@permission_required("quality.view_result", raise_exception=True)
def trend_page(request):
    user = request.user
    points = SamplingPoint.objects.restrict(user).filter(active=True).order_by("code")
    point = (
        points.filter(pk=request.GET.get("point") or 0).first() if (request.GET.get("point") or "").isdigit() else None
    )
    point = point or points.filter(kind=PointKind.PLANT_OUTLET).first() or points.first()
    parameters = Parameter.objects.filter(active=True).order_by("order")
    parameter = (
        parameters.filter(code=request.GET.get("parameter", "")).first() or parameters.filter(code="turbidity").first()
    )
    end = parse_date(request.GET.get("end", "") or "") or timezone.localdate()
    start = parse_date(request.GET.get("start", "") or "") or end - timedelta(days=180)
    data = services.trend(point, parameter, start, end) if point and parameter else None
    return render(
        request,
        "quality/trend.html",
        {
            "points": points,
            "point": point,
            "parameters": parameters,
            "parameter": parameter,
            "start": start,
            "end": end,
            "data": data,
        },  # fmt: skip
    )


@login_required
@permission_required("quality.view_result", raise_exception=True)
def compliance(request):
    """Pass rates by CJ/T 206 Table 4 for a month, per point, per plant and over the last twelve months."""
    user = request.user
    month = _month_param(request, timezone.localdate())
    first, last = services.month_bounds(month)
    rates = services.pass_rates(first, last, user=user)
    results = services._period(services.approved_results(user), first, last)
    by_point = services.rates_by(
        results.filter(sample__point__kind__in=DRINKING_KINDS + (PointKind.SEWAGE_EFFLUENT,)), "sample__point"
    )
    points = {p.pk: p for p in SamplingPoint.objects.filter(pk__in=list(by_point)).select_related("plant")}
    point_rows = sorted(
        ((points[pk], rate) for pk, rate in by_point.items() if pk in points), key=lambda pr: (pr[0].kind, pr[0].code)
    )
    by_plant = services.rates_by(
        results.filter(sample__point__kind__in=("plant_outlet",)), "sample__point__plant__name"
    )
    year_start = (first - timedelta(days=335)).replace(day=1)
    history = services._period(services.approved_results(user), year_start, last)
    months = {
        "composite": services.rates_by_month(history.filter(sample__point__kind__in=DRINKING_KINDS)),
        "finished": services.rates_by_month(history.filter(sample__point__kind="plant_outlet")),
        "network": services.rates_by_month(history.filter(sample__point__kind__in=("network", "network_end"))),
    }
    labels = sorted({m.strftime("%Y-%m") for series in months.values() for m, _r in series})
    chart = {
        "labels": labels,
        "target": rates["target"],
        "series": {
            key: [{m.strftime("%Y-%m"): r.rate for m, r in series}.get(label) for label in labels]
            for key, series in months.items()
        },
        "names": {"composite": _("Composite"), "finished": _("Finished water"), "network": _("Network water")},
    }
    by_parameter = services.rates_by(results.filter(sample__point__kind__in=DRINKING_KINDS), "parameter__name")
    tasks = SampleTask.objects.restrict(user).filter(due__gte=first, due__lte=min(last, timezone.localdate()))
    context = {
        "month": first,
        "prev": _prev_month(first),
        "next": _next_month(first),
        "rates": rates,
        "point_rows": point_rows,
        "plant_rows": sorted(by_plant.items(), key=lambda kv: str(kv[0])),
        "parameter_rows": sorted(by_parameter.items(), key=lambda kv: (kv[1].rate or 0, str(kv[0])))[:12],
        "chart": chart,
        "network_check": services.network_point_check(user),
        "tasks_planned": tasks.exclude(status=TaskStatus.CANCELLED).count(),
        "tasks_taken": tasks.filter(status=TaskStatus.TAKEN).count(),
        "tasks_late": tasks.filter(status=TaskStatus.TAKEN, late=True).count(),
        "tasks_missed": tasks.filter(status=TaskStatus.MISSED).count(),
        "exceedances": Exceedance.objects.restrict(user)
        .filter(
            result__sample__sampled_at__gte=services.day_start(first),
            result__sample__sampled_at__lt=services.day_start(last + timedelta(1)),
        )
        .select_related("point", "parameter", "ticket")[:30],
    }
    return render(request, "quality/compliance.html", context)


@login_required
@permission_required("quality.view_result", raise_exception=True)
def disclosure(request):
    today = timezone.localdate()
    month = _month_param(request, _prev_month(today.replace(day=1)))
    data = services.disclosure(month, user=request.user)
    return render(
        request,
        "quality/disclosure.html",
        {"data": data, "month": month, "prev": _prev_month(month), "next": _next_month(month)},
    )


@login_required
@permission_required("quality.view_samplingpoint", raise_exception=True)
def point_map(request):
    points = SamplingPoint.objects.restrict(request.user).filter(active=True, lon__isnull=False)
    features = [
        {
            "type": "Feature",
            "id": p.pk,
            "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
            "properties": {
                "code": p.code,
                "name": p.name,
                "kind": p.get_kind_display(),
                "colour": POINT_COLOURS.get(p.kind, "#2171b5"),
                "url": p.get_absolute_url(),
            },
        }
        for p in points.order_by("code")
    ]
    legend = [(label, POINT_COLOURS[value]) for value, label in PointKind.choices]
    return render(
        request,
        "quality/map.html",
        {
            "features": {"type": "FeatureCollection", "features": features},
            "legend": legend,
            "network_check": services.network_point_check(request.user),
        },  # fmt: skip
    )


@login_required
@permission_required("quality.change_sample", raise_exception=True)
def import_page(request):
    report = None
    errors: list[str] = []
    if request.method == "POST":
        form = forms.ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = imports.import_results(upload.read(), upload.name, user=request.user)
            except imports.ImportRejected as exc:
                errors = exc.errors
            except (ValidationError, ConflictError, PermissionDenied) as exc:
                errors = [_message(exc)]
    else:
        form = forms.ImportForm()
    status = 400 if errors else 200
    return render(
        request,
        "quality/import.html",
        {"form": form, "report": report, "errors": errors, "headings": imports.HEADINGS},
        status=status,
    )
