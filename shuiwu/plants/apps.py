from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlantsConfig(AppConfig):
    name = "shuiwu.plants"
    label = "plants"
    verbose_name = _("Plant operations")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.plants import (
            home,
            rules,  # noqa: F401  (declares the rules)
        )

        navigation.register(
            navigation.MenuSection(
                key="plants",
                label=_("Plant operations"),
                icon="factory",
                order=35,
                items=(
                    navigation.MenuItem(_("Plants"), "plants:plant_list", "plants.view_dailylog"),
                    navigation.MenuItem(_("Daily logs"), "plants:dailylog_list", "plants.view_dailylog"),
                    navigation.MenuItem(_("Record a day"), "plants:dailylog_add", "plants.add_dailylog"),
                    navigation.MenuItem(_("Chemical stock"), "plants:chemicalstock_list", "plants.view_chemicalstock"),
                    navigation.MenuItem(_("Backwash log"), "plants:backwash_list", "plants.view_backwash"),
                    navigation.MenuItem(_("Shift logs"), "plants:shiftlog_list", "plants.view_shiftlog"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="plants_seed_chemicals")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded chemicals are back if they are missing."""
    from shuiwu.plants.defaults import seed
    from shuiwu.plants.models import Chemical

    seed(Chemical)
