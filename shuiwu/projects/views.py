"""Pages of capital projects: the portfolio (figures, chart, list, map) and a project (map, milestones, progress)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST

from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.org.models import Company
from shuiwu.projects import filters, forms, services
from shuiwu.projects.choices import PIPE_STATE_COLOURS, TYPE_COLOURS, PipeRole, PipeState, ProjectType, Status
from shuiwu.projects.maps import project_features
from shuiwu.projects.models import Milestone, Project
from shuiwu.projects.tables import ProjectTable


def _map_labels() -> dict:
    return {
        "states": {s.value: {"label": str(s.label), "colour": PIPE_STATE_COLOURS[s]} for s in PipeState},
        "tiles": settings.SHUIWU_MAP_TILE_URL,
        "attribution": settings.SHUIWU_MAP_TILE_ATTRIBUTION,
        "origin": list(settings.SHUIWU_MAP_ORIGIN),
        "projectUrl": reverse("projects:project_detail", args=[0]).replace("/0/", "/{id}/"),
        "labels": {"open": _("Open project"), "none": _("No pipes drawn yet."), "length": _("length")},
    }


class ProjectListView(core.ObjectListView):
    """The portfolio: headline figures, progress chart, the list and a map of every project's pipes."""

    model = Project
    filterset_class = filters.ProjectFilterSet
    table_class = ProjectTable
    template_name = "projects/project_list.html"
    select_related = ("company",)
    create_url_name = "projects:project_add"

    def get_table_kwargs(self):
        return {"today": services.today()}

    def get_queryset(self):
        return super().get_queryset().order_by("-planned_start", "code")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.headers.get("HX-Request") and not self.request.headers.get("HX-Boosted"):
            return context
        projects = context["filter"].qs
        context["figures"] = services.figures(projects)
        context["chart"] = services.progress_series(projects)
        context["chart"]["labels"] = {"km": _("Pipe laid (km)"), "percent": _("Work done (%)")}
        context["spent_10k"] = float(context["figures"]["spent"]) / 10000
        context["budget_10k"] = float(context["figures"]["budget"]) / 10000
        context["by_type"] = [
            {"label": ProjectType(key).label, "colour": TYPE_COLOURS[ProjectType(key)], **row}
            for key, row in context["figures"]["by_type"].items()
        ]
        config = _map_labels()
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("sort", None)
        config["features"] = reverse("projects:map_features") + ("?" + query.urlencode() if query else "")
        context["map_config"] = config
        context["renewal_url"] = reverse("projects:renewal")
        return context


class ProjectDetailView(core.ObjectDetailView):
    model = Project
    template_name = "projects/project_detail.html"
    select_related = ("company", "handed_over_by")
    edit_url_name = "projects:project_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.object
        user = self.request.user
        reports = list(project.reports.select_related("reported_by").order_by("reported_on", "id"))
        can_change = user.has_perm("projects.change_project") and project.is_open
        config = _map_labels()
        config["features"] = reverse("projects:project_features", args=[project.pk])
        config["draw"] = can_change
        context.update(
            today=services.today(),
            late=project.is_late(),
            milestones=list(project.milestones.all()),
            reports=reports,
            diameters=services.diameter_breakdown(project),
            replaced=list(project.pipes.filter(role=PipeRole.REPLACED).select_related("asset").order_by("asset__code")),
            map_config=config,
            chart={
                "days": [r.reported_on.isoformat() for r in reports],
                "spent": [float(r.spent) for r in reports],
                "percent": [float(r.percent) for r in reports],
                "laid": [r.laid_m for r in reports],
                "budget": float(project.budget),
                "labels": {
                    "spent": _("Spent (yuan)"),
                    "budget": _("Budget"),
                    "percent": _("Work done (%)"),
                    "laid": _("Laid (m)"),
                },
            },
            can_report=user.has_perm("projects.add_progressreport")
            and project.status in (Status.PLANNED, Status.IN_PROGRESS, Status.COMPLETED),
            can_change_open=can_change,
            can_milestone=user.has_perm("projects.add_milestone"),
            can_handover=user.has_perm("projects.handover_project") and project.status == Status.COMPLETED,
            progress_form=forms.ProgressForm(project=project),
            milestone_form=forms.MilestoneForm(),
            pipe_form=forms.PipeForm(),
            cancel_form=forms.CancelForm(),
        )
        return context


class ProjectEditView(core.ObjectEditView):
    model = Project
    form_class = forms.ProjectForm


