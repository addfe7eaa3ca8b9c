"""FilterSets of hydraulics, shared by its pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.hydraulics.choices import RunStatus, ScenarioKind
from shuiwu.hydraulics.models import HydraulicModel, Run, Scenario
from shuiwu.org.filters import CompanyFilterMixin


class ScenarioFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("name", "description")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=ScenarioKind.choices, label=_("kind"))

    class Meta:
        model = Scenario
        fields = ["q", "company", "company_id", "kind"]


class RunFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("scenario__name",)
    ui_hidden = ("company_id", "scenario")
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices, label=_("status"))

    class Meta:
        model = Run
        fields = ["q", "company", "company_id", "status", "scenario", "model"]


class HydraulicModelFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("name", "source_file")
    ui_hidden = ("company_id",)

    class Meta:
        model = HydraulicModel
        fields = ["q", "company", "company_id", "source"]
