"""Pages of the analytics app: water balances, night flow per DMA, pipe risk, leak detections, supply forecast."""

from datetime import date, timedelta

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuiwu.analytics import filters, forms, services
from shuiwu.analytics.choices import RISK_COLOURS, DetectionStatus
from shuiwu.analytics.models import LeakDetection, PipeRisk, WaterBalance
from shuiwu.assets.models import DMA
from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.org.models import Company


def _dates(request, default_days: int) -> tuple[date, date]:
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else None
        end = date.fromisoformat(request.GET["end"]) if request.GET.get("end") else today
    except ValueError:
        messages.warning(request, _("Dates are written YYYY-MM-DD; showing the default period."))
        start, end = None, today
    start = start or end - timedelta(days=default_days)
    if start > end:
        start, end = end, start
    return max(start, end - timedelta(days=400)), end


# -- water balance -----------------------------------------------------------------------------------


class PercentColumn(tables.Column):
    def render(self, value):
        return f"{value:.1f} %"


class WaterBalanceTable(BaseTable):
    period = tables.Column(verbose_name=_("period"), accessor="start", order_by=("start", "end"))
    where = tables.Column(verbose_name=_("network"), accessor="dma", order_by=("dma__code",), default="")
    system_input_m3 = tables.Column()
    nrw_percent = PercentColumn()
    loss_rate_wl_percent = PercentColumn()
    loss_rate_bl_percent = PercentColumn()
    ili = tables.Column()

    class Meta(BaseTable.Meta):
        model = WaterBalance
        fields = ("period", "where", "company", "system_input_m3", "nrw_percent")
        sequence = ("period", "where", "company", "system_input_m3", "nrw_percent", "loss_rate_wl_percent")

    def render_period(self, record):
        return format_html('<a href="{}">{} – {}</a>', record.get_absolute_url(), record.start, record.end)

    def render_where(self, record):
        return record.dma or _("Whole network")

    def render_system_input_m3(self, value):
        return f"{value:,.0f}"

    def render_ili(self, value):
        return f"{value:.2f}"


class WaterBalanceListView(core.ObjectListView):
    model = WaterBalance
    filterset_class = filters.WaterBalanceFilterSet
    table_class = WaterBalanceTable
    select_related = ("company", "dma")
    create_url_name = "analytics:balance_add"
    template_name = "analytics/balance_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        companies = [
            c for c in Company.objects.filter(kind="supply") if scope.can_access_company(self.request.user, c.pk)
        ]
        context["trends"] = [{"company": str(c), "rows": services.loss_trend(c)} for c in companies]
        context["has_trend"] = any(t["rows"] for t in context["trends"])
        return context


class WaterBalanceDetailView(core.ObjectDetailView):
    model = WaterBalance
    select_related = ("company", "dma", "computed_by")
    template_name = "analytics/balance_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        b = self.object
        r = b.result
        context["chart"] = services.balance_chart(r)
        context["inputs"] = [
            (key, label, b.inputs.get(key), services.describe_source(b.sources.get(key)))
            for key, label in services.INPUT_LABELS.items()
        ]
        context["r"] = r
        context["grade_label"] = services.GRADE_LABELS.get(r.get("cjj92_grade"), _("above grade 2"))
        return context


@login_required
@permission_required("analytics.add_waterbalance", raise_exception=True)
def balance_add(request):
    form = forms.BalanceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.save_balance(
                data["company"],
                data["start"],
                data["end"],
                dma=data["dma"],
                overrides=form.overrides(),
                note=data["note"],
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The balance was computed."))
            return redirect(record)
    return render(request, "analytics/balance_form.html", {"form": form})


# -- night flow --------------------------------------------------------------------------------------


@login_required
@permission_required("analytics.view_waterbalance", raise_exception=True)
def night_flow(request):
    start, end = _dates(request, 42)
    dmas = list(DMA.objects.restrict(request.user).order_by("code"))
    ranking, nights = [], {}
    by_company: dict = {}
    for dma in dmas:
        by_company.setdefault(dma.company_id, []).append(dma)
    for dma_list in by_company.values():
        ranking += services.night_ranking(None, start, end, dmas=dma_list, nights=nights)
    ranking.sort(key=lambda r: (r["l_per_connection_h"] is None, -(r["l_per_connection_h"] or 0)))
    for position, row in enumerate(ranking, start=1):
        row["rank"] = position
    chosen = None
    code = request.GET.get("dma") or (ranking[0]["code"] if ranking else None)
    if code:
        chosen = next((d for d in dmas if d.code == code), None)
    data = nights.get(chosen.code) if chosen else None
    context = {"start": start, "end": end, "dmas": dmas, "ranking": ranking, "chosen": chosen, "data": data}
    return render(request, "analytics/night_flow.html", context)


# -- pipe risk ---------------------------------------------------------------------------------------


class RiskColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span class="badge" style="background:{}">{}</span>',
            RISK_COLOURS.get(record.risk_class, "#888"),
            record.get_risk_class_display(),
        )


