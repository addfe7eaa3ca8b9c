"""Pages of the reports: the group dashboard, the scorecard (with its exports), the KPI catalogue and the
reports kept for download."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.core import views as core
from shuiwu.core.tables import BaseTable
from shuiwu.reports import exports, filters, forms, services
from shuiwu.reports.choices import ReportKind
from shuiwu.reports.models import Kpi, Report


def _period(request):
    form = forms.PeriodForm(request.GET, user=request.user)  # empty: the last half-year
    return form, form.is_valid()


@login_required
@permission_required("reports.view_kpi", raise_exception=True)
def scorecard(request):
    """The scorecard of a period for the group and each company in scope (or one company)."""
    form, valid = _period(request)
    card = None
    if valid:
        data = form.cleaned_data
        card = services.scorecard(data["start"], data["end"], user=request.user, company=data["company"])
    status = 200 if valid else 400
    query = request.GET.urlencode()
    return render(
        request,
        "reports/scorecard.html",
        {"form": form, "card": card, "query": query, "can_produce": request.user.has_perm("reports.add_report")},
        status=status,
    )


def export_response(card: dict, fmt: str, stem: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(exports.scorecard_xlsx(card), content_type=exports.XLSX)
    else:
        response = HttpResponse(exports.scorecard_pdf(card), content_type=exports.PDF)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@permission_required("reports.view_kpi", raise_exception=True)
def scorecard_export(request, fmt: str):
    """The scorecard as Excel or PDF, for the same period and company as the page."""
    form, valid = _period(request)
    if not valid:
        return HttpResponseBadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    data = form.cleaned_data
    card = services.scorecard(data["start"], data["end"], user=request.user, company=data["company"])
    who = data["company"].code if data["company"] else "group"
    return export_response(card, fmt, f"scorecard-{who}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}")


@login_required
@permission_required("reports.view_kpi", raise_exception=True)
def dashboard(request):
    """The group dashboard: today and this month, refreshing itself every two minutes."""
    data = services.dashboard(request.user, fresh=request.GET.get("fresh") == "1")
    template = "reports/includes/dashboard_body.html" if request.headers.get("HX-Request") else "reports/dashboard.html"
    return render(request, template, {"data": data, "tv": request.GET.get("tv") == "1"})


# -- the KPI catalogue ---------------------------------------------------------------------------------------------


class KpiTable(BaseTable):
    code = tables.Column(verbose_name=gettext_lazy("code"))
    source = tables.Column(verbose_name=gettext_lazy("source"), empty_values=(), orderable=False)
    target = tables.Column(verbose_name=gettext_lazy("target"), empty_values=())

    class Meta(BaseTable.Meta):
        model = Kpi
        fields = ("code", "name", "name_en", "unit", "section", "source", "target", "direction", "standard")
        row_attrs = {"id": lambda record: record.code}

    def render_source(self, record):
        return format_html("<code>{}</code>", record.source or "= " + record.formula)

    def render_target(self, record):
        if record.target is None:
            return "—"
        sign = {"higher": "≥", "lower": "≤"}.get(record.direction, "")
        policy = (
            format_html(' <span class="badge text-bg-light">{}</span>', _("local policy"))
            if record.local_policy
            else ""
        )
        return format_html("{}{}{}", sign, record.target.normalize(), policy)


class KpiListView(core.ObjectListView):
    model = Kpi
    filterset_class = filters.KpiFilterSet
    table_class = KpiTable
    table_pagination = {"per_page": 100}


# -- reports kept for download -------------------------------------------------------------------------------------


class ReportTable(BaseTable):
    kind = tables.Column(verbose_name=gettext_lazy("kind"))
    company = tables.Column(verbose_name=gettext_lazy("company"), empty_values=(), order_by=("company__code",))
    downloads = tables.Column(verbose_name=gettext_lazy("download"), empty_values=(), orderable=False)
    produced_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Report
        fields = ("kind", "company", "start", "end", "produced_at", "downloads")

    def render_company(self, record):
        return record.company or _("Whole group")

    def render_downloads(self, record):
        links = []
        for fmt, label in (("xlsx", "Excel"), ("pdf", "PDF")):
            if getattr(record, fmt):
                links.append(
                    format_html(
                        '<a class="btn btn-sm btn-outline-primary me-1" href="{}">{}</a>',
                        reverse("reports:report_download", args=[record.pk, fmt]),
                        label,
                    )
                )
        scorecard_url = reverse("reports:scorecard") + f"?start={record.start}&end={record.end}"
        if record.company_id:
            scorecard_url += f"&company={record.company.code}"
        links.append(format_html('<a class="btn btn-sm btn-link" href="{}">{}</a>', scorecard_url, _("open")))
        return format_html("".join(["{}"] * len(links)), *links)


class ReportListView(core.ObjectListView):
    model = Report
    filterset_class = filters.ReportFilterSet
    table_class = ReportTable
    select_related = ("company",)
    template_name = "reports/report_list.html"


@login_required
@permission_required("reports.view_report", raise_exception=True)
def report_download(request, pk, fmt: str):
    report = get_object_or_404(Report.objects.restrict(request.user), pk=pk)
    field = getattr(report, fmt)
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404
    name = field.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@permission_required("reports.add_report", raise_exception=True)
@require_POST
def report_produce(request):
    """Keep the scorecard of the form's period and company as Excel and PDF now."""
    form = forms.PeriodForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
        return redirect("reports:scorecard")
    data = form.cleaned_data
    kind = ReportKind.CUSTOM
    if (data["start"], data["end"]) in (
        services.half_year_period(data["start"].year, 1),
        services.half_year_period(data["start"].year, 2),
    ):
        kind = ReportKind.HALF_YEAR
    elif (data["start"], data["end"]) == services.month_period(data["start"].year, data["start"].month):
        kind = ReportKind.MONTHLY
    try:
        report = services.produce(kind, data["start"], data["end"], company=data["company"], user=request.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, str(exc))
        return redirect("reports:scorecard")
    messages.success(request, _("Kept %(report)s for download.") % {"report": report})
    return redirect("reports:report_list")