def _project(request, pk, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(Project.objects.restrict(request.user), pk=pk)


def _run(request, project, func, success: str):
    try:
        func()
    except (ValidationError, ConflictError) as exc:
        messages.error(request, core.refusal_text(exc))
    else:
        messages.success(request, success)
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def project_progress(request, pk):
    project = _project(request, pk, "projects.add_progressreport")
    form = forms.ProgressForm(request.POST, project=project)
    if not form.is_valid():
        messages.error(request, " ".join(f"{form.fields[k].label}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(project.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        project,
        lambda: services.report_progress(
            project,
            user=request.user,
            reported_on=data["reported_on"],
            percent=data["percent"],
            laid_m=data["laid_m"],
            spent=data["spent"],
            laid_pipe_ids=data["laid_pipes"],
            reason=data["reason"],
            note=data["note"],
        ),
        _("Progress recorded."),
    )


@login_required
@require_POST
def project_milestone(request, pk):
    project = _project(request, pk, "projects.add_milestone")
    form = forms.MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(v) for v in form.errors.values()))
        return redirect(project.get_absolute_url())
    return _run(
        request,
        project,
        lambda: services.add_milestone(project, user=request.user, **form.cleaned_data),
        _("Milestone added."),
    )


@login_required
@require_POST
def milestone_done(request, pk):
    if not request.user.has_perm("projects.change_milestone"):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone.objects.restrict(request.user).select_related("project"), pk=pk)
    return _run(
        request,
        milestone.project,
        lambda: services.finish_milestone(milestone, user=request.user),
        _("Milestone done."),
    )


@login_required
@require_POST
def project_pipe(request, pk):
    project = _project(request, pk, "projects.change_project")
    form = forms.PipeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(v) for v in form.errors.values()))
        return redirect(project.get_absolute_url())
    data = form.cleaned_data
    return _run(
        request,
        project,
        lambda: services.add_pipe(
            project,
            user=request.user,
            coordinates=data["coordinates"],
            diameter=data["diameter"],
            material=data["material"],
        ),
        _("Pipe drawn: it is in the asset register as planned."),
    )


@login_required
@require_POST
def project_handover(request, pk):
    project = _project(request, pk, "projects.handover_project")
    return _run(
        request,
        project,
        lambda: services.handover(project, user=request.user),
        _("Handed over: the project's pipes are in service."),
    )


@login_required
@require_POST
def project_cancel(request, pk):
    project = _project(request, pk, "projects.change_project")
    form = forms.CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(v) for v in form.errors.values()))
        return redirect(project.get_absolute_url())
    return _run(
        request,
        project,
        lambda: services.cancel(project, user=request.user, reason=form.cleaned_data["reason"]),
        _("Project cancelled."),
    )


@gzip_page
@login_required
@permission_required("projects.view_project", raise_exception=True)
def map_features(request):
    """The pipes of every project in the (filtered) portfolio, as GeoJSON."""
    projects = filters.ProjectFilterSet(request.GET, queryset=Project.objects.restrict(request.user)).qs
    return HttpResponse(project_features(projects.values_list("pk", flat=True)), content_type="application/geo+json")


@login_required
@permission_required("projects.view_project", raise_exception=True)
def project_features_view(request, pk):
    project = get_object_or_404(Project.objects.restrict(request.user), pk=pk)
    return HttpResponse(project_features([project.pk]), content_type="application/geo+json")


def _own_company(user, code: str | None):
    if code:
        company = get_object_or_404(Company, code=code)
        scope.check_company(user, company.pk)
        return company
    ids = scope.company_ids(user)
    if ids and len(ids) == 1:
        return Company.objects.get(pk=next(iter(ids)))
    return None


@login_required
@permission_required("projects.add_project", raise_exception=True)
def renewal(request):
    """Renewal from pipe risk: GET lists analytics' candidates (where that app offers them); POST of
    ``asset_ids`` (and ``name``, optional ``company``) makes one renewal project of the chosen pipes."""
    user = request.user
    companies = Company.objects.all().order_by("code")
    ids = scope.company_ids(user)
    if ids is not None:
        companies = companies.filter(pk__in=ids)
    if request.method == "POST":
        company = _own_company(user, request.POST.get("company"))
        asset_ids = request.POST.getlist("asset_ids")
        name = request.POST.get("name", "").strip() or _("Network renewal from pipe risk")
        if company is None:
            messages.error(request, _("Choose the company that runs the project."))
            return redirect(reverse("projects:renewal"))
        try:
            project = services.create_renewal_project(company, asset_ids, name=name, user=user)
        except ValidationError as exc:
            messages.error(request, core.refusal_text(exc))
            return redirect(reverse("projects:renewal"))
        messages.success(
            request,
            _("Renewal project %(code)s made from %(n)s pipes.") % {"code": project.code, "n": len(set(asset_ids))},
        )
        return redirect(project.get_absolute_url())
    company = _own_company(user, request.GET.get("company"))
    candidates = services.renewal_candidates(company, 50) if company is not None else None
    if candidates:
        from shuiwu.assets.models import Asset

        codes = dict(Asset.objects.filter(pk__in=[c["asset_id"] for c in candidates]).values_list("pk", "code"))
        for c in candidates:
            c["code"] = codes.get(c["asset_id"], c["asset_id"])
    return render(
        request,
        "projects/renewal.html",
        {
            "candidates": candidates,
            "company": company,
            "companies": companies,
        },
    )
