"""FilterSets of customers and billing, shared by their pages and their API."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.core.filters import BaseFilterSet
from shuiwu.customers.choices import (
    OPEN_BILL_STATUSES,
    AccountStatus,
    BillStatus,
    CustomerKind,
    DisconnectionState,
    ExceptionKind,
    MeterStatus,
    MeterType,
    NoticeKind,
    PaymentMethod,
    PaymentStatus,
    ReadingKind,
    ReadingSource,
    RunStatus,
    UseType,
)
from shuiwu.customers.models import (
    Account,
    ArrearsNotice,
    Bill,
    BillingException,
    BillingRun,
    Customer,
    Disconnection,
    Meter,
    MeterReading,
    Payment,
    ReadingBook,
    ReliefPolicy,
    Tariff,
)
from shuiwu.customers.queries import relief_q
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.org.models import Company


class AccountCompanyMixin(django_filters.FilterSet):
    """``company`` (code) and ``company_id`` of records that belong to a company through their account."""

    company = django_filters.ModelChoiceFilter(
        queryset=Company.objects.all(), to_field_name="code", field_name="account__company", label=_("company")
    )
    company_id = django_filters.NumberFilter(field_name="account__company_id", label=_("Company (id)"))


class CustomerFilterSet(CompanyFilterMixin, BaseFilterSet):
    # Not the ID number: searching by it would tell a masked user whose it is.
    search_fields = ("number", "name", "phone", "address", "accounts__number")
    ui_hidden = ("company_id",)
    kind = django_filters.MultipleChoiceFilter(choices=CustomerKind.choices, label=_("kind"))

    class Meta:
        model = Customer
        fields = ["q", "company", "company_id", "kind", "small_business"]

    def search(self, queryset, name, value):
        return super().search(queryset, name, value).distinct()


class ReadingBookFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("code", "name", "reader__name")
    ui_hidden = ("company_id",)

    class Meta:
        model = ReadingBook
        fields = ["q", "company", "company_id", "reader", "cycle_months"]


class AccountFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "customer__name", "customer__phone", "address")
    ui_hidden = ("company_id", "customer_id", "reading_book_id", "dma_id")
    status = django_filters.MultipleChoiceFilter(choices=AccountStatus.choices, label=_("status"))
    use_type = django_filters.MultipleChoiceFilter(choices=UseType.choices, label=_("use type"))
    customer_id = django_filters.NumberFilter(field_name="customer_id")
    reading_book_id = django_filters.NumberFilter(field_name="reading_book_id")
    dma_id = django_filters.NumberFilter(field_name="service_point__dma_id", label=_("DMA (id)"))
    relief = django_filters.BooleanFilter(method="filter_relief", label=_("under a relief policy"))

    class Meta:
        model = Account
        fields = [
            "q",
            "company",
            "company_id",
            "status",
            "use_type",
            "reading_book",
            "reading_book_id",
            "customer_id",
            "dma_id",
            "relief",
        ]

    def filter_relief(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(relief_q()) if value else queryset.exclude(relief_q())


class MeterFilterSet(AccountCompanyMixin, BaseFilterSet):
    search_fields = ("serial", "device_id", "seal", "account__number", "account__customer__name")
    ui_hidden = ("company_id", "account_id")
    status = django_filters.MultipleChoiceFilter(choices=MeterStatus.choices, label=_("status"))
    meter_type = django_filters.MultipleChoiceFilter(choices=MeterType.choices, label=_("type"))
    account_id = django_filters.NumberFilter(field_name="account_id")

    class Meta:
        model = Meter
        fields = ["q", "company", "company_id", "status", "meter_type", "size_mm", "account_id"]


class MeterReadingFilterSet(AccountCompanyMixin, BaseFilterSet):
    search_fields = ("meter__serial", "account__number", "account__customer__name")
    ui_hidden = ("company_id", "account_id", "meter_id")
    kind = django_filters.MultipleChoiceFilter(choices=ReadingKind.choices, label=_("kind"))
    source = django_filters.MultipleChoiceFilter(choices=ReadingSource.choices, label=_("source"))
    read_after = django_filters.DateFilter(field_name="read_on", lookup_expr="gte", label=_("read from"))
    read_before = django_filters.DateFilter(field_name="read_on", lookup_expr="lte", label=_("read until"))
    negative = django_filters.BooleanFilter(method="filter_negative", label=_("below the last read"))
    account_id = django_filters.NumberFilter(field_name="account_id")
    meter_id = django_filters.NumberFilter(field_name="meter_id")

    class Meta:
        model = MeterReading
        fields = [
            "q",
            "company",
            "company_id",
            "kind",
            "source",
            "read_after",
            "read_before",
            "negative",
            "rollover",
            "account_id",
            "meter_id",
        ]

    def filter_negative(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(consumption__lt=0) if value else queryset.filter(consumption__gte=0)


class TariffFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "source")
    use_type = django_filters.MultipleChoiceFilter(choices=UseType.choices, label=_("use type"))

    class Meta:
        model = Tariff
        fields = ["q", "use_type", "example"]


class BillingRunFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("period", "reading_book__code", "reading_book__name")
    ui_hidden = ("company_id",)
    status = django_filters.MultipleChoiceFilter(choices=RunStatus.choices, label=_("status"))

    class Meta:
        model = BillingRun
        fields = ["q", "company", "company_id", "status", "period", "reading_book"]


class BillingExceptionFilterSet(BaseFilterSet):
    search_fields = ("account__number", "account__customer__name", "detail")
    kind = django_filters.MultipleChoiceFilter(choices=ExceptionKind.choices, label=_("kind"))

    class Meta:
        model = BillingException
        fields = ["q", "kind", "billed"]


class BillFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "account__number", "account__customer__name", "account__address")
    ui_hidden = ("company_id", "account_id", "customer_id", "run_id", "issued_after", "issued_before")
    status = django_filters.MultipleChoiceFilter(choices=BillStatus.choices, label=_("status"))
    use_type = django_filters.MultipleChoiceFilter(choices=UseType.choices, label=_("use type"))
    period = django_filters.CharFilter(label=_("period (YYYY-MM)"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("overdue"))
    account_id = django_filters.NumberFilter(field_name="account_id")
    customer_id = django_filters.NumberFilter(field_name="account__customer_id")
    run_id = django_filters.NumberFilter(field_name="run_id")
    issued_after = django_filters.DateFilter(field_name="issued_on", lookup_expr="gte")
    issued_before = django_filters.DateFilter(field_name="issued_on", lookup_expr="lte")

    class Meta:
        model = Bill
        fields = [
            "q",
            "company",
            "company_id",
            "period",
            "status",
            "use_type",
            "overdue",
            "estimated",
            "account_id",
            "customer_id",
            "run_id",
            "issued_after",
            "issued_before",
        ]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"status__in": OPEN_BILL_STATUSES, "due_on__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class PaymentFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("number", "reference", "account__number", "account__customer__name")
    ui_hidden = ("company_id", "account_id", "customer_id", "received_after", "received_before")
    method = django_filters.MultipleChoiceFilter(choices=PaymentMethod.choices, label=_("method"))
    status = django_filters.MultipleChoiceFilter(choices=PaymentStatus.choices, label=_("status"))
    account_id = django_filters.NumberFilter(field_name="account_id")
    customer_id = django_filters.NumberFilter(field_name="account__customer_id")
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")
    received_before = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="lt")
    day = django_filters.DateFilter(field_name="received_at__date", label=_("day"))

    class Meta:
        model = Payment
        fields = [
            "q",
            "company",
            "company_id",
            "method",
            "status",
            "day",
            "window",
            "account_id",
            "customer_id",
            "received_after",
            "received_before",
        ]


class ReliefPolicyFilterSet(BaseFilterSet):
    search_fields = ("code", "name", "description", "source")

    class Meta:
        model = ReliefPolicy
        fields = ["q", "no_disconnection", "waive_late_fees", "small_business_only", "automatic"]


class ArrearsNoticeFilterSet(AccountCompanyMixin, BaseFilterSet):
    search_fields = ("account__number", "account__customer__name")
    ui_hidden = ("company_id", "account_id")
    kind = django_filters.MultipleChoiceFilter(choices=NoticeKind.choices, label=_("kind"))
    account_id = django_filters.NumberFilter(field_name="account_id")
    sent_after = django_filters.DateFilter(field_name="sent_on", lookup_expr="gte", label=_("sent from"))

    class Meta:
        model = ArrearsNotice
        fields = ["q", "company", "company_id", "kind", "account_id", "sent_after"]


class DisconnectionFilterSet(AccountCompanyMixin, BaseFilterSet):
    search_fields = ("account__number", "account__customer__name", "note")
    ui_hidden = ("company_id", "account_id")
    state = django_filters.MultipleChoiceFilter(choices=DisconnectionState.choices, label=_("state"))
    account_id = django_filters.NumberFilter(field_name="account_id")

    class Meta:
        model = Disconnection
        fields = ["q", "company", "company_id", "state", "account_id"]
