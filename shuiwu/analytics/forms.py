from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.analytics import services
from shuiwu.assets.models import DMA
from shuiwu.core import scope
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company


class BalanceForm(forms.Form):
    """Compute the balance of a past period; the optional figures replace what the records give."""

    company = forms.ModelChoiceField(queryset=Company.objects.none(), label=_("company"))
    dma = forms.ModelChoiceField(
        queryset=DMA.objects.none(), required=False, label=_("DMA"), help_text=_("Empty for the whole network.")
    )
    start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    unbilled_metered_m3 = forms.FloatField(
        required=False, min_value=0, label=_("unbilled metered (m³)"), help_text=_("Metered flushing, own use.")
    )
    unbilled_unmetered_m3 = forms.FloatField(
        required=False,
        min_value=0,
        label=_("unbilled unmetered (m³)"),
        help_text=_("Firefighting, street cleaning; empty: the rule's share of system input."),
    )
    meter_under_registration = forms.FloatField(
        required=False,
        min_value=0,
        max_value=0.5,
        label=_("meter under-registration (share)"),
        help_text=_("0.02 = 2 %; empty: the rule."),
    )
    data_errors_m3 = forms.FloatField(required=False, min_value=0, label=_("data handling errors (m³)"))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("note"))

    OVERRIDES = services.OVERRIDABLE

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        companies = Company.objects.filter(kind=CompanyKind.SUPPLY)
        ids = scope.company_ids(user)
        if ids is not None:
            companies = companies.filter(pk__in=ids)
        self.fields["company"].queryset = companies
        self.fields["dma"].queryset = DMA.objects.restrict(user)
        if not self.is_bound:
            first, last = services.month_bounds(timezone.localdate().replace(day=1) - timedelta(days=1))
            self.initial.setdefault("start", first)
            self.initial.setdefault("end", last)
            if companies.count() == 1:
                self.initial.setdefault("company", companies.first())

    def overrides(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.OVERRIDES if self.cleaned_data.get(k) is not None}
