"""Pages of telemetry: the live overview, sensors with their charts, alarms, alarm rules, daily supply."""

from datetime import date, timedelta

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shuiwu.core import views as core
from shuiwu.core.exceptions import ConflictError
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.telemetry import alarms, filters, forms, services
from shuiwu.telemetry.choices import SEVERITY_COLOURS, AlarmState, Measure
from shuiwu.telemetry.models import Alarm, AlarmRule, Sensor

# -- tables --------------------------------------------------------------------------


class SensorTable(BaseTable):
    code = LinkColumn()
    last_ts = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name=gettext_lazy("last reading at"))
    last_value = tables.Column(verbose_name=gettext_lazy("last value"))

    class Meta(BaseTable.Meta):
        model = Sensor
        fields = ("code", "name", "measure", "role", "asset", "last_value", "last_ts", "active", "company")

    def render_last_value(self, value, record):
        text = f"{value:.3g} {record.unit}".strip()
        return format_html('<span class="text-danger">{}</span>', text) if record.last_flag else text


class AlarmTable(BaseTable):
    raised_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=lambda record: record.get_absolute_url())
    state = tables.Column(verbose_name=gettext_lazy("state"), accessor="pk", orderable=False)
    cleared_at = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(BaseTable.Meta):
        model = Alarm
        fields = ("raised_at", "severity", "state", "message", "sensor", "cleared_at", "ticket")

    def render_severity(self, value, record):
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', SEVERITY_COLOURS.get(record.severity, "light"), value
        )

    def render_state(self, record):
        badge = format_html('<span class="badge text-bg-{}">{}</span>', record.state_colour, record.state_label)
        if record.state == AlarmState.ACTIVE:
            return format_html(
                '{} <button class="btn btn-sm btn-outline-primary py-0 ms-1" form="ack-form" name="alarm" '
                'value="{}">{}</button>',
                badge,
                record.pk,
                _("Acknowledge"),
            )
        return badge

    def render_ticket(self, value, record):
        return format_html('<a href="{}">{}</a>', record.ticket.get_absolute_url(), record.ticket.number)

    def render_sensor(self, value, record):
        return format_html('<a href="{}">{}</a>', record.sensor.get_absolute_url(), record.sensor.code)


class AlarmRuleTable(BaseTable):
    name = LinkColumn()

    class Meta(BaseTable.Meta):
        model = AlarmRule
        fields = ("name", "kind", "measure", "role", "threshold", "hysteresis", "debounce", "severity")
        fields += ("open_ticket", "local_policy", "active")


# -- the live overview ----------------------------------------------------------------


@login_required
@permission_required("telemetry.view_sensor", raise_exception=True)
def overview(request):
    labels = {
        "today": _("today"),
        "yesterday": _("yesterday"),
        "last_year": _("same day last year"),
        "acknowledge": _("Acknowledge"),
        "none": _("No active alarms."),
        "measures": {m.value: str(m.label) for m in Measure},
        "api": "/api/telemetry/overview/",
        "ack_api": "/api/telemetry/alarms/{id}/acknowledge/",
        "can_ack": request.user.has_perm("telemetry.change_alarm"),
    }
    return render(request, "telemetry/overview.html", {"data": services.overview(request.user), "labels": labels})


# -- sensors ------------------------------------------------------------------------------


class SensorListView(core.ObjectListView):
    model = Sensor
    filterset_class = filters.SensorFilterSet
    table_class = SensorTable
    select_related = ("asset", "company")
    create_url_name = "telemetry:sensor_add"


class SensorDetailView(core.ObjectDetailView):
    model = Sensor
    template_name = "telemetry/sensor_detail.html"
    select_related = ("asset", "dma", "company")
    edit_url_name = "telemetry:sensor_edit"
    delete_url_name = "telemetry:sensor_delete"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sensor = self.object
        context["alarms"] = sensor.alarms.select_related("rule").order_by("-raised_at")[:10]
        context["rules"] = [r for r in AlarmRule.objects.filter(active=True) if r.applies_to(sensor)]
        context["chart_config"] = {
            "sensor": sensor.pk,
            "code": sensor.code,
            "unit": sensor.unit,
            "end": (sensor.last_ts or timezone.now()).isoformat(),
            "api": "/api/telemetry/readings/",
            "labels": {
                "value": _("value"),
                "min": _("minimum"),
                "mean": _("mean"),
                "max": _("maximum"),
                "raw": _("raw readings"),
                "hour": _("hourly"),
                "day": _("daily"),
                "empty": _("No readings in this range."),
            },
        }
        return context


