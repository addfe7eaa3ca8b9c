"""Pages of hydraulics: scenarios and runs with their results on the map, burst isolation, fire flow, criticality."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.assets.choices import Kind, Layer, System
from shuiwu.assets.models import Asset
from shuiwu.core import views as core
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.hydraulics import filters, forms, services
from shuiwu.hydraulics.choices import RUN_COLOURS
from shuiwu.hydraulics.models import CriticalityRun, HydraulicModel, Run, Scenario
from shuiwu.hydraulics.rules import MIN_SERVICE_PRESSURE_MPA  # noqa: F401  (declared before the pages read it)


def _badge(run) -> str:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', RUN_COLOURS.get(run.status, "light"), run.status_label
    )


class ScenarioTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Scenario
        fields = ("name", "kind", "demand_factor", "duration_h", "model", "company")


class RunTable(BaseTable):
    id = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="#")
    status = tables.Column(verbose_name=gettext_lazy("status"))

    class Meta(BaseTable.Meta):
        model = Run
        fields = ("id", "scenario", "model", "status", "started_at", "finished_at")

    def render_status(self, value, record):
        return _badge(record)


class ModelTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = HydraulicModel
        fields = ("version", "name", "source", "created", "company")


class ScenarioListView(core.ObjectListView):
    model = Scenario
    filterset_class = filters.ScenarioFilterSet
    table_class = ScenarioTable
    create_url_name = "hydraulics:scenario_add"
    select_related = ("model", "company")

    def get_queryset(self):
        return super().get_queryset().defer("model__model")


class ScenarioDetailView(core.ObjectDetailView):
    model = Scenario
    template_name = "hydraulics/scenario_detail.html"
    edit_url_name = "hydraulics:scenario_edit"
    delete_url_name = "hydraulics:scenario_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = self.object.runs.select_related("model").defer("results", "model__model")[:20]
        return context


class ScenarioEditView(core.ObjectEditView):
    model = Scenario
    form_class = forms.ScenarioForm


class ScenarioDeleteView(core.ObjectDeleteView):
    model = Scenario
    success_url_name = "hydraulics:scenario_list"


@require_POST
@login_required
@permission_required("hydraulics.add_run", raise_exception=True)
def scenario_run(request, pk):
    scenario = get_object_or_404(Scenario.objects.restrict(request.user), pk=pk)
    try:
        run = services.start_run(scenario, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(scenario.get_absolute_url())
    return redirect(run.get_absolute_url())


class RunListView(core.ObjectListView):
    model = Run
    filterset_class = filters.RunFilterSet
    table_class = RunTable
    select_related = ("scenario", "model", "company")

    def get_queryset(self):
        # A model's network JSON (a megabyte for L-Town) is never needed to show its version.
        return super().get_queryset().defer("results", "model__model")


class RunDetailView(core.ObjectDetailView):
    model = Run
    template_name = "hydraulics/run_detail.html"
    select_related = ("scenario", "model", "company")

    def get_queryset(self):
        return super().get_queryset().defer("results", "model__model")

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["hydraulics/includes/run_status.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.object
        if run.status == "done":
            service = run.service or {}
            nodes = service.get("nodes", [])
            context["groups"] = service.get("groups", [])
            context["worst"] = [
                {**n, "min_pressure_mpa": n["min_pressure_m"] * services.MPA_PER_M}
                for n in sorted(nodes, key=lambda n: n["min_pressure_m"])[:15]
            ]
            context["buildings"] = services.buildings_above_service(run)
            context["others"] = (
                Run.objects.restrict(self.request.user).filter(status="done").exclude(pk=run.pk).defer("results")[:30]
            )
            context["map_config"] = {
                "run": run.pk,
                "min_pressure_m": service.get("min_pressure_m", 14.276),
                "nodes": _node_points([n["node"] for n in nodes]),
                "pressure": {n["node"]: n["min_pressure_m"] for n in nodes},
                "storeys": {n["node"]: n["storeys"] for n in nodes},
                "labels": {
                    "pressure": _("pressure (m)"),
                    "demand": _("demand (L/s)"),
                    "flow": _("flow (L/s)"),
                    "velocity": _("velocity (m/s)"),
                    "hours": _("hour"),
                    "storeys": _("storeys"),
                },
            }
        return context


def _node_points(codes) -> dict:
    rows = Asset.objects.filter(system=System.SUPPLY, layer=Layer.NODE, code__in=list(codes)).values_list(
        "code", "min_lon", "min_lat"
    )
    return {code: [round(lon, 6), round(lat, 6)] for code, lon, lat in rows if lon is not None}


@login_required
@permission_required("hydraulics.view_run", raise_exception=True)
def isolation(request):
    return render(
        request,
        "hydraulics/isolation.html",
        {
            "can_outage": request.user.has_perm("work.add_outage"),
            "labels": {
                "valves": _("Valves to shut, in order"),
                "inoperable": _("Inoperable valves passed over"),
                "points": _("Service points cut off"),
                "critical": _("critical"),
                "demand": _("demand not served"),
                "check": _("The rest of the network with the area shut (a day, model's newest version)"),
                "below": _("nodes fall below 0.14 MPa"),
                "households": _("households"),
                "outage": _("Create the outage"),
                "created": _("Outage created:"),
                "none": _("No supply pipe there."),
                "click": _("Click a pipe on the map."),
            },
        },
    )


@login_required
@permission_required("hydraulics.view_run", raise_exception=True)
def fire_flow(request):
    hydrants = Asset.objects.filter(kind=Kind.HYDRANT, node__isnull=False).select_related("node").order_by("code")
    result = error = None
    chosen = request.GET.get("hydrant", "")
    residual = request.GET.get("residual_mpa", "")
    if chosen:
        hydrant = hydrants.filter(code=chosen).first()
        try:
            if hydrant is None:
                raise ValidationError({"hydrant": _("No hydrant %(code)s.") % {"code": chosen}})
            value = float(residual) if residual else None
            result = services.fire_flow(services.hydrant_node(hydrant), residual_mpa=value)
        except ValueError:
            error = _("The residual pressure is a number in MPa, e.g. 0.10.")
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "hydraulics/fire_flow.html",
        {"hydrants": hydrants, "chosen": chosen, "residual": residual, "result": result, "error": error},
    )


class HydraulicModelListView(core.ObjectListView):
    model = HydraulicModel
    filterset_class = filters.HydraulicModelFilterSet
    table_class = ModelTable
    template_name = "hydraulics/hydraulicmodel_list.html"

    def get_queryset(self):
        return super().get_queryset().defer("model")


class HydraulicModelDetailView(core.ObjectDetailView):
    model = HydraulicModel
    template_name = "hydraulics/hydraulicmodel_detail.html"

    def get_queryset(self):
        return super().get_queryset().defer("model")


@require_POST
@login_required
@permission_required("hydraulics.add_hydraulicmodel", raise_exception=True)
def model_snapshot(request):
    try:
        model = services.snapshot(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("hydraulics:hydraulicmodel_list")
    messages.success(request, _("Model v%(v)s taken from the register.") % {"v": model.version})
    return redirect(model.get_absolute_url())


@require_POST
@login_required
@permission_required("hydraulics.add_hydraulicmodel", raise_exception=True)
def model_upload(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose an EPANET .inp file."))
        return redirect("hydraulics:hydraulicmodel_list")
    try:
        model = services.import_upload(upload, user=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("hydraulics:hydraulicmodel_list")
    messages.success(request, _("Model v%(v)s imported from %(file)s.") % {"v": model.version, "file": upload.name})
    return redirect(model.get_absolute_url())


class CriticalityListView(core.ObjectListView):
    model = CriticalityRun
    template_name = "hydraulics/criticality_list.html"

    def get_queryset(self):
        return super().get_queryset().defer("ranking")

    class _Table(BaseTable):
        id = tables.Column(linkify=lambda record: record.get_absolute_url(), verbose_name="#")

        class Meta(BaseTable.Meta):
            model = CriticalityRun
            fields = ("id", "model", "status", "started_at", "finished_at")

    table_class = _Table


class CriticalityDetailView(core.ObjectDetailView):
    model = CriticalityRun
    template_name = "hydraulics/criticality_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        by = "shortfall_m3" if self.request.GET.get("by") == "shortfall" else "total"
        context["by"] = by
        context["has_shortfall"] = any(r.get("shortfall_m3") is not None for r in self.object.ranking or [])
        context["rows"] = sorted(self.object.ranking or [], key=lambda r: -(r.get(by) or 0))[:100]
        return context


@require_POST
@login_required
@permission_required("hydraulics.add_criticalityrun", raise_exception=True)
def criticality_start(request):
    try:
        run = services.start_criticality(user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("hydraulics:criticality_list")
    return redirect(run.get_absolute_url())
