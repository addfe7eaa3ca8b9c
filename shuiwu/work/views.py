"""Pages of the repair centre: the dispatch board, the hotline form, orders, tickets, outages, the crew's phone."""

import json
from datetime import date, timedelta

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.org.models import Company
from shuiwu.work import filters, forms, services, states
from shuiwu.work.choices import (
    OPEN_STATES,
    PRIORITY_COLOURS,
    SLA_COLOURS,
    STATE_COLOURS,
    Category,
    SLAState,
    State,
    TicketStatus,
)
from shuiwu.work.models import Outage, Ticket, WorkOrder, WorkOrderPhoto

# -- tables --------------------------------------------------------------------------


class SLAColumn(tables.Column):
    """The live SLA clock: counts down to the next deadline (clocks.js keeps it ticking)."""

    def __init__(self, **kwargs):
        super().__init__(accessor="pk", verbose_name=gettext_lazy("SLA clock"), orderable=False, **kwargs)

    def render(self, record):
        return sla_clock(record)


def sla_clock(order: WorkOrder):
    state = services.sla_state(order)
    upcoming = services.next_deadline(order)
    if upcoming is None:
        label = {SLAState.BREACHED: _("Breached"), SLAState.NONE: "—"}.get(state, _("Met"))
        return format_html('<span class="sla sla-{}">{}</span>', state, label)
    name, due = upcoming
    milestone = {"arrive": _("on site"), "secure": _("made safe"), "complete": _("done")}[name]
    return format_html(
        '<span class="sla sla-{}" data-due="{}" data-paused="{}" title="{}">{} {}</span>',
        state,
        due.isoformat(),
        "1" if order.state == State.PAUSED else "",
        timezone.localtime(due).strftime("%m-%d %H:%M"),
        milestone,
        "…",
    )


