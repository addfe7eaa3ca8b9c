"""Reports: the KPI catalogue, the group dashboard and the half-year scorecard, computed from the apps' summaries."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shuiwu.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from django.db.models.signals import post_migrate

        from shuiwu.core import navigation
        from shuiwu.reports import home

        navigation.register(
            navigation.MenuSection(
                key="reports",
                label=_("Reports"),
                icon="chart",
                order=5,
                items=(
                    navigation.MenuItem(_("Group dashboard"), "reports:dashboard", "reports.view_kpi"),
                    navigation.MenuItem(_("Scorecard"), "reports:scorecard", "reports.view_kpi"),
                    navigation.MenuItem(_("Report downloads"), "reports:report_list", "reports.view_report"),
                    navigation.MenuItem(_("KPI catalogue"), "reports:kpi_list", "reports.view_kpi"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)
        post_migrate.connect(_seed, sender=self, dispatch_uid="reports_seed_kpis")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded KPIs are back if they are missing."""
    from shuiwu.reports.defaults import seed
    from shuiwu.reports.models import Kpi

    seed(Kpi)
