from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "shuiwu.work"
    label = "work"
    verbose_name = _("Repair centre")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.work import home, rules  # noqa: F401  (declares the rules)

        navigation.register(
            navigation.MenuSection(
                key="work",
                label=_("Repairs"),
                icon="tools",
                order=20,
                items=(
                    navigation.MenuItem(_("Dispatch board"), "work:board", "work.view_workorder"),
                    navigation.MenuItem(_("Hotline: new call"), "work:hotline", "work.add_ticket"),
                    navigation.MenuItem(_("My crew's orders"), "work:crew", "work.work_workorder"),
                    navigation.MenuItem(_("Work orders"), "work:workorder_list", "work.view_workorder"),
                    navigation.MenuItem(_("Tickets"), "work:ticket_list", "work.view_ticket"),
                    navigation.MenuItem(_("Outages"), "work:outage_list", "work.view_outage"),
                    navigation.MenuItem(_("Repair figures"), "work:figures", "work.view_workorder"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="work_seed_defaults")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the SLA policies and materials are back if their tables are empty."""
    from shuiwu.work.defaults import seed
    from shuiwu.work.models import MaterialItem, SLAPolicy

    seed(SLAPolicy, MaterialItem)
