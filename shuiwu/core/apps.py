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
