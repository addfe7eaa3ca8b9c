from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "shuiwu.analytics"
    label = "analytics"
    verbose_name = _("Analytics")

    def ready(self):
        from shuiwu.analytics import home, rules  # noqa: F401  (declares the rules)
        from shuiwu.core import navigation

        navigation.register(
            navigation.MenuSection(
                key="analytics",
                label=_("Analytics"),
                icon="graph",
                order=48,
                items=(
                    navigation.MenuItem(_("Water balance"), "analytics:balance_list", "analytics.view_waterbalance"),
                    navigation.MenuItem(_("Night flow"), "analytics:night_flow", "analytics.view_waterbalance"),
                    navigation.MenuItem(_("Leak detections"), "analytics:leak_list", "analytics.view_leakdetection"),
                    navigation.MenuItem(_("Pipe risk"), "analytics:risk_list", "analytics.view_piperisk"),
                    navigation.MenuItem(_("Supply forecast"), "analytics:forecast", "telemetry.view_sensor"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)
