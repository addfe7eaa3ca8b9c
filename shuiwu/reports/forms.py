"""The scorecard's period and company form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.core import scope
from shuiwu.org.choices import CompanyKind
from shuiwu.org.models import Company
from shuiwu.reports import services


class PeriodForm(forms.Form):
    """A period (2025H1, 2025-06, 2025) or a start and an end; a company in scope (empty: all in scope)."""

    period = forms.CharField(label=_("period"), required=False, help_text=_("2025H1, 2025-06 or 2025"))
    start = forms.DateField(label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    company = forms.ModelChoiceField(
        label=_("company"),
        queryset=Company.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("All in my scope"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = scope.company_ids(user) if user is not None else None
        companies = Company.objects.order_by("code")
        if ids is not None:
            companies = companies.filter(pk__in=ids).exclude(kind=CompanyKind.GROUP)
        self.fields["company"].queryset = companies
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        if data.get("period"):
            try:
                data["start"], data["end"] = services.parse_period(data["period"])
            except ValueError as exc:
                self.add_error("period", str(exc))
                return data
        elif not data.get("start") and not data.get("end"):
            data["start"], data["end"] = services.last_half_year()
        elif not data.get("start") or not data.get("end"):
            self.add_error("start" if not data.get("start") else "end", _("Give both days, or a period."))
            return data
        if data["start"] > data["end"]:
            self.add_error("end", _("The end comes before the start."))
        elif (data["end"] - data["start"]).days > 366 * 2:
            self.add_error("end", _("A scorecard covers at most two years."))
        return data
