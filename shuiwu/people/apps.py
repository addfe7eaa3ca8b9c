"""People: trainings and attendance, activities and contests, volunteer teams and their hours."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shuiwu.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from shuiwu.core import navigation
        from shuiwu.people import home

        navigation.register(
            navigation.MenuSection(
                key="people",
                label=_("People"),
                icon="people",
                order=80,
                items=(
                    navigation.MenuItem(_("Training calendar"), "people:calendar", "people.view_training"),
                    navigation.MenuItem(_("Trainings"), "people:training_list", "people.view_training"),
                    navigation.MenuItem(_("Activities and contests"), "people:activity_list", "people.view_activity"),
                    navigation.MenuItem(_("Volunteer teams"), "people:volunteerteam_list", "people.view_volunteerteam"),
                    navigation.MenuItem(_("Hours per person"), "people:person_list", "people.view_training"),
                ),
            )
        )
        navigation.register_tiles(home.tiles)
