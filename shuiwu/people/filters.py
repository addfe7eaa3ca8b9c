"""FilterSets of the people app, shared by its pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.people.choices import ActivityKind, AttendanceStatus, TeamKind, TrainingCategory
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam


class TrainingFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("topic", "organiser", "trainer", "location")
    ui_hidden = ("company_id", "start_after", "start_before")
    category = django_filters.MultipleChoiceFilter(choices=TrainingCategory.choices, label=_("training category"))
    start_after = django_filters.DateFilter(field_name="start_on", lookup_expr="gte")
    start_before = django_filters.DateFilter(field_name="start_on", lookup_expr="lte")

    class Meta:
        model = Training
        fields = ["q", "company", "company_id", "category", "start_after", "start_before"]


class AttendanceFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "staff__employee_no", "training__topic")
    training_id = django_filters.NumberFilter(field_name="training_id")
    staff_id = django_filters.NumberFilter(field_name="staff_id")
    status = django_filters.MultipleChoiceFilter(choices=AttendanceStatus.choices)

    class Meta:
        model = Attendance
        fields = ["q", "training_id", "staff_id", "status"]


class ActivityFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("title", "organiser", "location")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=ActivityKind.choices, label=_("kind"))

    class Meta:
        model = Activity
        fields = ["q", "company", "company_id", "kind"]


class ActivityEntryFilterSet(BaseFilterSet):
    search_fields = ("staff__name", "activity__title", "award")
    activity_id = django_filters.NumberFilter(field_name="activity_id")
    staff_id = django_filters.NumberFilter(field_name="staff_id")

    class Meta:
        model = ActivityEntry
        fields = ["q", "activity_id", "staff_id", "role"]


class VolunteerTeamFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("name", "description")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=TeamKind.choices, label=_("kind"))

    class Meta:
        model = VolunteerTeam
        fields = ["q", "company", "company_id", "kind"]


class VolunteerServiceFilterSet(BaseFilterSet):
    search_fields = ("title", "location", "note")
    team_id = django_filters.NumberFilter(field_name="team_id")
    staff_id = django_filters.NumberFilter(field_name="participants")

    class Meta:
        model = VolunteerService
        fields = ["q", "team_id", "staff_id"]
