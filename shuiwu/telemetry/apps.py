from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TelemetryConfig(AppConfig):
    name = "shuiwu.telemetry"
    label = "telemetry"
    verbose_name = _("Telemetry")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.telemetry import home, rules  # noqa: F401  (declares the rules)

        navigation.register(
            navigation.MenuSection(
                key="telemetry",
                label=_("Telemetry"),
                icon="activity",
                order=40,
                items=(
                    navigation.MenuItem(_("Live overview"), "telemetry:overview", "telemetry.view_sensor"),
                    navigation.MenuItem(_("Alarms"), "telemetry:alarm_list", "telemetry.view_alarm"),
                    navigation.MenuItem(_("Sensors"), "telemetry:sensor_list", "telemetry.view_sensor"),
                    navigation.MenuItem(_("Daily supply"), "telemetry:supply", "telemetry.view_sensor"),
                    navigation.MenuItem(_("Alarm rules"), "telemetry:alarmrule_list", "telemetry.view_alarmrule"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="telemetry_seed_alarm_rules")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded alarm rules are back if the table is empty."""
    from shuiwu.telemetry.defaults import seed
    from shuiwu.telemetry.models import AlarmRule

    seed(AlarmRule)
