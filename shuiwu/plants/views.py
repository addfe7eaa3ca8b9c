"""Pages of plant operations: the plants with yesterday's figures, a plant's day, its log and charts, the records."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shuiwu.assets.models import Asset
from shuiwu.core import views as core
from shuiwu.org.models import Staff
from shuiwu.plants import filters, forms, services, tables
from shuiwu.plants.choices import UNIT_STATUS_COLOURS, MovementKind
from shuiwu.plants.models import Backwash, ChemicalStock, DailyLog, ShiftLog


def _day(request, name="day", default: date | None = None) -> date:
    value = parse_date(request.GET.get(name) or "") if request.GET.get(name) else None
    today = timezone.localdate()
    day = value or default or today
    return min(day, today)


def _plant(request, pk) -> Asset:
    return get_object_or_404(services.plants_for(request.user).select_related("company"), pk=pk)


def _staff(user):
    return Staff.objects.filter(user=user).first() if user.is_authenticated else None


# -- the plants -----------------------------------------------------------------------------------------------


@login_required
@permission_required("plants.view_dailylog", raise_exception=True)
def plant_list(request):
    day = _day(request, default=timezone.localdate() - timedelta(days=1))
    rows = services.overview(request.user, day)
    return render(
        request,
        "plants/plant_list.html",
        {
            "rows": rows,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1) if day < timezone.localdate() else None,
        },
    )


@login_required
@permission_required("plants.view_dailylog", raise_exception=True)
def plant_detail(request, pk):
    plant = _plant(request, pk)
    day = _day(request)
    context = services.plant_day(plant, day)
    user = request.user
    handover = next((s for s in context["shifts"] if s.handover_notes), None)
    context.update(
        plant=plant,
        sewage=services.is_sewage(plant),
        today=timezone.localdate(),
        previous_day=day - timedelta(days=1),
        next_day=day + timedelta(days=1) if day < timezone.localdate() else None,
        status_colours=UNIT_STATUS_COLOURS,
        unit_form=forms.UnitStatusForm(plant=plant) if user.has_perm("plants.add_unitstatuschange") else None,
        handover=handover,
        can_record=user.has_perm("plants.add_dailylog"),
        can_shift=user.has_perm("plants.add_shiftlog"),
        can_backwash=user.has_perm("plants.add_backwash"),
        rounds_url=reverse("inspections:round_list"),
    )
    return render(request, "plants/plant_detail.html", context)


@login_required
@permission_required("plants.view_dailylog", raise_exception=True)
def plant_log(request, pk):
    """A plant's daily log over a period, with the volume, energy and dosing charts."""
    plant = _plant(request, pk)
    end = _day(request, "end", default=timezone.localdate() - timedelta(days=1))
    start = parse_date(request.GET.get("start") or "") or end - timedelta(days=89)
    if start > end:
        start, end = end, start
    start = max(start, end - timedelta(days=730))
    data = services.series(plant, start, end)
    logs = list(
        DailyLog.objects.filter(plant=plant, day__gte=start, day__lte=end).select_related("plant").order_by("-day")
    )
    return render(
        request,
        "plants/plant_log.html",
        {"plant": plant, "start": start, "end": end, "data": data, "logs": logs, "sewage": services.is_sewage(plant)},
    )


