from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "shuiwu.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        from shuiwu.core import changelog

        changelog.connect(apps.get_models())

        # Every app may bring its part of the demo city in demo.py.
        autodiscover_modules("demo")

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed_rules, dispatch_uid="core_seed_rules")

        from django.db.models.signals import post_delete, post_save

        from shuiwu.core import rules
        from shuiwu.core.models import Rule

        post_save.connect(rules.forget, sender=Rule, dispatch_uid="core_rules_forget_save")
        post_delete.connect(rules.forget, sender=Rule, dispatch_uid="core_rules_forget_delete")


def _seed_rules(sender, app_config=None, **kwargs):
    """Write the declared rules as editable rows (once per migrate, after every app is ready)."""
    if app_config is not None and app_config.label == "core":
        from shuiwu.core import rules

        rules.seed()
