"""Pages of the inspections: today's rounds, the phone round, round pages, plans, findings, violation cases."""

from datetime import date, datetime, time, timedelta

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.inspections import filters, forms, services
from shuiwu.inspections.choices import ROUND_COLOURS, ItemKind, RoundStatus
from shuiwu.inspections.models import Finding, Plan, Round, Violation
from shuiwu.org.models import Company

# -- tables --------------------------------------------------------------------------


class RoundTable(BaseTable):
    scheduled_for = tables.DateTimeColumn(format="Y-m-d H:i", linkify=lambda record: record.get_absolute_url())
    status = tables.Column(verbose_name=gettext_lazy("status"))
    coverage_percent = tables.Column(verbose_name=gettext_lazy("coverage %"))

    class Meta(BaseTable.Meta):
        model = Round
        fields = (
            "scheduled_for",
            "plan",
            "team",
            "status",
            "crew_size",
            "checkpoints_done",
            "checkpoints_skipped",
            "coverage_percent",
            "finished_at",
        )

    def render_status(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', ROUND_COLOURS.get(record.status, "light"), value)


class PlanTable(BaseTable):
    name = LinkColumn()
    frequency = tables.Column(verbose_name=gettext_lazy("frequency"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = Plan
        fields = ("code", "name", "plan_type", "team", "frequency", "local_policy", "active", "company")

    def render_frequency(self, record):
        return record.frequency_label


class FindingTable(BaseTable):
    reported_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=lambda record: record.get_absolute_url())

    class Meta(BaseTable.Meta):
        model = Finding
        fields = ("reported_at", "kind", "status", "asset", "description", "ticket", "company")


class ViolationTable(BaseTable):
    number = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Violation
        fields = ("number", "party", "address", "estimated_volume_m3", "fee", "fee_paid", "status", "opened_at")


# -- today's rounds ----------------------------------------------------------------------


def _day_bounds(day: date):
    since = datetime.combine(day, time.min, timezone.get_current_timezone())
    return since, since + timedelta(days=1)


@login_required
@permission_required("inspections.view_round", raise_exception=True)
def today(request):
    """Today's rounds per team: planned, in progress, done, overdue."""
    try:
        day = date.fromisoformat(request.GET["date"]) if request.GET.get("date") else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    since, until = _day_bounds(day)
    rounds = (
        Round.objects.restrict(request.user)
        .filter(scheduled_for__gte=since, scheduled_for__lt=until)
        .select_related("plan", "team")
        .order_by("team__name", "scheduled_for")
    )
    teams: dict = {}
    for r in rounds:
        entry = teams.setdefault(r.team, {"team": r.team, "rounds": [], "counts": dict.fromkeys(ROUND_COLOURS, 0)})
        entry["rounds"].append(r)
        entry["counts"][r.status] += 1
    totals = dict.fromkeys(ROUND_COLOURS, 0)
    for entry in teams.values():
        for key, n in entry["counts"].items():
            totals[key] += n
    return render(
        request,
        "inspections/today.html",
        {
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "teams": list(teams.values()),
            "totals": totals,
            "colours": ROUND_COLOURS,
            "status_labels": dict(RoundStatus.choices),
        },
    )


@login_required
@permission_required("inspections.change_round", raise_exception=True)
def mine(request):
    """The inspector's phone: my team's rounds today, and any still overdue."""
    staff = getattr(request.user, "staff", None)
    team = staff.team if staff else None
    since, until = _day_bounds(timezone.localdate())
    rounds = Round.objects.restrict(request.user).filter(team=team) if team else Round.objects.none()
    rounds = rounds.filter(
        Q(scheduled_for__gte=since, scheduled_for__lt=until)
        | Q(status__in=[RoundStatus.OVERDUE, RoundStatus.IN_PROGRESS], scheduled_for__gte=since - timedelta(days=2))
    )
    return render(
        request,
        "inspections/mine.html",
        {"team": team, "rounds": rounds.select_related("plan").order_by("scheduled_for"), "colours": ROUND_COLOURS},
    )


# -- rounds -------------------------------------------------------------------------------


class RoundListView(core.ObjectListView):
    model = Round
    filterset_class = filters.RoundFilterSet
    table_class = RoundTable
    select_related = ("plan", "team")


class RoundDetailView(core.ObjectDetailView):
    model = Round
    template_name = "inspections/round_detail.html"
    select_related = ("plan", "team", "inspector", "plan__checklist")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        round_ = self.object
        context.update(_round_context(round_))
        return context


def _round_context(round_: Round) -> dict:
    answers = {}
    for a in round_.answers.select_related("item"):
        answers.setdefault(a.asset_id, []).append(a)
    visits = {v.asset_id: v for v in round_.visits.all()}
    checkpoints = services.checkpoint_assets(round_.plan)
    items = list(round_.plan.checklist.items.all())
    track = [[lon, lat] for lon, lat in round_.track.values_list("lon", "lat")]
    route = [g for g in round_.plan.route.values_list("geometry", flat=True) if g]
    points = [
        {
            "id": a.pk,
            "code": a.code,
            "name": a.name,
            "n": i + 1,
            "lonlat": a.centre,
            "done": a.pk in visits and not visits[a.pk].skipped,
            "skipped": a.pk in visits and visits[a.pk].skipped,
        }
        for i, a in enumerate(checkpoints)
    ]
    return {
        "checkpoints": [
            {"asset": a, "n": i + 1, "answers": answers.get(a.pk, []), "visit": visits.get(a.pk)}
            for i, a in enumerate(checkpoints)
        ],
        "items": items,
        "findings": round_.findings.select_related("ticket"),
        "map_data": {"track": track, "route": route, "points": points},
        "status_colour": ROUND_COLOURS.get(round_.status, "light"),
    }


def _my_round(request, pk) -> Round:
    round_ = get_object_or_404(Round.objects.restrict(request.user).select_related("plan", "plan__checklist"), pk=pk)
    if not request.user.has_perm("inspections.change_round"):
        raise PermissionDenied
    return round_


@login_required
def walk(request, pk):
    """The phone round page: start, checkpoints in order on a map, a checklist per checkpoint, GPS track."""
    round_ = _my_round(request, pk)
    context = _round_context(round_)
    context.update(round=round_, item_kinds=ItemKind, track_url=reverse("inspections-api:round-track", args=[pk]))
    return render(request, "inspections/walk.html", context)


@login_required
@require_POST
def walk_start(request, pk):
    round_ = _my_round(request, pk)
    try:
        crew = int(request.POST.get("crew_size") or 0) or None
        services.start_round(round_, user=request.user, crew_size=crew)
    except (ValueError, ValidationError, ConflictError) as exc:
        messages.error(request, core.refusal_text(exc))
    return redirect("inspections:walk", pk=pk)


@login_required
@require_POST
def walk_checkpoint(request, pk, asset_id):
    """Save the answers of one checkpoint (or skip it); errors come back for that checkpoint."""
    round_ = _my_round(request, pk)
    asset = get_object_or_404(services.Asset.objects.restrict(request.user), pk=asset_id)
    if request.POST.get("skip"):
        try:
            services.skip_checkpoint(round_, asset=asset, reason=request.POST.get("reason", ""), user=request.user)
            messages.info(request, _("%(asset)s skipped.") % {"asset": asset})
        except (ValidationError, ConflictError) as exc:
            messages.error(request, core.refusal_text(exc))
        return redirect(reverse("inspections:walk", args=[pk]) + f"#cp-{asset_id}")
    errors, found = [], 0
    for item in round_.plan.checklist.items.all():
        key = f"item-{item.pk}"
        value = request.POST.get(key)
        photo = request.FILES.get(key) if item.kind == ItemKind.PHOTO else None
        if item.kind == ItemKind.PHOTO and photo is None:
            continue
        if value in (None, "") and item.kind != ItemKind.PHOTO and not item.required:
            continue
        try:
            _answer, finding = services.record_answer(
                round_, asset=asset, item=item, value=value, photo=photo, user=request.user
            )
            found += finding is not None
        except (ValidationError, ConflictError) as exc:
            errors.append(core.refusal_text(exc))
    for error in errors:
        messages.error(request, error)
    if not errors:
        messages.success(request, _("%(asset)s recorded.") % {"asset": asset})
    if found:
        messages.warning(request, _("%(n)s finding(s) recorded from out-of-limit answers.") % {"n": found})
    return redirect(reverse("inspections:walk", args=[pk]) + f"#cp-{asset_id}")


@login_required
@require_POST
def walk_finish(request, pk):
    round_ = _my_round(request, pk)
    try:
        dredged = request.POST.get("dredged_km") or None
        round_ = services.finish_round(round_, user=request.user, note=request.POST.get("note", ""), dredged_km=dredged)
        messages.success(request, _("Round finished."))
        return redirect(round_.get_absolute_url())
    except (ValidationError, ConflictError, ValueError) as exc:
        messages.error(request, core.refusal_text(exc))
        return redirect("inspections:walk", pk=pk)


# -- plans ---------------------------------------------------------------------------------


class PlanListView(core.ObjectListView):
    model = Plan
    filterset_class = filters.PlanFilterSet
    table_class = PlanTable
    select_related = ("team", "company")
    create_url_name = "inspections:plan_add"


class PlanDetailView(core.ObjectDetailView):
    model = Plan
    template_name = "inspections/plan_detail.html"
    select_related = ("team", "checklist", "company", "facility")
    edit_url_name = "inspections:plan_edit"
    delete_url_name = "inspections:plan_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        context["checkpoints"] = services.checkpoint_assets(plan)
        context["items"] = plan.checklist.items.all()
        context["route_km"] = services.planned_km(plan)
        context["next_rounds"] = services.occurrences(
            plan, timezone.localdate(), timezone.localdate() + timedelta(days=14)
        )[:8]
        context["recent"] = plan.rounds.order_by("-scheduled_for")[:10]
        return context


class PlanEditView(core.ObjectEditView):
    model = Plan
    form_class = forms.PlanForm

    def get_initial(self):
        from shuiwu.inspections.defaults import FREQUENCIES

        initial = super().get_initial()
        plan_type = self.request.GET.get("plan_type")
        if plan_type in FREQUENCIES and not self.kwargs.get("pk"):
            every, unit, start, end, local, source = FREQUENCIES[plan_type]
            initial.update(
                plan_type=plan_type,
                every=every,
                unit=unit,
                window_start=start,
                window_end=end,
                local_policy=local,
                source=source,
                start_date=timezone.localdate(),
            )
        return initial


class PlanDeleteView(core.ObjectDeleteView):
    model = Plan
    success_url_name = "inspections:plan_list"


# -- findings and violations -------------------------------------------------------------------


class FindingListView(core.ObjectListView):
    model = Finding
    filterset_class = filters.FindingFilterSet
    table_class = FindingTable
    select_related = ("asset", "ticket", "company")


class FindingDetailView(core.ObjectDetailView):
    model = Finding
    template_name = "inspections/finding_detail.html"
    select_related = ("asset", "ticket", "round", "round__plan", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["violation_form"] = forms.ViolationOpenForm(
            initial={"address": getattr(self.object.asset, "address", "")}
        )
        context["has_violation"] = hasattr(self.object, "violation")
        return context


@login_required
@permission_required("inspections.add_finding", raise_exception=True)
def finding_add(request):
    round_ = (
        Round.objects.restrict(request.user).filter(pk=request.GET.get("round") or request.POST.get("round")).first()
    )
    form = forms.FindingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = services.report_finding(
                user=request.user,
                kind=data["kind"],
                description=data["description"],
                round_=round_,
                asset=data["asset_code"],
                lon=data["lon"],
                lat=data["lat"],
                photo=data["photo"],
            )
        except ValidationError as exc:
            messages.error(request, core.refusal_text(exc))
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(finding.get_absolute_url())
    return render(request, "inspections/finding_form.html", {"form": form, "round": round_})


@login_required
@require_POST
def finding_ticket(request, pk):
    finding = get_object_or_404(Finding.objects.restrict(request.user), pk=pk)
    try:
        ticket = services.raise_ticket(finding, user=request.user)
        messages.success(request, _("Ticket %(number)s raised in the repair centre.") % {"number": ticket.number})
    except (ConflictError, ValidationError, PermissionDenied) as exc:
        messages.error(request, core.refusal_text(exc))
    return redirect(finding.get_absolute_url())


@login_required
@require_POST
def finding_violation(request, pk):
    finding = get_object_or_404(Finding.objects.restrict(request.user), pk=pk)
    if not request.user.has_perm("inspections.add_violation"):
        raise PermissionDenied
    form = forms.ViolationOpenForm(request.POST)
    if not form.is_valid():
        messages.error(request, core.form_errors_text(form))
        return redirect(finding.get_absolute_url())
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    try:
        case = services.open_violation(finding, user=request.user, **data)
    except (ConflictError, ValidationError) as exc:
        messages.error(request, core.refusal_text(exc))
        return redirect(finding.get_absolute_url())
    messages.success(request, _("Violation case %(number)s opened.") % {"number": case.number})
    return redirect(case.get_absolute_url())


class ViolationListView(core.ObjectListView):
    model = Violation
    filterset_class = filters.ViolationFilterSet
    table_class = ViolationTable


class ViolationDetailView(core.ObjectDetailView):
    model = Violation
    template_name = "inspections/violation_detail.html"
    select_related = ("finding", "finding__asset", "company")
    edit_url_name = "inspections:violation_edit"


class ViolationEditView(core.ObjectEditView):
    model = Violation
    form_class = forms.ViolationForm


# -- figures --------------------------------------------------------------------------------------


@login_required
@permission_required("inspections.view_round", raise_exception=True)
def figures(request):
    today_ = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else today_ - timedelta(days=182)
        end = date.fromisoformat(request.GET["end"]) if request.GET.get("end") else today_
    except ValueError:
        start, end = today_ - timedelta(days=182), today_
    ids = scope.company_ids(request.user)
    companies = Company.objects.all() if ids is None else Company.objects.filter(pk__in=ids)
    company = companies.filter(code=request.GET.get("company", "")).first() if request.GET.get("company") else None
    data = services.summary(company, start, end, user=request.user)
    from shuiwu.inspections.choices import FindingKind, PlanType

    rows = [{"type": str(PlanType(k).label), **v} for k, v in sorted(data["by_plan_type"].items())]
    chart = {
        "types": [r["type"] for r in rows],
        "done": [r["done"] for r in rows],
        "overdue": [r["overdue"] for r in rows],
        "findings": [{"name": str(FindingKind(k).label), "value": v} for k, v in data["findings_by_kind"].items()],
    }
    return render(
        request,
        "inspections/figures.html",
        {
            "summary": data,
            "rows": rows,
            "start": start,
            "end": end,
            "companies": companies,
            "company": company,
            "chart": chart,
        },
    )