@login_required
@require_POST
@permission_required("plants.add_unitstatuschange", raise_exception=True)
def unit_status(request, pk):
    plant = _plant(request, pk)
    form = forms.UnitStatusForm(request.POST, plant=plant)
    if form.is_valid():
        try:
            services.set_unit_status(
                form.cleaned_data["unit"],
                form.cleaned_data["status"],
                since=form.cleaned_data["since"],
                note=form.cleaned_data["note"],
                by=_staff(request.user),
            )
            messages.success(request, _("Status saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("plants:plant_detail", pk=plant.pk)


# -- daily logs -----------------------------------------------------------------------------------------------


class DailyLogListView(core.ObjectListView):
    model = DailyLog
    filterset_class = filters.DailyLogFilterSet
    table_class = tables.DailyLogTable
    select_related = ("plant", "company")
    create_url_name = "plants:dailylog_add"

    def get_queryset(self):
        return super().get_queryset().order_by("-day", "plant__code")


class DailyLogDetailView(core.ObjectDetailView):
    model = DailyLog
    template_name = "plants/dailylog_detail.html"
    select_related = ("plant", "company", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        log = self.object
        context.update(
            dosings=list(log.dosings.select_related("chemical", "movement")),
            flags=services.flags(log),
            sewage=services.is_sewage(log.plant),
            edit_url=reverse("plants:dailylog_edit", args=[log.pk]),
        )
        return context


@login_required
def dailylog_edit(request, pk=None):
    """Record a plant's day (``?plant=&day=``) or correct one; the doses draw on the dosing room's stock."""
    user = request.user
    log = None
    if pk is not None:
        if not user.has_perm("plants.change_dailylog"):
            raise PermissionDenied
        log = get_object_or_404(DailyLog.objects.restrict(user).select_related("plant"), pk=pk)
        plant = log.plant
    else:
        if not user.has_perm("plants.add_dailylog"):
            raise PermissionDenied
        plant_id = request.GET.get("plant") or request.POST.get("plant")
        pick = forms.PickPlantForm(request.GET or None, user=user)
        if not plant_id or not pick.is_valid():
            return render(request, "plants/pick_plant.html", {"form": pick})
        plant = pick.cleaned_data["plant"]
        log = DailyLog.objects.filter(plant=plant, day=pick.cleaned_data["day"]).first()
        if log is not None:
            return redirect("plants:dailylog_edit", pk=log.pk)
    initial = {"day": request.GET.get("day")} if log is None else None
    form = forms.DailyLogForm(request.POST or None, plant=plant, log=log, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            log = services.record_day(
                plant,
                log.day if log else data["day"],
                inflow_m3=data["inflow_m3"],
                outflow_m3=data["outflow_m3"],
                energy_kwh=data["energy_kwh"],
                dosings=form.dosings(),
                note=data["note"],
                user=user,
            )
        except ValidationError as exc:
            forms.add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved %(object)s.") % {"object": log})
            return redirect(log.get_absolute_url())
    return render(request, "plants/dailylog_form.html", {"form": form, "plant": plant, "log": log})


@login_required
@require_POST
@permission_required("plants.delete_dailylog", raise_exception=True)
def dailylog_delete(request, pk):
    log = get_object_or_404(DailyLog.objects.restrict(request.user).select_related("plant"), pk=pk)
    plant = log.plant
    services.delete_day(log)
    messages.success(request, _("Deleted %(object)s.") % {"object": log})
    return redirect("plants:plant_detail", pk=plant.pk)


# -- chemical stock -------------------------------------------------------------------------------------------


class ChemicalStockListView(core.ObjectListView):
    model = ChemicalStock
    filterset_class = filters.ChemicalStockFilterSet
    table_class = tables.ChemicalStockTable
    select_related = ("plant", "chemical", "company")
    create_url_name = "plants:chemicalstock_add"

    def get_queryset(self):
        return super().get_queryset().order_by("plant__code", "chemical__kind", "chemical__code")


class ChemicalStockDetailView(core.ObjectDetailView):
    model = ChemicalStock
    template_name = "plants/chemicalstock_detail.html"
    select_related = ("plant", "chemical", "company")
    edit_url_name = "plants:chemicalstock_edit"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        stock = self.object
        movements = list(stock.movements.order_by("-day", "-id")[:120])
        context.update(
            status=services.stock_status([stock])[0],
            movements=movements,
            chart=[[m.day.isoformat(), float(m.balance_kg)] for m in reversed(movements)],
            delivery_form=forms.DeliveryForm(prefix="delivery"),
            stocktake_form=forms.StocktakeForm(prefix="stocktake"),
            can_move=self.request.user.has_perm("plants.add_stockmovement"),
            kinds=MovementKind,
        )
        return context


class ChemicalStockEditView(core.ObjectEditView):
    model = ChemicalStock
    form_class = forms.ChemicalStockForm


@login_required
@require_POST
@permission_required("plants.add_stockmovement", raise_exception=True)
def stock_move(request, pk, kind):
    stock = get_object_or_404(ChemicalStock.objects.restrict(request.user).select_related("chemical", "plant"), pk=pk)
    form_class = forms.DeliveryForm if kind == "delivery" else forms.StocktakeForm
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "delivery":
                services.receive_delivery(
                    stock,
                    data["quantity_kg"],
                    data["day"],
                    reference=data["reference"],
                    note=data["note"],
                    user=request.user,
                )
            else:
                services.stocktake(stock, data["quantity_kg"], data["day"], note=data["note"], user=request.user)
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(stock.get_absolute_url())


# -- backwash and shifts --------------------------------------------------------------------------------------


class BackwashListView(core.ObjectListView):
    model = Backwash
    filterset_class = filters.BackwashFilterSet
    table_class = tables.BackwashTable
    select_related = ("plant", "unit", "operator", "company")
    create_url_name = "plants:backwash_add"

    def get_queryset(self):
        return super().get_queryset().order_by("-started_at", "-id")


class BackwashDetailView(core.ObjectDetailView):
    model = Backwash
    select_related = ("plant", "unit", "operator", "company")
    edit_url_name = "plants:backwash_edit"
    delete_url_name = "plants:backwash_delete"


class PlantInitialMixin:
    def get_initial(self):
        initial = super().get_initial()
        for key in ("plant", "day", "unit"):
            if self.request.GET.get(key):
                initial[key] = self.request.GET[key]
        return initial


class BackwashEditView(PlantInitialMixin, core.ObjectEditView):
    model = Backwash
    form_class = forms.BackwashForm

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("started_at", timezone.localtime().replace(second=0, microsecond=0))
        staff = _staff(self.request.user)
        if staff:
            initial.setdefault("operator", staff.pk)
        return initial


class BackwashDeleteView(core.ObjectDeleteView):
    model = Backwash
    success_url_name = "plants:backwash_list"


class ShiftLogListView(core.ObjectListView):
    model = ShiftLog
    filterset_class = filters.ShiftLogFilterSet
    table_class = tables.ShiftLogTable
    select_related = ("plant", "operator", "handed_to", "company")
    create_url_name = "plants:shiftlog_add"

    def get_queryset(self):
        return super().get_queryset().order_by("-day", "-shift", "plant__code")


class ShiftLogDetailView(core.ObjectDetailView):
    model = ShiftLog
    template_name = "plants/shiftlog_detail.html"
    select_related = ("plant", "operator", "handed_to", "team", "company")
    edit_url_name = "plants:shiftlog_edit"


class ShiftLogEditView(PlantInitialMixin, core.ObjectEditView):
    model = ShiftLog
    form_class = forms.ShiftLogForm

    def get_initial(self):
        initial = super().get_initial()
        initial.setdefault("day", timezone.localdate())
        staff = _staff(self.request.user)
        if staff:
            initial.setdefault("operator", staff.pk)
            if staff.team_id:
                initial.setdefault("team", staff.team_id)
        return initial


@login_required
@require_POST
@permission_required("plants.change_shiftlog", raise_exception=True)
def shift_receive(request, pk):
    shift = get_object_or_404(ShiftLog.objects.restrict(request.user), pk=pk)
    if services.receive_handover(shift):
        messages.success(request, _("Handover received."))
    return redirect(request.POST.get("next") or shift.get_absolute_url())
