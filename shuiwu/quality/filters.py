"""FilterSets of the lab, shared by its pages and its API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.quality.choices import (
    ExceedanceLevel,
    ExceedanceStatus,
    LimitKind,
    ParameterGroup,
    PointKind,
    SampleStatus,
    StandardKind,
    TaskKind,
    TaskStatus,
    Verdict,
)
from shuiwu.quality.models import (
    Exceedance,
    Limit,
    Parameter,
    Plan,
    Result,
    Sample,
    SampleTask,
    SamplingPoint,
    Standard,
)


class ParameterFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "name_en")
    group = django_filters.MultipleChoiceFilter(choices=ParameterGroup.choices, label=_("group"))

    class Meta:
        model = Parameter
        fields = ["q", "group", "active"]


class StandardFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "source")

    class Meta:
        model = Standard
        fields = ["q", "kind", "active"]


class LimitFilterSet(BaseFilterSet):
    search_fields = ("parameter__code", "parameter__name", "source", "note")
    standard = django_filters.ModelChoiceFilter(queryset=Standard.objects.all(), label=_("standard"))
    standard_kind = django_filters.ChoiceFilter(
        field_name="standard__kind", choices=StandardKind.choices, label=_("national or internal")
    )
    kind = django_filters.MultipleChoiceFilter(choices=LimitKind.choices, label=_("limit kind"))
    parameter_id = django_filters.NumberFilter(field_name="parameter_id")

    class Meta:
        model = Limit
        fields = ["q", "standard", "standard_kind", "kind", "grade", "confirmed", "parameter_id"]


class SamplingPointFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "address")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=PointKind.choices, label=_("kind"))

    class Meta:
        model = SamplingPoint
        fields = ["q", "company", "company_id", "kind", "active"]


class PlanFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "source")

    class Meta:
        model = Plan
        fields = ["q", "period", "local_policy", "active"]


class SampleTaskFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("point__code", "point__name", "plan__name", "reason")
    ui_hidden = ("company_id", "point_id")
    status = django_filters.MultipleChoiceFilter(choices=TaskStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=TaskKind.choices, label=_("kind"))
    point_kind = django_filters.MultipleChoiceFilter(
        field_name="point__kind", choices=PointKind.choices, label=_("point kind")
    )
    plan = django_filters.ModelChoiceFilter(queryset=Plan.objects.all(), label=_("plan"))
    due_after = django_filters.DateFilter(field_name="due", lookup_expr="gte", label=_("due from"))
    due_before = django_filters.DateFilter(field_name="due", lookup_expr="lte", label=_("due until"))
    point_id = django_filters.NumberFilter(field_name="point_id")

    class Meta:
        model = SampleTask
        fields = ["q", "company", "company_id", "status", "kind", "point_kind", "plan", "late", "due_after",
                  "due_before", "point_id"]  # fmt: skip


class SampleFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "point__code", "point__name", "sampled_by", "note")
    ui_hidden = ("company_id", "point_id")
    status = django_filters.MultipleChoiceFilter(choices=SampleStatus.choices, label=_("status"))
    kind = django_filters.MultipleChoiceFilter(choices=TaskKind.choices, label=_("kind"))
    point_kind = django_filters.MultipleChoiceFilter(
        field_name="point__kind", choices=PointKind.choices, label=_("point kind")
    )
    sampled_after = django_filters.DateFilter(field_name="sampled_at", lookup_expr="date__gte", label=_("from"))
    sampled_before = django_filters.DateFilter(field_name="sampled_at", lookup_expr="date__lte", label=_("until"))
    point_id = django_filters.NumberFilter(field_name="point_id")

    class Meta:
        model = Sample
        fields = ["q", "company", "company_id", "status", "kind", "point_kind", "sampled_after", "sampled_before",
                  "point_id"]  # fmt: skip


class ResultFilterSet(BaseFilterSet):
    search_fields = ("sample__number", "parameter__code", "parameter__name", "sample__point__code")
    national = django_filters.MultipleChoiceFilter(choices=Verdict.choices, label=_("national verdict"))
    internal = django_filters.MultipleChoiceFilter(choices=Verdict.choices, label=_("internal verdict"))
    parameter = django_filters.CharFilter(field_name="parameter__code", label=_("parameter code"))
    point = django_filters.CharFilter(field_name="sample__point__code", label=_("point code"))
    sample_id = django_filters.NumberFilter(field_name="sample_id")
    sampled_after = django_filters.DateFilter(field_name="sample__sampled_at", lookup_expr="date__gte")
    sampled_before = django_filters.DateFilter(field_name="sample__sampled_at", lookup_expr="date__lte")

    class Meta:
        model = Result
        fields = ["q", "national", "internal", "parameter", "point", "sample_id", "sampled_after", "sampled_before"]


class ExceedanceFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("point__code", "point__name", "parameter__name", "reported", "note")
    ui_hidden = ("company_id",)
    level = django_filters.MultipleChoiceFilter(choices=ExceedanceLevel.choices, label=_("level"))
    status = django_filters.MultipleChoiceFilter(choices=ExceedanceStatus.choices, label=_("status"))

    class Meta:
        model = Exceedance
        fields = ["q", "company", "company_id", "level", "status"]
