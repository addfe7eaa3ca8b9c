"""The water-quality lab: parameters and limits, sampling points and plans, samples, results, compliance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "shuiwu.quality"
    label = "quality"
    verbose_name = _("Water quality")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.quality import (
            home,
            rules,  # noqa: F401  (declares the rules)
        )

        item = navigation.MenuItem
        navigation.register(
            navigation.MenuSection(
                key="quality",
                label=_("Water quality"),
                icon="droplet",
                order=35,
                items=(
                    item(_("Lab bench"), "quality:bench", "quality.view_sample"),
                    item(_("Samples"), "quality:sample_list", "quality.view_sample"),
                    item(_("Results grid"), "quality:grid", "quality.view_result"),
                    item(_("Trends"), "quality:trend", "quality.view_result"),
                    item(_("Compliance"), "quality:compliance", "quality.view_result"),
                    item(_("Monthly disclosure"), "quality:disclosure", "quality.view_result"),
                    item(_("Exceedances"), "quality:exceedance_list", "quality.view_exceedance"),
                    item(_("Sample tasks"), "quality:sampletask_list", "quality.view_sampletask"),
                    item(_("Sampling points"), "quality:samplingpoint_list", "quality.view_samplingpoint"),
                    item(_("Sampling plans"), "quality:plan_list", "quality.view_plan"),
                    item(_("Parameters"), "quality:parameter_list", "quality.view_parameter"),
                    item(_("Limits"), "quality:limit_list", "quality.view_limit"),
                    item(_("Import results"), "quality:import", "quality.change_sample"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="quality_seed_defaults")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the seeded parameters, standards, limits and plans are back if missing."""
    from shuiwu.quality.defaults import seed
    from shuiwu.quality.models import Limit, Parameter, Plan, Standard

    seed(Parameter, Standard, Limit, Plan)
