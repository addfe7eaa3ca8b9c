"""Forms of the lab's pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.quality.choices import PointKind
from shuiwu.quality.models import Limit, Parameter, Plan, SamplingPoint


class KindsField(forms.MultipleChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("choices", PointKind.choices)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)


class SamplingPointForm(ScopedModelForm):
    class Meta:
        model = SamplingPoint
        fields = ["company", "code", "name", "kind", "asset", "plant", "lon", "lat", "address", "active", "note"]
        widgets = {"asset": forms.NumberInput, "plant": forms.NumberInput}
        help_texts = {"asset": _("Asset id"), "plant": _("Plant asset id")}


class ParameterForm(ScopedModelForm):
    class Meta:
        model = Parameter
        fields = ["code", "name", "name_en", "unit", "group", "value_type", "decimals", "aliases",
                  "analyser_measure", "order", "active"]  # fmt: skip


class LimitForm(ScopedModelForm):
    point_kinds = KindsField(label=_("only at"), required=False)

    class Meta:
        model = Limit
        fields = ["standard", "parameter", "point_kinds", "kind", "lower", "upper", "grade", "confirmed", "source",
                  "note"]  # fmt: skip


class PlanForm(ScopedModelForm):
    point_kinds = KindsField(label=_("at points of kind"))

    class Meta:
        model = Plan
        fields = ["code", "name", "point_kinds", "parameters", "period", "every", "times", "grade", "source",
                  "local_policy", "active", "order"]  # fmt: skip
        widgets = {"parameters": forms.SelectMultiple(attrs={"size": 12})}


class TakeSampleForm(forms.Form):
    sampled_at = forms.DateTimeField(
        label=_("sampled at"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    sampled_by = forms.CharField(label=_("sampled by"), required=False, max_length=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ReviewForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