class SensorEditView(core.ObjectEditView):
    model = Sensor
    form_class = forms.SensorForm


class SensorDeleteView(core.ObjectDeleteView):
    model = Sensor
    success_url_name = "telemetry:sensor_list"


# -- alarms ------------------------------------------------------------------------------


class AlarmListView(core.ObjectListView):
    model = Alarm
    filterset_class = filters.AlarmFilterSet
    table_class = AlarmTable
    select_related = ("sensor", "rule", "ticket", "company")
    template_name = "telemetry/alarm_list.html"


class AlarmDetailView(core.ObjectDetailView):
    model = Alarm
    template_name = "telemetry/alarm_detail.html"
    select_related = ("sensor", "rule", "ticket", "acknowledged_by", "company")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        alarm = self.object
        start = alarm.raised_at - timedelta(hours=12)
        end = (alarm.cleared_at or timezone.now()) + timedelta(hours=6)
        end = min(end, start + timedelta(days=7))
        context["chart_config"] = {
            "sensor": alarm.sensor_id,
            "code": alarm.sensor.code,
            "unit": alarm.sensor.unit,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "fixed": True,
            "threshold": alarm.rule.threshold if alarm.rule.kind in ("low", "high") else None,
            "api": "/api/telemetry/readings/",
            "labels": {"value": _("value"), "min": _("minimum"), "mean": _("mean"), "max": _("maximum")},
        }
        return context


def _back(request, fallback: str):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or fallback
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = fallback
    return redirect(target)


@require_POST
@login_required
@permission_required("telemetry.change_alarm", raise_exception=True)
def alarm_acknowledge(request, pk=None):
    alarm = get_object_or_404(Alarm.objects.restrict(request.user), pk=pk or request.POST.get("alarm"))
    try:
        alarms.acknowledge(alarm, user=request.user)
        messages.success(request, _("Acknowledged: %(alarm)s") % {"alarm": alarm.message})
    except ConflictError as exc:
        messages.warning(request, str(exc))
    return _back(request, alarm.get_absolute_url())


@require_POST
@login_required
@permission_required("work.add_ticket", raise_exception=True)
def alarm_ticket(request, pk):
    alarm = get_object_or_404(Alarm.objects.restrict(request.user), pk=pk)
    ticket = alarms.open_ticket(alarm, user=request.user)
    messages.success(request, _("Ticket %(number)s opened.") % {"number": ticket.number})
    return redirect(alarm.get_absolute_url())


# -- alarm rules ----------------------------------------------------------------------------


class AlarmRuleListView(core.ObjectListView):
    model = AlarmRule
    filterset_class = filters.AlarmRuleFilterSet
    table_class = AlarmRuleTable
    create_url_name = "telemetry:alarmrule_add"


class AlarmRuleDetailView(core.ObjectDetailView):
    model = AlarmRule
    edit_url_name = "telemetry:alarmrule_edit"
    delete_url_name = "telemetry:alarmrule_delete"


class AlarmRuleEditView(core.ObjectEditView):
    model = AlarmRule
    form_class = forms.AlarmRuleForm


class AlarmRuleDeleteView(core.ObjectDeleteView):
    model = AlarmRule
    success_url_name = "telemetry:alarmrule_list"


# -- daily supply ---------------------------------------------------------------------------


@login_required
@permission_required("telemetry.view_sensor", raise_exception=True)
def supply(request):
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET["start"]) if request.GET.get("start") else today - timedelta(days=90)
        end = date.fromisoformat(request.GET["end"]) if request.GET.get("end") else today
    except ValueError:
        messages.warning(request, _("Dates are written YYYY-MM-DD; showing the last 90 days."))
        start, end = today - timedelta(days=90), today
    if start > end:
        start, end = end, start
    start = max(start, end - timedelta(days=800))
    data = services.daily_supply(start, end, user=request.user)
    known = [v for v in data["city"] if v is not None]
    peak = max(known) if known else None
    context = {
        "data": data,
        "start": start,
        "end": end,
        "total": sum(known) if known else None,
        "mean": sum(known) / len(known) if known else None,
        "peak": peak,
        "peak_day": data["days"][data["city"].index(peak)] if peak is not None else None,
        "rows": [
            (day, [p["volumes"][i] for p in data["plants"]], data["city"][i]) for i, day in enumerate(data["days"])
        ][::-1],
        "plant_names": [p["name"] for p in data["plants"]],
    }
    return render(request, "telemetry/supply.html", context)
