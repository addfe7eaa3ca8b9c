"""Tables of the plant list pages."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.plants import services
from shuiwu.plants.models import Backwash, ChemicalStock, DailyLog, ShiftLog


def _num(value, places=0) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


class DailyLogTable(BaseTable):
    day = tables.DateColumn(format="Y-m-d", linkify=True)
    plant = tables.Column(accessor="plant__name", verbose_name=_("plant"), order_by=("plant__code",))
    inflow_m3 = tables.Column(attrs={"td": {"class": "text-end"}})
    outflow_m3 = tables.Column(attrs={"td": {"class": "text-end"}})
    own_use = tables.Column(
        verbose_name=_("own use %"), accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )
    energy_kwh = tables.Column(attrs={"td": {"class": "text-end"}})
    kwh_per_m3 = tables.Column(
        verbose_name=_("kWh/m³"), accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )
    flags = tables.Column(verbose_name=_("flags"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = DailyLog
        fields = ("day", "plant", "inflow_m3", "outflow_m3", "own_use", "energy_kwh", "kwh_per_m3", "flags")

    def render_inflow_m3(self, value):
        return _num(value)

    def render_outflow_m3(self, value):
        return _num(value)

    def render_energy_kwh(self, value):
        return _num(value)

    def render_own_use(self, value, record):
        return "—" if services.is_sewage(record.plant) else _num(record.own_use_percent, 2)

    def render_kwh_per_m3(self, value, record):
        return _num(record.kwh_per_m3, 3)

    def render_flags(self, value, record):
        found = services.flags(record)
        if not found:
            return ""
        return format_html('<span class="badge text-bg-warning" title="{}">{}</span>', "; ".join(found), len(found))


class ChemicalStockTable(BaseTable):
    chemical = LinkColumn(accessor="chemical", order_by=("chemical__code",))
    plant = tables.Column(accessor="plant__name", verbose_name=_("plant"), order_by=("plant__code",))
    balance_kg = tables.Column(attrs={"td": {"class": "text-end"}})
    minimum_kg = tables.Column(attrs={"td": {"class": "text-end"}})
    per_day = tables.Column(
        verbose_name=_("use per day (kg)"), accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )
    cover = tables.Column(
        verbose_name=_("days of cover"), accessor="pk", orderable=False, attrs={"td": {"class": "text-end"}}
    )
    state = tables.Column(verbose_name=_("state"), accessor="pk", orderable=False)

    class Meta(BaseTable.Meta):
        model = ChemicalStock
        fields = ("chemical", "plant", "balance_kg", "minimum_kg", "capacity_kg", "per_day", "cover", "state")

    def before_render(self, request):
        rows = [row.record for row in self.page.object_list] if hasattr(self, "page") else list(self.data)
        self.status = {row["stock"].pk: row for row in services.stock_status(rows)}

    def render_chemical(self, value, record):
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_balance_kg(self, value):
        return _num(value)

    def render_minimum_kg(self, value):
        return _num(value)

    def render_capacity_kg(self, value):
        return _num(value)

    def render_per_day(self, value, record):
        return _num(self.status.get(record.pk, {}).get("per_day_kg"), 0)

    def render_cover(self, value, record):
        return _num(self.status.get(record.pk, {}).get("days_of_cover"), 1)

    def render_state(self, value, record):
        row = self.status.get(record.pk)
        if row and row["low"]:
            return format_html('<span class="badge text-bg-danger">{}</span>', _("low"))
        return format_html('<span class="badge text-bg-success">{}</span>', _("ok"))


class BackwashTable(BaseTable):
    started_at = tables.DateTimeColumn(format="Y-m-d H:i", linkify=True)
    plant = tables.Column(accessor="plant__name", verbose_name=_("plant"), order_by=("plant__code",))
    unit = tables.Column(accessor="unit__name", verbose_name=_("filter"), order_by=("unit__code",))

    class Meta(BaseTable.Meta):
        model = Backwash
        fields = ("started_at", "plant", "unit", "duration_min", "water_m3", "head_loss_m", "operator", "note")


class ShiftLogTable(BaseTable):
    day = tables.DateColumn(format="Y-m-d", linkify=True)
    plant = tables.Column(accessor="plant__name", verbose_name=_("plant"), order_by=("plant__code",))
    handover_notes = tables.Column(orderable=False)
    received_at = tables.DateTimeColumn(format="m-d H:i")

    class Meta(BaseTable.Meta):
        model = ShiftLog
        fields = ("day", "shift", "plant", "operator", "handed_to", "handover_notes", "received_at")

    def render_handover_notes(self, value):
        return value if len(value) <= 60 else value[:60] + "…"
