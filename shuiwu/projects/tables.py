"""The table of the project portfolio."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.projects.models import Project


class ProjectTable(BaseTable):
    code = LinkColumn(attrs={"td": {"class": "text-nowrap"}})
    name = LinkColumn()
    status = tables.Column(verbose_name=_("status"))
    progress_percent = tables.Column(verbose_name=_("work done"))
    laid_m = tables.Column(verbose_name=_("laid / planned (m)"), order_by=("laid_m",))
    budget = tables.Column(verbose_name=_("spent / budget (10k yuan)"), order_by=("budget",))
    planned_end = tables.DateColumn(format="Y-m-d", verbose_name=_("planned finish"))

    class Meta(BaseTable.Meta):
        model = Project
        fields = (
            "code",
            "name",
            "type",
            "company",
            "status",
            "progress_percent",
            "laid_m",
            "budget",
            "planned_start",
            "planned_end",
        )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def render_company(self, value, record):
        return record.company.short_name or record.company.name

    def render_status(self, value, record):
        late = ""
        if record.is_late(self.today):
            late = format_html(' <span class="badge text-bg-danger">{}</span>', _("late"))
        return format_html('<span class="badge text-bg-{}">{}</span>{}', record.status_colour, value, late)

    def render_progress_percent(self, value, record):
        return format_html(
            '<div class="progress" style="height:.9rem;min-width:5rem" title="{}%"><div class="progress-bar" '
            'style="width:{}%">{}%</div></div>',
            value,
            value,
            value,
        )

    def render_laid_m(self, value, record):
        if not record.planned_m:
            return "—"
        return f"{record.laid_m:,.0f} / {record.planned_m:,.0f}"

    def render_budget(self, value, record):
        return f"{float(record.spent) / 10000:,.1f} / {float(record.budget) / 10000:,.1f}"
