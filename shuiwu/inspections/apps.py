from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "shuiwu.inspections"
    label = "inspections"
    verbose_name = _("Patrols and inspections")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.inspections import home, rules  # noqa: F401  (declares the rules)

        navigation.register(
            navigation.MenuSection(
                key="inspections",
                label=_("Patrols"),
                icon="walk",
                order=30,
                items=(
                    navigation.MenuItem(_("Today's rounds"), "inspections:today", "inspections.view_round"),
                    navigation.MenuItem(_("My rounds"), "inspections:mine", "inspections.change_round"),
                    navigation.MenuItem(_("Rounds"), "inspections:round_list", "inspections.view_round"),
                    navigation.MenuItem(_("Inspection plans"), "inspections:plan_list", "inspections.view_plan"),
                    navigation.MenuItem(_("Findings"), "inspections:finding_list", "inspections.view_finding"),
                    navigation.MenuItem(
                        _("Violation cases"), "inspections:violation_list", "inspections.view_violation"
                    ),
                    navigation.MenuItem(_("Inspection figures"), "inspections:figures", "inspections.view_round"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="inspections_seed_checklists")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded checklists are back if they are missing."""
    from shuiwu.inspections.defaults import seed
    from shuiwu.inspections.models import Checklist, ChecklistItem

    seed(Checklist, ChecklistItem)
