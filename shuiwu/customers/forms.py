"""Forms of customers and billing: records edited on their pages, the counter's payment, a billing run, imports."""

import json
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core import scope
from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.customers import services
from shuiwu.customers.choices import PaymentMethod, ReadingSource, UseType
from shuiwu.customers.models import Account, Customer, Meter, ReadingBook, ReliefPolicy, Tariff
from shuiwu.customers.queries import BUCKET_CHOICES
from shuiwu.org.models import Company

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNTER_METHODS = [PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.WECHAT, PaymentMethod.ALIPAY]


class CustomerForm(ScopedModelForm):
    class Meta:
        model = Customer
        fields = ["company", "number", "kind", "name", "identity", "phone", "address", "small_business", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        # Someone who may not see the ID number in full does not get it back in an edit form either.
        if self.instance.pk and not (user is not None and user.has_perm("customers.see_identity")):
            del self.fields["identity"]


class AccountForm(ScopedModelForm):
    """An account; customer and service point are typed by number and code (there are far too many for a list)."""

    customer_number = forms.CharField(label=_("customer number"), max_length=20)
    service_point_code = forms.CharField(label=_("service point (code)"), max_length=60, required=False)

    class Meta:
        model = Account
        fields = [
            "company",
            "number",
            "customer_number",
            "service_point_code",
            "use_type",
            "household_size",
            "address",
            "reading_book",
            "route_order",
            "opened_on",
            "closed_on",
            "temporary_until",
        ]
        widgets = {"opened_on": DATE, "closed_on": DATE, "temporary_until": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        account = self.instance
        if account.pk:
            self.fields["customer_number"].initial = account.customer.number
            self.fields["service_point_code"].initial = account.service_point.code if account.service_point_id else ""
        else:
            self.fields["opened_on"].initial = timezone.localdate()

    def clean_customer_number(self):
        number = self.cleaned_data["customer_number"].strip()
        customer = Customer.objects.restrict(self.user).filter(number=number).first()
        if customer is None:
            raise forms.ValidationError(_("No customer with number “%(number)s”.") % {"number": number})
        self.instance.customer = customer
        return number

    def clean_service_point_code(self):
        code = self.cleaned_data["service_point_code"].strip()
        if not code:
            self.instance.service_point = None
            return code
        point = Asset.objects.restrict(self.user).filter(kind=Kind.SERVICE_POINT, code=code).first()
        if point is None:
            raise forms.ValidationError(_("No service point with code “%(code)s”.") % {"code": code})
        self.instance.service_point = point
        return code


class MeterForm(ScopedModelForm):
    account_number = forms.CharField(
        label=_("account number"), max_length=20, required=False, help_text=_("Empty: the meter is in store")
    )

    class Meta:
        model = Meter
        fields = [
            "serial",
            "account_number",
            "size_mm",
            "meter_type",
            "digits",
            "install_date",
            "initial_read",
            "seal",
            "status",
            "removed_on",
            "device_id",
        ]
        widgets = {"install_date": DATE, "removed_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk and self.instance.account_id:
            self.fields["account_number"].initial = self.instance.account.number

    def clean_account_number(self):
        number = self.cleaned_data["account_number"].strip()
        if not number:
            self.instance.account = None
            return number
        account = Account.objects.restrict(self.user).filter(number=number).first()
        if account is None:
            raise forms.ValidationError(_("No account with number “%(number)s”.") % {"number": number})
        self.instance.account = account
        return number


class ReadingBookForm(ScopedModelForm):
    class Meta:
        model = ReadingBook
        fields = ["company", "code", "name", "reader", "cycle_months", "read_day"]


class TiersField(forms.CharField):
    """The tariff's tiers as JSON text."""

    widget = forms.Textarea(attrs={"rows": 6, "class": "font-monospace"})

    def prepare_value(self, value):
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, indent=1)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return []
        try:
            return json.loads(value)
        except ValueError:
            raise forms.ValidationError(_("Not valid JSON."))


class TariffForm(ScopedModelForm):
    tiers = TiersField(label=_("water prices"), help_text=Tariff._meta.get_field("tiers").help_text)

    class Meta:
        model = Tariff
        fields = [
            "code",
            "name",
            "use_type",
            "valid_from",
            "tiers",
            "sewage_fee",
            "resource_fee",
            "household_base",
            "example",
            "source",
        ]
        widgets = {"valid_from": DATE}


class ReliefPolicyForm(ScopedModelForm):
    class Meta:
        model = ReliefPolicy
        fields = [
            "code",
            "name",
            "description",
            "source",
            "starts_on",
            "ends_on",
            "deferral_months",
            "waive_late_fees",
            "no_disconnection",
            "small_business_only",
            "automatic",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


def _last_month() -> str:
    today = timezone.localdate()
    return services.previous_periods(services.period_of(today), 1)[0]


class BillingRunForm(forms.Form):
    company = forms.ModelChoiceField(label=_("company"), queryset=Company.objects.none())
    period = forms.RegexField(label=_("period"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", max_length=7, help_text=_("YYYY-MM"))
    reading_book = forms.ModelChoiceField(
        label=_("reading book"), queryset=ReadingBook.objects.none(), required=False, help_text=_("Empty: every book")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = scope.company_ids(user)
        companies = Company.objects.all() if ids is None else Company.objects.filter(pk__in=ids)
        self.fields["company"].queryset = companies
        if ids is not None and len(ids) == 1:
            self.fields["company"].initial = next(iter(ids))
        self.fields["period"].initial = _last_month()
        self.fields["reading_book"].queryset = ReadingBook.objects.restrict(user)
        style_widgets(self)


class ReadingImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, with a header line: meter (or account), read_on (YYYY-MM-DD), value, and optionally kind"),
    )
    source = forms.ChoiceField(
        label=_("source"),
        choices=[
            (c, ReadingSource(c).label) for c in (ReadingSource.HANDHELD, ReadingSource.AMR, ReadingSource.MANUAL)
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class PaymentForm(forms.Form):
    """The counter's payment: how, and how much (the total owed unless the customer pays another sum)."""

    method = forms.ChoiceField(
        label=_("method"),
        choices=[(m, PaymentMethod(m).label) for m in COUNTER_METHODS],
        initial=PaymentMethod.CASH,
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(label=_("amount (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    window = forms.CharField(label=_("window"), max_length=60, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        self.fields["method"].widget.attrs["class"] = "form-check-input"
        self.fields["amount"].widget.attrs.update({"class": "form-control form-control-lg", "inputmode": "decimal"})


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ArrearsFilterForm(forms.Form):
    """The arrears list's filters, styled as every list's are."""

    q = forms.CharField(label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"}))
    bucket = forms.MultipleChoiceField(
        label=_("age"), choices=BUCKET_CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )
    relief = forms.NullBooleanField(
        label=_("under a relief policy"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    use_type = forms.MultipleChoiceField(
        label=_("use type"), choices=UseType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    min_days = forms.IntegerField(label=_("at least days overdue"), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "checks"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"
