from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HydraulicsConfig(AppConfig):
    name = "shuiwu.hydraulics"
    label = "hydraulics"
    verbose_name = _("Hydraulics")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.hydraulics import rules  # noqa: F401  (declares the rules)

        navigation.register(
            navigation.MenuSection(
                key="hydraulics",
                label=_("Hydraulics"),
                icon="droplet",
                order=45,
                items=(
                    navigation.MenuItem(_("Scenarios"), "hydraulics:scenario_list", "hydraulics.view_scenario"),
                    navigation.MenuItem(_("Runs"), "hydraulics:run_list", "hydraulics.view_run"),
                    navigation.MenuItem(_("Burst isolation"), "hydraulics:isolation", "hydraulics.view_run"),
                    navigation.MenuItem(_("Fire flow"), "hydraulics:fire_flow", "hydraulics.view_run"),
                    navigation.MenuItem(
                        _("Criticality"), "hydraulics:criticality_list", "hydraulics.view_criticalityrun"
                    ),
                    navigation.MenuItem(
                        _("Hydraulic models"), "hydraulics:hydraulicmodel_list", "hydraulics.view_hydraulicmodel"
                    ),
                ),
            )
        )
