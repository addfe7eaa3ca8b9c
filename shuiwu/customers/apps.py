from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "shuiwu.customers"
    label = "customers"
    verbose_name = _("Customers and billing")

    def ready(self):
        from shuiwu.customers import rules  # noqa: F401  (declares the rules)

        try:
            from shuiwu.customers import navigation_items
        except ImportError:  # pages not there yet
            navigation_items = None
        if navigation_items is not None:
            navigation_items.register()

        from django.db.models.signals import post_migrate

        post_migrate.connect(_seed, sender=self, dispatch_uid="customers_seed_tariffs")


def _seed(sender, **kwargs):
    """After a migrate or a flush: the example tariffs and the relief policy are back if they are missing."""
    from shuiwu.customers.defaults import seed
    from shuiwu.customers.models import ReliefPolicy, Tariff

    seed(Tariff, ReliefPolicy)
