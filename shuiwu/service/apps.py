from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    name = "shuiwu.service"
    label = "service"
    verbose_name = _("Service counter")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.service import home

        navigation.register(
            navigation.MenuSection(
                key="service",
                label=_("Service counter"),
                icon="counter",
                order=55,
                items=(
                    navigation.MenuItem(_("Application queue"), "service:application_list", "service.view_application"),
                    navigation.MenuItem(_("New application"), "service:application_add", "service.add_application"),
                    navigation.MenuItem(_("Service windows"), "service:window_list", "service.view_window"),
                    navigation.MenuItem(
                        _("Application types"), "service:applicationtype_list", "service.view_applicationtype"
                    ),
                    navigation.MenuItem(_("Holidays"), "service:holiday_list", "service.view_holiday"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="service_seed_types")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded application types and holidays are back if they are missing."""
    from shuiwu.service.defaults import seed
    from shuiwu.service.models import ApplicationType, Holiday

    seed(ApplicationType, Holiday)
