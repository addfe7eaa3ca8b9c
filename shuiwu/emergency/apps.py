"""Emergency preparedness: contingency plans, drills, material stocks and weather modes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "shuiwu.emergency"
    label = "emergency"
    verbose_name = _("Emergency preparedness")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.emergency import home, rules  # noqa: F401  (declares the rules)

        navigation.register(
            navigation.MenuSection(
                key="emergency",
                label=_("Emergency"),
                icon="shield",
                order=70,
                items=(
                    navigation.MenuItem(_("Stock board and readiness"), "emergency:board", "emergency.view_stock"),
                    navigation.MenuItem(
                        _("Contingency plans"), "emergency:plan_list", "emergency.view_contingencyplan"
                    ),
                    navigation.MenuItem(_("Drills"), "emergency:drill_list", "emergency.view_drill"),
                    navigation.MenuItem(_("Weather modes"), "emergency:weathermode_list", "emergency.view_weathermode"),
                    navigation.MenuItem(_("Stock"), "emergency:stock_list", "emergency.view_stock"),
                    navigation.MenuItem(_("Warehouses"), "emergency:warehouse_list", "emergency.view_warehouse"),
                    navigation.MenuItem(_("Material catalogue"), "emergency:material_list", "emergency.view_material"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)
        _register_dispatch_warning()


def _register_dispatch_warning() -> None:
    """Offer the heat-hours warning to the repair centre, if it takes dispatch-warning providers.

    The work app never imports this one: it keeps a list of ``provider(company, start, end) -> str | None``
    that peers add to.
    """
    from shuiwu.work import services as work_services

    providers = getattr(work_services, "dispatch_warning_providers", None)
    if providers is None:
        return
    from shuiwu.emergency.services import dispatch_warning

    if dispatch_warning not in providers:
        providers.append(dispatch_warning)