class PipeRiskTable(BaseTable):
    select = tables.CheckBoxColumn(accessor="pk", attrs={"input": {"name": "asset_ids", "form": "renewal-form"}})
    rank = tables.Column()
    pipe = tables.Column(linkify=lambda record: record.pipe.get_absolute_url(), order_by=("pipe__code",))
    risk_class = RiskColumn()
    material = tables.Column(accessor="pipe__material", verbose_name=_("material"))
    diameter = tables.Column(accessor="pipe__diameter", verbose_name=_("diameter (mm)"))
    length = tables.Column(accessor="pipe__length", verbose_name=_("length (m)"))

    class Meta(BaseTable.Meta):
        model = PipeRisk
        fields = (
            "select",
            "rank",
            "pipe",
            "risk_class",
            "expected_breaks_year",
            "rate_per_km_year",
            "age_years",
            "repairs",
            "company",
        )
        sequence = (
            "select",
            "rank",
            "pipe",
            "risk_class",
            "expected_breaks_year",
            "rate_per_km_year",
            "material",
            "diameter",
            "length",
            "age_years",
            "repairs",
            "company",
        )

    def render_pipe(self, record):
        return record.pipe.code

    def render_expected_breaks_year(self, value):
        return f"{value:.3f}"

    def render_rate_per_km_year(self, value):
        return f"{value:.2f}"

    def render_age_years(self, value):
        return f"{value:.0f}"

    def render_length(self, value):
        return f"{value:,.0f}"

    def render_diameter(self, value):
        return f"{value:.0f}"


class PipeRiskListView(core.ObjectListView):
    model = PipeRisk
    filterset_class = filters.PipeRiskFilterSet
    table_class = PipeRiskTable
    select_related = ("pipe", "company")
    template_name = "analytics/risk_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            context["renewal_url"] = reverse("projects:renewal")
        except NoReverseMatch:
            context["renewal_url"] = None
        qs = context["filter"].qs
        context["computed_at"] = qs.order_by("-computed_at").values_list("computed_at", flat=True).first()
        context["colours"] = RISK_COLOURS
        context["can_compute"] = self.request.user.has_perm("analytics.add_piperisk")
        ids = scope.company_ids(self.request.user)
        owners = Company.objects.filter(kind__in=["installation", "supply"]).order_by("-kind", "code")
        context["project_companies"] = owners if ids is None else owners.filter(pk__in=ids)
        return context


@login_required
@permission_required("analytics.view_piperisk", raise_exception=True)
def risk_geojson(request):
    return JsonResponse(services.risk_features(request.user, request.GET.get("class") or None))


@login_required
@require_POST
@permission_required("analytics.add_piperisk", raise_exception=True)
def risk_compute(request):
    ids = scope.company_ids(request.user)
    companies = Company.objects.filter(kind="supply")
    if ids is not None:
        companies = companies.filter(pk__in=ids)
    ranked = sum(services.compute_pipe_risk(c) for c in companies)
    messages.success(request, _("%(n)d pipes were ranked.") % {"n": ranked})
    return redirect("analytics:risk_list")


# -- leak detections ---------------------------------------------------------------------------------


class LeakDetectionTable(BaseTable):
    link_id = LinkColumn()
    pipe = tables.Column(linkify=lambda record: record.pipe.get_absolute_url() if record.pipe else None)

    class Meta(BaseTable.Meta):
        model = LeakDetection
        fields = ("link_id", "pipe", "started_at", "detected_at", "score", "size_l_s", "status", "ticket", "company")

    def render_score(self, value):
        return f"{value:.2f}"


class LeakDetectionListView(core.ObjectListView):
    model = LeakDetection
    filterset_class = filters.LeakDetectionFilterSet
    table_class = LeakDetectionTable
    select_related = ("pipe", "company", "ticket")
    template_name = "analytics/leak_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["features"] = services.leak_features(context["filter"].qs)
        return context


class LeakDetectionDetailView(core.ObjectDetailView):
    model = LeakDetection
    select_related = ("pipe", "company", "ticket", "alarm")
    template_name = "analytics/leak_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["features"] = services.leak_features([self.object])
        context["around"] = services.pipes_around(self.object.pipe)
        context["statuses"] = [s for s in DetectionStatus if s != self.object.status]
        return context


@login_required
@require_POST
@permission_required("analytics.change_leakdetection", raise_exception=True)
def leak_status(request, pk):
    detection = get_object_or_404(LeakDetection.objects.restrict(request.user), pk=pk)
    try:
        services.set_leak_status(
            detection, request.POST.get("status", ""), note=request.POST.get("note", ""), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, core.refusal_text(exc))
    return redirect(detection)


# -- supply forecast ---------------------------------------------------------------------------------


def _forecast_context(request) -> dict:
    data = services.supply_forecast(user=request.user)
    rows = []
    for i, day in enumerate(data["days"]):
        city = data["city"]
        rows.append(
            {
                "day": day,
                "temperature": data["temperature"][i],
                "plants": [p["forecast"][i] for p in data["plants"]],
                "city": city["forecast"][i],
                "low": city["low"][i],
                "high": city["high"][i],
                "p_above": city["p_above"][i],
                "above": city["forecast"][i] > data["alert_m3_day"],
            }
        )
    return {"forecast": data, "rows": rows}


@login_required
@permission_required("telemetry.view_sensor", raise_exception=True)
def forecast(request):
    return render(request, "analytics/forecast.html", _forecast_context(request))


@login_required
@permission_required("telemetry.view_sensor", raise_exception=True)
def forecast_panel(request):
    """The forecast card the telemetry overview loads with htmx."""
    return render(request, "analytics/includes/forecast_panel.html", _forecast_context(request))
