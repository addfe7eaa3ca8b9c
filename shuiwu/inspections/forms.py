"""Forms of the inspections: plans, answers at a checkpoint, findings, violation cases."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.inspections.choices import FindingKind
from shuiwu.inspections.models import Plan, Violation
from shuiwu.org.models import Team


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.replace("，", ",").replace("\n", ",").split(",") if c.strip()]


class PlanForm(ScopedModelForm):
    route_codes = forms.CharField(
        label=_("route: pipe codes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Comma-separated; the pipes walked on each round"),
    )
    checkpoint_codes = forms.CharField(
        label=_("checkpoints: asset codes in order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Comma-separated; empty for a facility's units"),
    )

    class Meta:
        model = Plan
        fields = [
            "company",
            "code",
            "name",
            "plan_type",
            "team",
            "checklist",
            "every",
            "unit",
            "window_start",
            "window_end",
            "grace_hours",
            "start_date",
            "end_date",
            "active",
            "local_policy",
            "source",
            "facility",
            "target_km",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["team"].queryset = Team.objects.restrict(self.user)
            self.fields["facility"].queryset = Asset.objects.restrict(self.user).filter(
                kind__in=[Kind.PLANT, Kind.PUMP_STATION, Kind.SECONDARY_UNIT]
            )
        if self.instance.pk:
            self.fields["route_codes"].initial = ", ".join(self.instance.route.values_list("code", flat=True))
            self.fields["checkpoint_codes"].initial = ", ".join(
                self.instance.checkpoints.order_by("order").values_list("asset__code", flat=True)
            )
        style_widgets(self)

    def _assets(self, field, codes, kind=None):
        queryset = Asset.objects.restrict(self.user).filter(code__in=codes)
        if kind:
            queryset = queryset.filter(kind=kind)
        by_code = {}
        for asset in queryset:
            by_code.setdefault(asset.code, asset)
        missing = [c for c in codes if c not in by_code]
        if missing:
            self.add_error(field, _("Unknown codes: %(codes)s") % {"codes": ", ".join(missing)})
        return [by_code[c] for c in codes if c in by_code]

    def clean(self):
        cleaned = super().clean()
        cleaned["route"] = self._assets("route_codes", _codes(cleaned.get("route_codes", "")), Kind.PIPE)
        cleaned["checkpoints"] = self._assets("checkpoint_codes", _codes(cleaned.get("checkpoint_codes", "")))
        return cleaned

    def save(self, commit=True):
        from shuiwu.inspections.models import Checkpoint

        plan = super().save(commit=commit)
        plan.route.set(self.cleaned_data["route"])
        plan.checkpoints.all().delete()
        Checkpoint.objects.bulk_create(
            [Checkpoint(plan=plan, asset=a, order=i) for i, a in enumerate(self.cleaned_data["checkpoints"])]
        )
        return plan


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=FindingKind.choices)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    asset_code = forms.CharField(label=_("asset (code)"), required=False, max_length=60)
    photo = forms.FileField(
        label=_("photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    lon = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-180, max_value=180)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=-90, max_value=90)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        style_widgets(self)

    def clean_asset_code(self):
        code = self.cleaned_data.get("asset_code", "").strip()
        if not code:
            return None
        asset = Asset.objects.restrict(self.user).filter(code=code).first()
        if asset is None:
            raise forms.ValidationError(_("No asset with code “%(code)s”.") % {"code": code})
        return asset


class ViolationOpenForm(forms.Form):
    party = forms.CharField(label=_("party"), max_length=100)
    party_phone = forms.CharField(label=_("party phone"), max_length=20, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    estimated_volume_m3 = forms.DecimalField(
        label=_("estimated volume (m³)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    fee = forms.DecimalField(
        label=_("fee or penalty (yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    description = forms.CharField(
        label=_("evidence and description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ViolationForm(ScopedModelForm):
    class Meta:
        model = Violation
        fields = [
            "party",
            "party_phone",
            "address",
            "description",
            "estimated_volume_m3",
            "fee",
            "fee_paid",
            "status",
            "closed_at",
        ]
        widgets = {"closed_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
