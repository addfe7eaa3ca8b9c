"""The customers and billing menu section and home-page tiles (registered by the app's ``ready``)."""

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from shuiwu.core import navigation
    from shuiwu.customers import home

    navigation.register(
        navigation.MenuSection(
            key="customers",
            label=_("Customers and billing"),
            icon="receipt",
            order=50,
            items=(
                navigation.MenuItem(_("Counter"), "customers:counter", "customers.add_payment"),
                navigation.MenuItem(_("Customers"), "customers:customer_list", "customers.view_customer"),
                navigation.MenuItem(_("Accounts"), "customers:account_list", "customers.view_account"),
                navigation.MenuItem(_("Meters"), "customers:meter_list", "customers.view_meter"),
                navigation.MenuItem(_("Meter readings"), "customers:meterreading_list", "customers.view_meterreading"),
                navigation.MenuItem(_("Reading books"), "customers:readingbook_list", "customers.view_readingbook"),
                navigation.MenuItem(_("Billing runs"), "customers:billingrun_list", "customers.view_billingrun"),
                navigation.MenuItem(_("Bills"), "customers:bill_list", "customers.view_bill"),
                navigation.MenuItem(_("Payments"), "customers:payment_list", "customers.view_payment"),
                navigation.MenuItem(_("Arrears"), "customers:arrears", "customers.view_bill"),
                navigation.MenuItem(
                    _("Demands for payment"), "customers:arrearsnotice_list", "customers.view_arrearsnotice"
                ),
                navigation.MenuItem(
                    _("Disconnections"), "customers:disconnection_list", "customers.view_disconnection"
                ),
                navigation.MenuItem(_("Tariffs"), "customers:tariff_list", "customers.view_tariff"),
                navigation.MenuItem(_("Relief policies"), "customers:reliefpolicy_list", "customers.view_reliefpolicy"),
            ),
        )
    )
    navigation.register_tiles(home.tiles)
