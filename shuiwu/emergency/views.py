"""Pages of emergency preparedness: the stock board with each plan's readiness, plans, drills, warehouses,
stock, materials, and the weather modes."""

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.emergency import filters, forms, services
from shuiwu.emergency.choices import DRILL_STATUS_COLOURS, LEVEL_COLOURS, PLAN_STATUS_COLOURS, DrillStatus
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    Material,
    Stock,
    Warehouse,
    WeatherMode,
)


def _badge(colour: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)


# -- tables ----------------------------------------------------------------------------------------------------------


class PlanTable(BaseTable):
    name = LinkColumn()
    readiness = tables.Column(verbose_name=gettext_lazy("readiness"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = ContingencyPlan
        fields = ("code", "name", "plan_type", "status", "version", "effective_on", "review_on", "company", "readiness")

    def __init__(self, *args, readiness=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.readiness = readiness or {}

    def render_status(self, value, record):
        return _badge(PLAN_STATUS_COLOURS.get(record.status, "light"), value)

    def render_readiness(self, record):
        result = self.readiness.get(record.pk)
        if result is None:
            result = services.readiness(record)
        if result.percent is None:
            return "—"
        return _badge(result.colour, f"{result.percent:g} %")


class DrillTable(BaseTable):
    number = LinkColumn()
    actions_open = tables.Column(verbose_name=gettext_lazy("open actions"), orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = Drill
        fields = ("number", "title", "plan", "kind", "status", "planned_on", "held_on", "location", "company")

    def render_status(self, value, record):
        return _badge(DRILL_STATUS_COLOURS.get(record.status, "light"), value)

    def render_actions_open(self, record):
        return getattr(record, "open_actions", "—")


class StockTable(BaseTable):
    material = tables.Column(linkify=lambda record: reverse("emergency:stock_edit", args=[record.pk]))
    state = tables.Column(verbose_name=gettext_lazy("state"), empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = Stock
        fields = (
            "warehouse",
            "material",
            "material__kind",
            "quantity",
            "minimum",
            "expiry_on",
            "next_inspection_on",
            "state",
        )
        row_attrs = {"class": lambda record: "table-danger" if record.below_minimum else ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_quantity(self, value, record):
        return f"{value.normalize():f} {record.material.unit}"

    def render_minimum(self, value, record):
        return f"{value.normalize():f}"

    def render_state(self, record):
        badges = services.stock_state(record, self.today)
        if not badges:
            return _badge("success", _("Ready"))
        return format_html_join(" ", '<span class="badge text-bg-{}">{}</span>', ((c, t) for t, c in badges))


class WarehouseTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Warehouse
        fields = ("code", "name", "address", "keeper", "active", "company")


class MaterialTable(BaseTable):
    name = tables.Column(linkify=lambda record: reverse("emergency:material_edit", args=[record.pk]))

    class Meta(BaseTable.Meta):
        model = Material
        fields = ("code", "name", "kind", "dn", "unit", "spec")


class WeatherModeTable(BaseTable):
    kind = tables.Column(linkify=True)
    level = tables.Column()

    class Meta(BaseTable.Meta):
        model = WeatherMode
        fields = ("kind", "company", "level", "source", "plan", "started_at", "ended_at", "note")

    def render_level(self, value, record):
        return _badge(LEVEL_COLOURS.get(record.level, "secondary"), value)


# -- the board -------------------------------------------------------------------------------------------------------


class BoardView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """The stock board: each plan's readiness, the weather modes on, stock short or needing attention."""

    permission_required = "emergency.view_stock"
    template_name = "emergency/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        plans = ContingencyPlan.objects.restrict(user).filter(status="active").select_related("company")
        stocks = Stock.objects.restrict(user).select_related("warehouse", "material", "warehouse__company")
        warehouses = {}
        for stock in stocks.order_by("warehouse__company__code", "warehouse__code", "material__kind", "material__code"):
            warehouses.setdefault(stock.warehouse, []).append((stock, services.stock_state(stock, today)))
        context.update(
            readiness=services.readiness_of_plans(plans, today),
            modes=services.active_modes(user),
            warehouses=warehouses,
            below=stocks.filter(services.below_minimum_q()).count(),
            attention=stocks.filter(services.attention_q(today)).count(),
            total=stocks.count(),
            drills_due=Drill.objects.restrict(user)
            .filter(status=DrillStatus.PLANNED)
            .select_related("plan")
            .order_by("planned_on")[:6],
            overdue_actions=DrillAction.objects.restrict(user)
            .filter(services.overdue_actions_q(today))
            .select_related("drill", "owner")
            .order_by("due_on")[:8],
            can_switch=user.has_perm("emergency.add_weathermode"),
        )
        return context


# -- plans -----------------------------------------------------------------------------------------------------------


class PlanListView(core.ObjectListView):
    model = ContingencyPlan
    filterset_class = filters.PlanFilterSet
    table_class = PlanTable
    select_related = ("company",)
    create_url_name = "emergency:plan_add"

    def get_table_kwargs(self):
        return {"readiness": {r.plan.pk: r for r in services.readiness_of_plans(self.object_list)}}


class PlanDetailView(core.ObjectDetailView):
    model = ContingencyPlan
    template_name = "emergency/plan_detail.html"
    edit_url_name = "emergency:plan_edit"
    select_related = ("company",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = self.object
        user = self.request.user
        roles = list(plan.roles.select_related("staff", "deputy"))
        children: dict = {}
        for role in roles:
            children.setdefault(role.reports_to_id, []).append(role)

        def tree(parent_id, depth=0):
            for role in children.get(parent_id, []):
                yield role, depth
                yield from tree(role.pk, depth + 1)

        known = {r.pk for r in roles}
        call_tree = list(tree(None))
        # roles whose caller is gone still show, at the top
        for role in roles:
            if role.reports_to_id and role.reports_to_id not in known:
                call_tree.append((role, 0))
        can_change = user.has_perm("emergency.change_contingencyplan")
        context.update(
            call_tree=call_tree,
            readiness=services.readiness(plan),
            drills=plan.drills.order_by("-planned_on")[:20],
            inspection_plans=plan.inspection_plans.select_related("team"),
            modes=plan.weather_modes.filter(ended_at__isnull=True),
            role_form=forms.PlanRoleForm(plan=plan, user=user) if can_change else None,
            material_form=forms.PlanMaterialForm(plan=plan, user=user) if can_change else None,
            can_add_drill=user.has_perm("emergency.add_drill"),
        )
        return context


class PlanEditView(core.ObjectEditView):
    model = ContingencyPlan
    form_class = forms.PlanForm


def _plan_for_change(request, pk) -> ContingencyPlan:
    return core.object_for_change(request, ContingencyPlan, pk, "emergency.change_contingencyplan")


@login_required
@require_POST
def plan_role_add(request, pk):
    plan = _plan_for_change(request, pk)
    form = forms.PlanRoleForm(request.POST, plan=plan, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Role added."))
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(plan.get_absolute_url() + "#roles")


@login_required
@require_POST
def plan_role_delete(request, pk, role_pk):
    plan = _plan_for_change(request, pk)
    plan.roles.filter(pk=role_pk).delete()
    messages.success(request, _("Role removed."))
    return redirect(plan.get_absolute_url() + "#roles")


@login_required
@require_POST
def plan_material_add(request, pk):
    plan = _plan_for_change(request, pk)
    form = forms.PlanMaterialForm(request.POST, plan=plan, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Material need added."))
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(plan.get_absolute_url() + "#materials")


@login_required
@require_POST
def plan_material_delete(request, pk, need_pk):
    plan = _plan_for_change(request, pk)
    plan.materials.filter(pk=need_pk).delete()
    messages.success(request, _("Material need removed."))
    return redirect(plan.get_absolute_url() + "#materials")


# -- drills ----------------------------------------------------------------------------------------------------------


class DrillListView(core.ObjectListView):
    model = Drill
    filterset_class = filters.DrillFilterSet
    table_class = DrillTable
    select_related = ("plan", "company")
    create_url_name = "emergency:drill_add"

    def get_queryset(self):
        from django.db.models import Count, Q

        return (
            super()
            .get_queryset()
            .annotate(open_actions=Count("actions", filter=Q(actions__done_on__isnull=True)))
            .order_by("-planned_on", "-id")
        )


class DrillDetailView(core.ObjectDetailView):
    model = Drill
    template_name = "emergency/drill_detail.html"
    edit_url_name = "emergency:drill_edit"
    select_related = ("plan", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        drill = self.object
        user = self.request.user
        can_change = user.has_perm("emergency.change_drill")
        context.update(
            participants=drill.participants.select_related("company", "team").order_by("company__code", "name"),
            actions=drill.actions.select_related("owner"),
            today=timezone.localdate(),
            action_form=forms.DrillActionForm(drill=drill, user=user) if can_change else None,
            can_change_drill=can_change,
            status_colour=DRILL_STATUS_COLOURS.get(drill.status, "light"),
        )
        return context


class DrillEditView(core.ObjectEditView):
    model = Drill
    form_class = forms.DrillForm

    def get_initial(self):
        initial = super().get_initial()
        plan = self.request.GET.get("plan")
        if plan and plan.isdigit():
            found = ContingencyPlan.objects.restrict(self.request.user).filter(pk=plan).first()
            if found:
                initial.update(plan=found, company=found.company_id, title=f"{found.name}演练")
        return initial

    def form_valid(self, form):
        if self.object is not None:
            return super().form_valid(form)
        data = dict(form.cleaned_data)
        participants = data.pop("participants", [])
        try:
            self.object = services.create_drill(
                user=self.request.user, plan=data.pop("plan"), participants=participants, **data
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, core.refusal_text(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(object)s.") % {"object": self.object})
        return redirect(self.object.get_absolute_url())


def _drill_for_change(request, pk) -> Drill:
    return core.object_for_change(
        request, Drill, pk, "emergency.change_drill", queryset=Drill.objects.select_related("company")
    )


@login_required
@require_POST
def drill_action_add(request, pk):
    drill = _drill_for_change(request, pk)
    form = forms.DrillActionForm(request.POST, drill=drill, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Follow-up action added."))
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(drill.get_absolute_url() + "#actions")


@login_required
@require_POST
def drill_action_done(request, pk, action_pk):
    drill = _drill_for_change(request, pk)
    updated = drill.actions.filter(pk=action_pk, done_on__isnull=True).update(done_on=timezone.localdate())
    if updated:
        messages.success(request, _("Action marked done."))
    return redirect(drill.get_absolute_url() + "#actions")


# -- warehouses, stock, materials --------------------------------------------------------------------------------------


class WarehouseListView(core.ObjectListView):
    model = Warehouse
    filterset_class = filters.WarehouseFilterSet
    table_class = WarehouseTable
    select_related = ("company", "keeper")
    create_url_name = "emergency:warehouse_add"


class WarehouseDetailView(core.ObjectDetailView):
    model = Warehouse
    template_name = "emergency/warehouse_detail.html"
    edit_url_name = "emergency:warehouse_edit"
    select_related = ("company", "keeper")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["stock_table"] = StockTable(
            self.object.stocks.select_related("material", "warehouse"), exclude=("warehouse",)
        )
        return context


class WarehouseEditView(core.ObjectEditView):
    model = Warehouse
    form_class = forms.WarehouseForm


class StockListView(core.ObjectListView):
    model = Stock
    filterset_class = filters.StockFilterSet
    table_class = StockTable
    select_related = ("warehouse", "material")
    create_url_name = "emergency:stock_add"


class StockEditView(core.ObjectEditView):
    model = Stock
    form_class = forms.StockForm

    def get_initial(self):
        initial = super().get_initial()
        warehouse = self.request.GET.get("warehouse", "")
        if warehouse.isdigit():
            initial["warehouse"] = int(warehouse)
        return initial

    def get_success_url(self):
        return reverse("emergency:stock_list") + f"?warehouse_id={self.object.warehouse_id}"


class MaterialListView(core.ObjectListView):
    model = Material
    filterset_class = filters.MaterialFilterSet
    table_class = MaterialTable
    create_url_name = "emergency:material_add"


class MaterialEditView(core.ObjectEditView):
    model = Material
    form_class = forms.MaterialForm

    def get_success_url(self):
        return reverse("emergency:material_list")


# -- weather modes ---------------------------------------------------------------------------------------------------


class WeatherModeListView(core.ObjectListView):
    model = WeatherMode
    filterset_class = filters.WeatherModeFilterSet
    table_class = WeatherModeTable
    select_related = ("company", "plan")
    create_url_name = "emergency:weathermode_add"


class WeatherModeDetailView(core.ObjectDetailView):
    model = WeatherMode
    template_name = "emergency/weathermode_detail.html"
    select_related = ("company", "plan", "started_by", "ended_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mode = self.object
        context.update(
            board=services.mode_board(mode),
            level_colour=LEVEL_COLOURS.get(mode.level, "secondary"),
            warnings=mode.warnings.all()[:20],
            can_end=mode.is_on and self.request.user.has_perm("emergency.change_weathermode"),
        )
        return context


@login_required
@permission_required("emergency.add_weathermode", raise_exception=True)
def weathermode_add(request):
    form = forms.SwitchOnForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                mode = services.switch_on(
                    data["company"],
                    data["kind"],
                    user=request.user,
                    plan=data["plan"],
                    level=data["level"],
                    note=data["note"],
                )
        except (ValidationError, ConflictError, PermissionDenied) as exc:
            form.add_error(None, core.refusal_text(exc))
        else:
            messages.warning(request, _("%(mode)s is on for %(company)s.") % {"mode": mode, "company": mode.company})
            return redirect(mode.get_absolute_url())
    return render(request, "emergency/weathermode_form.html", {"form": form})


@login_required
@require_POST
def weathermode_end(request, pk):
    mode = get_object_or_404(WeatherMode.objects.restrict(request.user), pk=pk)
    try:
        services.switch_off(mode, user=request.user)
    except (ValidationError, ConflictError, PermissionDenied) as exc:
        messages.error(request, core.refusal_text(exc))
    else:
        messages.success(request, _("%(mode)s ended.") % {"mode": mode})
    return redirect(mode.get_absolute_url())
