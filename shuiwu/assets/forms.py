"""Forms of the asset register: one per kind, built from the kind's field list."""

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import SUBTYPES, Kind, Layer
from shuiwu.assets.kinds import SPECS, form_fields
from shuiwu.assets.models import DMA, PROXIES, Asset, PressureZone, ServedBuilding
from shuiwu.core.forms import ScopedModelForm
from shuiwu.lib import geo

# Foreign keys to other assets are typed as codes: a network has thousands of nodes.
CODE_FIELDS = {
    "start_node": (Layer.NODE, None),
    "end_node": (Layer.NODE, None),
    "node": (Layer.NODE, None),
    "pipe": (Layer.LINK, Kind.PIPE),
}
FACILITY_KINDS = (Kind.PLANT, Kind.PUMP_STATION, Kind.SECONDARY_UNIT, Kind.INTAKE, Kind.TANK, Kind.RESERVOIR)


class AssetFormBase(ScopedModelForm):
    longitude = forms.FloatField(label=_("longitude"), required=False, min_value=-180, max_value=180)
    latitude = forms.FloatField(label=_("latitude"), required=False, min_value=-90, max_value=90)

    kind: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spec = SPECS[self.kind]
        for name in CODE_FIELDS:
            if name in spec.fields:
                current = getattr(self.instance, name, None) if self.instance.pk else None
                self.fields[name] = forms.CharField(
                    label=Asset._meta.get_field(name).verbose_name,
                    required=False,
                    initial=current.code if current else "",
                    help_text=_("code"),
                    widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
                )
        if "subtype" in self.fields:
            choices = SUBTYPES.get(self.kind)
            if choices is None:
                del self.fields["subtype"]
            else:
                self.fields["subtype"] = forms.ChoiceField(
                    label=_("type"),
                    choices=[("", "—"), *choices.choices],
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        if "parent" in self.fields:
            self.fields["parent"].queryset = Asset.objects.restrict(self.user).filter(kind__in=FACILITY_KINDS)
        if spec.geometry == "point":
            centre = self.instance.centre if self.instance.pk else None
            if centre:
                self.fields["longitude"].initial, self.fields["latitude"].initial = centre
        else:
            del self.fields["longitude"], self.fields["latitude"]

    def clean(self):
        cleaned = super().clean()
        system = cleaned.get("system") or self.instance.system
        for name, (layer, kind) in CODE_FIELDS.items():
            if name not in self.fields:
                continue
            code = (cleaned.get(name) or "").strip()
            if not code:
                cleaned[name] = None
                continue
            queryset = Asset.objects.restrict(self.user).filter(system=system, layer=layer, code=code)
            if kind:
                queryset = queryset.filter(kind=kind)
            found = queryset.first()
            if found is None:
                self.add_error(
                    name,
                    _("No %(layer)s with code “%(code)s” in this system.")
                    % {"layer": Layer(layer).label.lower(), "code": code},
                )
            cleaned[name] = found
        if "longitude" in self.fields:
            lon, lat = cleaned.get("longitude"), cleaned.get("latitude")
            if (lon is None) != (lat is None):
                self.add_error("latitude", _("Give both longitude and latitude, or neither."))
            elif lon is not None:
                cleaned["geometry"] = geo.point(lon, lat)
        return cleaned

    def _post_clean(self):
        # Code fields hold assets by now; the model instance takes them as foreign keys.
        for name in CODE_FIELDS:
            if name in self.fields:
                setattr(self.instance, name, self.cleaned_data.get(name))
        if self.cleaned_data.get("geometry"):
            self.instance.geometry = self.cleaned_data["geometry"]
        self.instance.kind = self.kind
        super()._post_clean()


def asset_form(kind: str) -> type[AssetFormBase]:
    """The form of one kind: its model fields; node and pipe references are added as code inputs."""
    fields = [f for f in form_fields(kind) if f not in CODE_FIELDS]
    if SPECS[kind].geometry == "line":
        fields.append("geometry")
    fields.append("attrs")
    base = type(f"{PROXIES[kind].__name__}FormBase", (AssetFormBase,), {"kind": kind})
    return modelform_factory(PROXIES[kind], form=base, fields=fields)


class DMAForm(ScopedModelForm):
    class Meta:
        model = DMA
        fields = ["company", "code", "name", "zone", "geometry", "attrs"]


class PressureZoneForm(ScopedModelForm):
    class Meta:
        model = PressureZone
        fields = ["company", "code", "name", "system", "min_pressure_mpa", "geometry", "attrs"]


class ServedBuildingForm(ScopedModelForm):
    class Meta:
        model = ServedBuilding
        fields = ["unit", "name", "storeys", "floor_from", "floor_to", "households"]
