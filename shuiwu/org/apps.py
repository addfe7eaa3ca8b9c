from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "shuiwu.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self):
        from shuiwu.core import navigation, scope
        from shuiwu.org import services, signals  # noqa: F401

        scope.set_membership_resolver(services.user_company_ids)
        navigation.register(
            navigation.MenuSection(
                key="org",
                label=_("Organisation"),
                icon="people",
                order=90,
                items=(
                    navigation.MenuItem(_("Companies"), "org:company_list", "org.view_company"),
                    navigation.MenuItem(_("Departments"), "org:department_list", "org.view_department"),
                    navigation.MenuItem(_("Teams"), "org:team_list", "org.view_team"),
                    navigation.MenuItem(_("Staff"), "org:staff_list", "org.view_staff"),
                ),
            )
        )
