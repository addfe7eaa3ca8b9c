"""Forms of the capital-project pages."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Material
from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.projects import services
from shuiwu.projects.choices import PipeRole
from shuiwu.projects.models import Project

DATE = {"type": "date"}


class ProjectForm(ScopedModelForm):
    class Meta:
        model = Project
        fields = [
            "company",
            "code",
            "name",
            "type",
            "contractor",
            "address",
            "budget",
            "planned_start",
            "planned_end",
            "description",
        ]
        widgets = {
            "planned_start": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "planned_end": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"code": _("Left empty, the next number is given.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False

    def save(self, commit=True):
        if not self.instance.code:
            start = self.cleaned_data.get("planned_start")
            self.instance.code = services.next_code(start.year if start else None)
        return super().save(commit)


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ProgressForm(_Form):
    reported_on = forms.DateField(label=_("reported on"), widget=forms.DateInput(attrs=DATE))
    percent = forms.DecimalField(label=_("work done (%)"), max_digits=4, decimal_places=1, min_value=0, max_value=100)
    laid_m = forms.FloatField(
        label=_("laid so far (m)"), required=False, min_value=0, help_text=_("Left empty: the pipes ticked below")
    )
    spent = forms.DecimalField(
        label=_("spent so far (yuan)"), required=False, max_digits=14, decimal_places=2, min_value=0
    )
    laid_pipes = forms.MultipleChoiceField(
        label=_("pipes laid"), required=False, widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"})
    )
    reason = forms.CharField(
        label=_("reason"), required=False, max_length=300, help_text=_("Needed when a figure goes down")
    )
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            links = project.pipes.filter(role=PipeRole.NEW, laid_on__isnull=True).select_related("asset")
            self.fields["laid_pipes"].choices = [
                (link.asset_id, f"{link.asset.code} DN{link.asset.diameter or 0:g} {link.asset.length or 0:,.0f} m")
                for link in links
            ]
            self.fields["laid_pipes"].widget.attrs["class"] = "checks"
            if not self.is_bound:
                self.initial.setdefault("percent", project.progress_percent)
                self.initial.setdefault("spent", project.spent)
                self.initial.setdefault("reported_on", services.today().isoformat())


class MilestoneForm(_Form):
    name = forms.CharField(label=_("milestone"), max_length=100)
    planned_on = forms.DateField(label=_("planned on"), widget=forms.DateInput(attrs=DATE))


class PipeForm(_Form):
    coordinates = forms.CharField(widget=forms.HiddenInput, error_messages={"required": _("Draw the pipe on the map.")})
    diameter = forms.FloatField(label=_("DN (mm)"), min_value=1)
    material = forms.ChoiceField(label=_("material"), choices=Material.choices, required=False)

    def clean_coordinates(self):
        try:
            value = json.loads(self.cleaned_data["coordinates"])
        except ValueError:
            raise forms.ValidationError(_("Draw the pipe on the map."))
        if not isinstance(value, list) or len(value) < 2:
            raise forms.ValidationError(_("A pipe needs at least two points."))
        return value


class CancelForm(_Form):
    reason = forms.CharField(label=_("reason"), max_length=300)
