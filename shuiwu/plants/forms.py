"""Forms of plant operations: a plant's day with its doses, stock movements, backwash, unit status, shifts."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.org.models import Staff
from shuiwu.plants.choices import FILTER_UNIT_TYPES, UnitStatus
from shuiwu.plants.models import Backwash, ChemicalStock, ShiftLog

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
VOLUME = {"min_value": 0, "max_digits": 12, "decimal_places": 1}


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or above the form)."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, messages in items:
        form.add_error(field if field in form.fields else None, messages)


class PickPlantForm(forms.Form):
    plant = forms.ModelChoiceField(queryset=Asset.objects.none(), label=_("plant"))
    day = forms.DateField(label=_("day"), widget=DATE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plant"].queryset = Asset.objects.filter(kind=Kind.PLANT).restrict(user).order_by("code")
        style_widgets(self)


class DailyLogForm(forms.Form):
    """Water in and out, energy, and a dose (mg/L) for each chemical kept at the plant."""

    day = forms.DateField(label=_("day"), widget=DATE)
    inflow_m3 = forms.DecimalField(label=_("water in (m³)"), **VOLUME)
    outflow_m3 = forms.DecimalField(label=_("water out (m³)"), **VOLUME)
    energy_kwh = forms.DecimalField(label=_("energy (kWh)"), **VOLUME)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, plant: Asset, log=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plant = plant
        self.stocks = list(ChemicalStock.objects.filter(plant=plant).select_related("chemical"))
        doses = {d.chemical_id: d.dose_mg_l for d in log.dosings.all()} if log else {}
        self.dose_names = []
        for stock in self.stocks:
            name = f"dose_{stock.chemical_id}"
            self.fields[name] = forms.DecimalField(
                label=_("%(chemical)s dose (mg/L)") % {"chemical": stock.chemical.name},
                required=False,
                min_value=0,
                max_digits=8,
                decimal_places=2,
                initial=doses.get(stock.chemical_id),
                help_text=_("Into the water %(basis)s; %(balance)s kg in stock")
                % {
                    "basis": pgettext("dosed into", "in")
                    if stock.chemical.flow_basis == "inflow"
                    else pgettext("dosed into", "out"),
                    "balance": f"{stock.balance_kg:,.0f}",
                },
            )
            self.dose_names.append(name)
        if log is not None:
            for field in ("day", "inflow_m3", "outflow_m3", "energy_kwh", "note"):
                self.fields[field].initial = getattr(log, field)
            self.fields["day"].disabled = True
        style_widgets(self)

    def dosings(self) -> list[dict]:
        return [
            {"chemical": stock.chemical, "dose_mg_l": self.cleaned_data[f"dose_{stock.chemical_id}"]}
            for stock in self.stocks
            if self.cleaned_data.get(f"dose_{stock.chemical_id}") is not None
        ]


class DeliveryForm(forms.Form):
    quantity_kg = forms.DecimalField(label=_("quantity (kg)"), min_value=0, max_digits=12, decimal_places=2)
    day = forms.DateField(label=_("day"), widget=DATE, initial=timezone.localdate)
    reference = forms.CharField(label=_("delivery note"), max_length=60, required=False)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class StocktakeForm(forms.Form):
    quantity_kg = forms.DecimalField(label=_("counted (kg)"), min_value=0, max_digits=12, decimal_places=2)
    day = forms.DateField(label=_("day"), widget=DATE, initial=timezone.localdate)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class UnitStatusForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Asset.objects.none(), label=_("process unit"))
    status = forms.ChoiceField(label=_("status"), choices=UnitStatus.choices)
    since = forms.DateTimeField(label=_("since"), widget=DATETIME, required=False, help_text=_("Empty: now"))
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, plant: Asset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Asset.objects.filter(parent=plant, kind=Kind.PROCESS_UNIT).order_by("code")
        style_widgets(self)


def _staff_of(plant_company_ids):
    return Staff.objects.filter(active=True, company_id__in=plant_company_ids).order_by("name")


class ChemicalStockForm(ScopedModelForm):
    class Meta:
        model = ChemicalStock
        fields = ["plant", "chemical", "minimum_kg", "capacity_kg"]


class BackwashForm(ScopedModelForm):
    class Meta:
        model = Backwash
        fields = ["plant", "unit", "started_at", "duration_min", "water_m3", "head_loss_m", "operator", "note"]
        widgets = {"started_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plants = self.fields["plant"].queryset
        self.fields["unit"].queryset = Asset.objects.filter(
            kind=Kind.PROCESS_UNIT, subtype__in=FILTER_UNIT_TYPES, parent__in=plants
        ).order_by("code")
        self.fields["operator"].queryset = _staff_of(plants.values("company_id"))


class ShiftLogForm(ScopedModelForm):
    class Meta:
        model = ShiftLog
        fields = ["plant", "day", "shift", "team", "operator", "events", "handover_notes", "handed_to"]
        widgets = {
            "day": DATE,
            "events": forms.Textarea(attrs={"rows": 4}),
            "handover_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        companies = self.fields["plant"].queryset.values("company_id")
        self.fields["operator"].queryset = _staff_of(companies)
        self.fields["handed_to"].queryset = _staff_of(companies)
        self.fields["team"].queryset = self.fields["team"].queryset.filter(company_id__in=companies)