class WorkOrderTable(BaseTable):
    number = LinkColumn()
    title = tables.Column(verbose_name=gettext_lazy("title"))
    sla = SLAColumn()
    state = tables.Column(verbose_name=gettext_lazy("state"))
    priority = tables.Column(verbose_name=gettext_lazy("priority"))

    class Meta(BaseTable.Meta):
        model = WorkOrder
        fields = ("number", "priority", "title", "state", "team", "sla", "created")
        row_attrs = {"data-id": lambda record: record.pk}

    def render_title(self, value, record):
        return format_html('{}<div class="small text-muted">{}</div>', value, record.get_category_display())

    def render_state(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', STATE_COLOURS.get(record.state, "light"), value)

    def render_priority(self, value, record):
        return format_html('<span class="badge text-bg-{}">{}</span>', PRIORITY_COLOURS.get(record.priority), value)


class TicketTable(BaseTable):
    number = LinkColumn()
    work_order = tables.Column(verbose_name=gettext_lazy("work order"), accessor="work_order__number")

    class Meta(BaseTable.Meta):
        model = Ticket
        fields = ("number", "received_at", "channel", "category", "caller_name", "address", "status", "work_order")


class OutageTable(BaseTable):
    number = LinkColumn()

    class Meta(BaseTable.Meta):
        model = Outage
        fields = ("number", "title", "kind", "status", "start", "expected_restore", "affected_count", "critical_count")


# -- the dispatch board ----------------------------------------------------------------


class BoardView(core.ObjectListView):
    """Open orders with their SLA clocks, a map coloured by SLA state, and calls waiting; refreshes itself."""

    model = WorkOrder
    filterset_class = filters.WorkOrderFilterSet
    table_class = WorkOrderTable
    template_name = "work/board.html"
    select_related = ("team", "company")
    table_pagination = {"per_page": 30}

    def get_queryset(self):
        queryset = super().get_queryset()
        if "state" not in self.request.GET and "open" not in self.request.GET:
            queryset = queryset.filter(state__in=OPEN_STATES)
        return queryset.order_by("priority", "complete_due", "created")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        open_orders = WorkOrder.objects.restrict(user).filter(state__in=OPEN_STATES)
        counts = dict(open_orders.values_list("state").annotate(n=Count("id")).order_by())
        context["counts"] = counts
        context["moving"] = counts.get(State.EN_ROUTE, 0) + counts.get(State.ON_SITE, 0)
        context["breached"] = open_orders.filter(services.breached_q()).count()
        context["waiting"] = (
            Ticket.objects.restrict(user).filter(status=TicketStatus.OPEN).order_by("-received_at")[:10]
        )
        context["map_url"] = reverse("work:board_geojson") + "?" + self.request.GET.urlencode()
        context["sla_colours"] = SLA_COLOURS
        return context


@login_required
@permission_required("work.view_workorder", raise_exception=True)
def board_geojson(request):
    """The board's orders as points coloured by SLA state."""
    queryset = WorkOrder.objects.restrict(request.user).filter(lon__isnull=False)
    if "state" not in request.GET and "open" not in request.GET:
        queryset = queryset.filter(state__in=OPEN_STATES)
    queryset = filters.WorkOrderFilterSet(request.GET, queryset=queryset).qs.select_related("team")[:2000]
    features = []
    for order in queryset:
        sla = services.sla_state(order)
        features.append(
            {
                "type": "Feature",
                "id": order.pk,
                "geometry": {"type": "Point", "coordinates": [order.lon, order.lat]},
                "properties": {
                    "number": order.number,
                    "title": order.title,
                    "state": order.get_state_display(),
                    "sla": sla,
                    "colour": SLA_COLOURS[sla],
                    "priority": order.priority,
                    "team": order.team.name if order.team else "",
                    "url": order.get_absolute_url(),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


# -- the hotline --------------------------------------------------------------------------


class HotlineView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    """The operator's one short form. The nearby panel shows open orders and outages before saving."""

    permission_required = "work.add_ticket"
    template_name = "work/hotline.html"
    form_class = forms.HotlineForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["radius"] = services.rules.value(services.DUPLICATE_RADIUS_M.key)
        context["map_config"] = _map_config(self.request)
        context["recent"] = Ticket.objects.restrict(self.request.user).select_related("work_order")[:8]
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        user = self.request.user
        try:
            ticket = services.create_ticket(
                user=user,
                category=data["category"],
                channel=data["channel"],
                caller_name=data["caller_name"],
                caller_phone=data["caller_phone"],
                address=data["address"],
                account_no=data["account_no"],
                lon=data["lon"],
                lat=data["lat"],
                description=data["description"],
                work_order=data["link_to"],
                open_order=data["open_order"] and not data["link_to"],
                priority=data["priority"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        if ticket.work_order_id and data["link_to"]:
            messages.success(
                self.request,
                _("Call %(ticket)s linked to %(order)s.")
                % {"ticket": ticket.number, "order": ticket.work_order.number},
            )
        elif ticket.work_order_id:
            messages.success(
                self.request,
                _("Call %(ticket)s logged; work order %(order)s opened.")
                % {"ticket": ticket.number, "order": ticket.work_order.number},
            )
        else:
            messages.success(self.request, _("Call %(ticket)s logged for the dispatcher.") % {"ticket": ticket.number})
        if not scope.can_access_company(user, ticket.company_id):
            messages.info(self.request, _("It was handed over to %(company)s.") % {"company": ticket.company})
        return redirect("work:hotline")


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def hotline_locate(request):
    """Where an address is: the first service point or facility whose address or name matches it."""
    from shuiwu.assets.models import Asset

    text = request.GET.get("address", "").strip()
    if len(text) < 2:
        return JsonResponse({"found": False})
    asset = (
        Asset.objects.restrict(request.user)
        .filter(geometry__isnull=False)
        .filter(Q(address__icontains=text) | Q(name__icontains=text))
        .order_by("kind", "code")
        .first()
    )
    if asset is None or asset.centre is None:
        return JsonResponse({"found": False})
    lon, lat = asset.centre
    return JsonResponse({"found": True, "lon": lon, "lat": lat, "label": str(asset), "address": asset.address})


@login_required
def hotline_nearby(request):
    """The nearby panel (htmx): open orders and outages around the caller's location."""
    try:
        lon, lat = float(request.GET["lon"]), float(request.GET["lat"])
    except (KeyError, ValueError):
        return render(request, "work/includes/nearby.html", {"found": None})
    found = services.nearby(request.user, lon, lat)
    return render(request, "work/includes/nearby.html", {"found": found})


def _map_config(request):
    from django.conf import settings

    return {
        "tiles": settings.SHUIWU_MAP_TILE_URL,
        "attribution": settings.SHUIWU_MAP_TILE_ATTRIBUTION,
        "origin": list(settings.SHUIWU_MAP_ORIGIN),
        "network": reverse("assets:map_features") + "?kind=pipe",
        "slaColours": SLA_COLOURS,
    }


# -- work orders ----------------------------------------------------------------------------


class WorkOrderListView(core.ObjectListView):
    model = WorkOrder
    filterset_class = filters.WorkOrderFilterSet
    table_class = WorkOrderTable
    select_related = ("team",)
    create_url_name = "work:workorder_add"


class WorkOrderDetailView(core.ObjectDetailView):
    model = WorkOrder
    template_name = "work/workorder_detail.html"
    select_related = ("team", "company", "sla_policy", "repaired_asset", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order, user = self.object, self.request.user
        context["events"] = order.events.select_related("user", "team")
        context["tickets"] = order.tickets.all()
        context["outages"] = order.outages.all()
        context["materials"] = order.materials.select_related("item")
        context["photos"] = order.photos.all()
        context["sla"] = services.sla_state(order)
        context["clock"] = sla_clock(order)
        context["milestones"] = [
            {"name": name, "due": due, "met": met, "late": (met or timezone.now()) > due}
            for name, due, met in services.milestones(order)
        ]
        context["actions"] = _actions(order, user)
        context["suggestions"] = (
            services.suggest_teams(order) if order.state in (State.NEW, State.DISPATCHED, State.ACCEPTED) else []
        )
        context["form"] = forms.TransitionForm(user=user, order=order, initial={"version": order.version})
        context["photo_form"] = forms.PhotoForm()
        context["can_secure"] = order.is_open and order.secured_at is None and order.secure_due is not None
        context["map_point"] = {"lon": order.lon, "lat": order.lat} if order.lon is not None else None
        return context


ACTION_LABELS = {
    State.DISPATCHED: gettext_lazy("Dispatch"),
    State.ACCEPTED: gettext_lazy("Accept"),
    State.EN_ROUTE: gettext_lazy("Set off"),
    State.ON_SITE: gettext_lazy("Arrived on site"),
    State.PAUSED: gettext_lazy("Pause"),
    State.COMPLETED: gettext_lazy("Complete"),
    State.VERIFIED: gettext_lazy("Verify"),
    State.CLOSED: gettext_lazy("Close"),
    State.CANCELLED: gettext_lazy("Cancel"),
}
ACTION_STYLES = {
    State.CANCELLED: "outline-danger",
    State.PAUSED: "outline-warning",
    State.COMPLETED: "success",
    State.DISPATCHED: "primary",
}


def _actions(order: WorkOrder, user) -> list[dict]:
    out = []
    for target in states.allowed_targets(order.state):
        rule = states.find(order.state, target)
        if not user.has_perm(rule.permission):
            continue
        if order.state == State.PAUSED and target != order.paused_from:
            continue
        label = ACTION_LABELS.get(target, State(target).label)
        if order.state == State.COMPLETED and target == State.ON_SITE:
            label = _("Send back for rework")
        elif order.state == target == State.DISPATCHED or (
            order.state == State.ACCEPTED and target == State.DISPATCHED
        ):
            label = _("Reassign")
        elif order.state == State.PAUSED:
            label = _("Resume")
        out.append({"to": target, "label": label, "needs": rule.needs, "style": ACTION_STYLES.get(target, "primary")})
    return out


@login_required
@require_POST
def workorder_transition(request, pk):
    order = get_object_or_404(WorkOrder.objects.restrict(request.user), pk=pk)
    form = forms.TransitionForm(request.POST, user=request.user, order=order)
    back = request.POST.get("next") or order.get_absolute_url()
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {' '.join(errors)}")
        return redirect(back)
    data = form.cleaned_data
    if data["version"] != order.version:
        messages.error(
            request,
            _("Someone else changed %(number)s meanwhile: here it is as it stands now.") % {"number": order.number},
        )
        return redirect(back)
    completion = services.Completion(
        crew_size=data.get("crew_size"),
        excavation=data.get("excavation"),
        repaired_diameter=data.get("repaired_diameter"),
        repaired_material=data.get("repaired_material") or "",
        cause=data.get("cause") or "",
        repaired_asset=data.get("repaired_asset"),
        note=data.get("note") or "",
        materials=form.materials(),
    )
    try:
        order = services.transition(
            order,
            data["to"],
            user=request.user,
            team=data.get("team"),
            reason=data.get("reason") or "",
            completion=completion,
        )
    except ValidationError as exc:
        for errors in exc.message_dict.values() if hasattr(exc, "error_dict") else [exc.messages]:
            messages.error(request, " ".join(errors))
        return redirect(back)
    except ConflictError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not do that."))
        return redirect(back)
    if order.state == State.DISPATCHED:
        for warning in services.dispatch_warnings(order):
            messages.warning(request, warning)
    messages.success(
        request, _("%(number)s is now %(state)s.") % {"number": order.number, "state": order.get_state_display()}
    )
    return redirect(back)


@login_required
@require_POST
def workorder_secure(request, pk):
    order = get_object_or_404(WorkOrder.objects.restrict(request.user), pk=pk)
    try:
        services.mark_secured(order, user=request.user)
        messages.success(request, _("Recorded: made safe."))
    except (ConflictError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect(request.POST.get("next") or order.get_absolute_url())


class WorkOrderCreateView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    permission_required = "work.add_workorder"
    template_name = "core/object_form.html"
    form_class = forms.WorkOrderForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        ticket = self._ticket()
        if ticket is None:
            return {}
        return {
            "category": ticket.category,
            "title": f"{ticket.get_category_display()} {ticket.address}".strip(),
            "address": ticket.address,
            "lon": ticket.lon,
            "lat": ticket.lat,
            "description": ticket.description,
        }

    def _ticket(self):
        pk = self.request.GET.get("ticket") or self.request.POST.get("ticket")
        return Ticket.objects.restrict(self.request.user).filter(pk=pk).first() if pk else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_name"] = WorkOrder._meta.verbose_name
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        ticket = self._ticket()
        try:
            order = services.open_work_order(
                user=self.request.user,
                category=data["category"],
                priority=data["priority"],
                order_type=data["order_type"] or None,
                title=data["title"],
                description=data["description"],
                address=data["address"],
                lon=data["lon"],
                lat=data["lat"],
                diameter=data["diameter"],
                tickets=[ticket] if ticket else [],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Work order %(number)s opened.") % {"number": order.number})
        return redirect(order.get_absolute_url())


@login_required
@require_POST
def workorder_photo(request, pk):
    order = get_object_or_404(WorkOrder.objects.restrict(request.user), pk=pk)
    if not request.user.has_perm("work.add_workorderphoto"):
        raise PermissionDenied
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        WorkOrderPhoto.objects.create(work_order=order, image=form.cleaned_data["image"], uploaded_by=request.user)
        messages.success(request, _("Photo added."))
    else:
        messages.error(request, " ".join(form.errors.get("image", [])))
    return redirect(request.POST.get("next") or order.get_absolute_url())


@login_required
def photo_file(request, pk):
    photo = get_object_or_404(WorkOrderPhoto.objects.restrict(request.user), pk=pk)
    return FileResponse(photo.image.open("rb"))


# -- tickets --------------------------------------------------------------------------------


class TicketListView(core.ObjectListView):
    model = Ticket
    filterset_class = filters.TicketFilterSet
    table_class = TicketTable
    select_related = ("work_order",)


class TicketDetailView(core.ObjectDetailView):
    model = Ticket
    template_name = "work/ticket_detail.html"
    select_related = ("work_order", "company", "asset", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        ticket = self.object
        if ticket.lon is not None and ticket.status == TicketStatus.OPEN:
            context["nearby"] = services.nearby(self.request.user, ticket.lon, ticket.lat)
        return context


@login_required
@require_POST
def ticket_link(request, pk):
    ticket = get_object_or_404(Ticket.objects.restrict(request.user), pk=pk)
    order = get_object_or_404(WorkOrder.objects.restrict(request.user), pk=request.POST.get("work_order"))
    if not request.user.has_perm("work.change_ticket"):
        raise PermissionDenied
    try:
        services.link_ticket(ticket, order, user=request.user)
        messages.success(request, _("Linked to %(number)s.") % {"number": order.number})
    except ConflictError as exc:
        messages.error(request, str(exc))
    return redirect(ticket.get_absolute_url())


# -- outages ----------------------------------------------------------------------------------


class OutageListView(core.ObjectListView):
    model = Outage
    filterset_class = filters.OutageFilterSet
    table_class = OutageTable
    create_url_name = "work:outage_add"


class OutageDetailView(core.ObjectDetailView):
    model = Outage
    template_name = "work/outage_detail.html"
    select_related = ("work_order", "dma", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        outage = self.object
        context["warnings"] = services.notice_warnings(outage) if outage.status != "restored" else []
        points = outage.service_points.order_by("subtype", "code")
        context["critical"] = points.filter(subtype__in=["hospital", "school", "care_home"])
        context["points"] = points[:200]
        context["geometry"] = json.dumps(outage.geometry) if outage.geometry else ""
        return context


class OutageCreateView(LoginRequiredMixin, PermissionRequiredMixin, generic.FormView):
    permission_required = "work.add_outage"
    template_name = "core/object_form.html"
    form_class = forms.OutageForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        initial = {"start": timezone.localtime().replace(second=0, microsecond=0)}
        order = WorkOrder.objects.restrict(self.request.user).filter(pk=self.request.GET.get("work_order")).first()
        if order:
            initial.update(
                work_order=order,
                title=order.title,
                kind="unplanned",
                pipes=", ".join(a.code for a in order.assets.filter(kind="pipe")),
            )
        initial["expected_restore"] = initial["start"] + timedelta(hours=6)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["model_name"] = Outage._meta.verbose_name
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            result = services.create_outage(
                user=self.request.user,
                kind=data["kind"],
                title=data["title"],
                start=data["start"],
                expected_restore=data["expected_restore"],
                notice_at=data["notice_at"],
                pipes=data["pipes"],
                dma=data["dma"],
                work_order=data["work_order"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        for warning in result.warnings:
            messages.warning(self.request, warning)
        messages.success(
            self.request,
            _("Outage %(number)s recorded: %(count)s service points affected.")
            % {"number": result.outage.number, "count": result.outage.affected_count},
        )
        return redirect(result.outage.get_absolute_url())


@login_required
@require_POST
def outage_cancel(request, pk):
    outage = get_object_or_404(Outage.objects.restrict(request.user), pk=pk)
    if not request.user.has_perm("work.change_outage"):
        raise PermissionDenied
    try:
        services.cancel_outage(outage, user=request.user)
        messages.success(request, _("The outage is called off."))
    except ConflictError as exc:
        messages.error(request, str(exc))
    return redirect(outage.get_absolute_url())


@login_required
@require_POST
def outage_restore(request, pk):
    outage = get_object_or_404(Outage.objects.restrict(request.user), pk=pk)
    if not request.user.has_perm("work.change_outage"):
        raise PermissionDenied
    try:
        services.restore_outage(outage, user=request.user)
        messages.success(request, _("Supply restored."))
    except ConflictError as exc:
        messages.error(request, str(exc))
    return redirect(outage.get_absolute_url())


# -- the crew's phone ---------------------------------------------------------------------------


@login_required
@permission_required("work.work_workorder", raise_exception=True)
def crew(request):
    """My team's orders, on a phone: accept, go, arrive, complete."""
    staff = getattr(request.user, "staff", None)
    team = staff.team if staff else None
    orders = WorkOrder.objects.restrict(request.user).filter(state__in=OPEN_STATES | {State.COMPLETED})
    orders = orders.filter(team=team) if team else orders.none()
    return render(
        request,
        "work/crew.html",
        {
            "team": team,
            "orders": orders.order_by("priority", "complete_due").select_related("team"),
            "status": getattr(team, "crew_status", None) if team else None,
        },
    )


@login_required
@permission_required("work.work_workorder", raise_exception=True)
def crew_order(request, pk):
    order = get_object_or_404(WorkOrder.objects.restrict(request.user).select_related("team"), pk=pk)
    return render(
        request,
        "work/crew_order.html",
        {
            "order": order,
            "actions": _actions(order, request.user),
            "clock": sla_clock(order),
            "form": forms.TransitionForm(user=request.user, order=order, initial={"version": order.version}),
            "photo_form": forms.PhotoForm(),
            "tickets": order.tickets.all(),
            "photos": order.photos.all(),
            "can_secure": order.is_open and order.secured_at is None and order.secure_due is not None,
        },
    )


@login_required
@require_POST
def crew_status(request):
    staff = getattr(request.user, "staff", None)
    if staff is None or staff.team is None or not request.user.has_perm("work.change_crewstatus"):
        raise PermissionDenied
    on_duty = {"1": True, "0": False}.get(request.POST.get("on_duty"))
    try:
        lon = float(request.POST["lon"]) if request.POST.get("lon") else None
        lat = float(request.POST["lat"]) if request.POST.get("lat") else None
        services.update_crew(staff.team, on_duty=on_duty, lon=lon, lat=lat)
    except (ValueError, ValidationError):
        return HttpResponse(_("Bad position."), status=400)
    if request.headers.get("HX-Request") or request.POST.get("lon"):
        return HttpResponse(status=204)
    return redirect("work:crew")


# -- figures -------------------------------------------------------------------------------------


@login_required
@permission_required("work.view_workorder", raise_exception=True)
def figures(request):
    """The repair centre's figures for a period, with charts."""
    today = timezone.localdate()
    try:
        start = (
            date.fromisoformat(request.GET.get("start", ""))
            if request.GET.get("start")
            else today - timedelta(days=182)
        )
        end = date.fromisoformat(request.GET.get("end", "")) if request.GET.get("end") else today
    except ValueError:
        start, end = today - timedelta(days=182), today
        messages.error(request, _("Dates are YYYY-MM-DD."))
    ids = scope.company_ids(request.user)
    companies = Company.objects.all() if ids is None else Company.objects.filter(pk__in=ids)
    code = request.GET.get("company", "")
    company = companies.filter(code=code).first() if code else None
    data = services.summary(company, start, end, user=request.user)
    daily = _daily_counts(request.user, company, start, end)
    return render(
        request,
        "work/figures.html",
        {
            "summary": data,
            "start": start,
            "end": end,
            "companies": companies,
            "company": company,
            "category_labels": {c.value: str(c.label) for c in Category},
            "chart": {
                "days": [d for d, _ in daily],
                "calls": [n for _, n in daily],
                "categories": [
                    {"name": str(Category(k).label), "value": v} for k, v in data["tickets_by_category"].items() if v
                ],
            },
        },
    )


def _daily_counts(user, company, start, end):
    from django.db.models.functions import TruncDate

    since, until = services._bounds(start, end)
    tickets = Ticket.objects.restrict(user).filter(received_at__gte=since, received_at__lt=until)
    if company:
        tickets = tickets.filter(company=company)
    counts = dict(
        tickets.annotate(day=TruncDate("received_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day")
        .annotate(n=Count("id"))
        .order_by()
    )
    days = []
    day = start
    while day <= end:
        days.append((day.isoformat(), counts.get(day, 0)))
        day += timedelta(days=1)
    return days
