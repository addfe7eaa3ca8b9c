"""Capital projects: pipes laid, milestones, progress and handover of planned assets."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "shuiwu.projects"
    label = "projects"
    verbose_name = _("Capital projects")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.projects import home

        navigation.register(
            navigation.MenuSection(
                key="projects",
                label=_("Capital projects"),
                icon="projects",
                order=70,
                items=(
                    navigation.MenuItem(_("Project portfolio"), "projects:project_list", "projects.view_project"),
                    navigation.MenuItem(_("New project"), "projects:project_add", "projects.add_project"),
                    navigation.MenuItem(_("Renewal from pipe risk"), "projects:renewal", "projects.add_project"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)
