"""Forms of telemetry: sensors (placed by asset code) and alarm rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.models import Asset
from shuiwu.core.forms import ScopedModelForm
from shuiwu.telemetry.models import AlarmRule, Sensor


class SensorForm(ScopedModelForm):
    asset_code = forms.CharField(
        label=_("asset code"), required=False, help_text=_("The asset it sits on; its place is the sensor's place")
    )

    class Meta:
        model = Sensor
        fields = [
            "company",
            "code",
            "name",
            "asset_code",
            "dma",
            "measure",
            "role",
            "unit",
            "valid_min",
            "valid_max",
            "expected_interval_s",
            "topic",
            "device_id",
            "lon",
            "lat",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.asset_id:
            self.fields["asset_code"].initial = self.instance.asset.code

    def clean_asset_code(self):
        code = self.cleaned_data.get("asset_code", "").strip()
        if not code:
            return None
        assets = Asset.objects.filter(code=code)
        if self.user is not None:
            assets = assets.restrict(self.user)
        asset = assets.first()
        if asset is None:
            raise forms.ValidationError(_("No asset with code %(code)s in your scope.") % {"code": code})
        return asset

    def save(self, commit=True):
        self.instance.asset = self.cleaned_data.get("asset_code")
        if self.instance.asset is not None and "lon" not in self.changed_data:
            self.instance.lon = self.instance.lat = None  # placed again from the asset
        return super().save(commit)


class AlarmRuleForm(ScopedModelForm):
    class Meta:
        model = AlarmRule
        fields = [
            "name",
            "kind",
            "measure",
            "role",
            "sensor",
            "threshold",
            "hysteresis",
            "debounce",
            "severity",
            "open_ticket",
            "ticket_category",
            "source",
            "local_policy",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from shuiwu.work.choices import Category

        self.fields["ticket_category"] = forms.ChoiceField(
            label=_("ticket category"),
            choices=[("", "—"), *Category.choices],
            required=False,
            widget=forms.Select(attrs={"class": "form-select"}),
        )
