"""Forms of hydraulics: scenarios (element lists typed as codes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.core.forms import ScopedModelForm
from shuiwu.hydraulics.models import Scenario


def _codes(text: str) -> list[str]:
    return [c.strip() for c in (text or "").replace("，", ",").replace("\n", ",").split(",") if c.strip()]


class ScenarioForm(ScopedModelForm):
    closed_links_text = forms.CharField(
        label=_("closed pipes and valves"), required=False, help_text=_("Codes, comma-separated")
    )
    pumps_off_text = forms.CharField(label=_("pumps off"), required=False, help_text=_("Codes, comma-separated"))

    class Meta:
        model = Scenario
        fields = [
            "company",
            "name",
            "kind",
            "model",
            "duration_h",
            "step_s",
            "demand_factor",
            "closed_links_text",
            "pumps_off_text",
            "fire_node",
            "fire_flow_lps",
            "fire_start_h",
            "fire_duration_h",
            "pressure_dependent",
            "description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_links_text"].initial = ", ".join(self.instance.closed_links or [])
        self.fields["pumps_off_text"].initial = ", ".join(self.instance.pumps_off or [])

    def clean(self):
        self.instance.closed_links = _codes(self.cleaned_data.get("closed_links_text"))
        self.instance.pumps_off = _codes(self.cleaned_data.get("pumps_off_text"))
        return super().clean()
