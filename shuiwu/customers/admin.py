"""Back office for customers and billing.

Money records (bills, payments and their allocations, billing runs, readings) are read-only here: they change
only through the services (a rebill, a reversal, a new run), which keep the books balanced.
"""

from django.contrib import admin

from shuiwu.core import scope
from shuiwu.core.admin import ScopedAdmin
from shuiwu.customers.models import (
    Account,
    AccountRelief,
    Allocation,
    ArrearsNotice,
    Bill,
    BillingException,
    BillingRun,
    BillLine,
    Customer,
    Disconnection,
    Meter,
    MeterReading,
    Payment,
    ReadingBook,
    ReliefPolicy,
    Tariff,
)


class ReadOnlyMixin:
    """Shown and searched, never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(ScopedAdmin):
    list_display = ("number", "name", "kind", "phone", "small_business", "company")
    list_filter = ("kind", "small_business", "company")
    # Not the ID number: a search by it would tell a masked user whose it is.
    search_fields = ("number", "name", "phone", "address")

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and not request.user.has_perm("customers.see_identity"):
            fields.remove("identity")
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None and not request.user.has_perm("customers.see_identity"):
            kwargs["exclude"] = [*(kwargs.get("exclude") or ()), "identity"]
        return super().get_form(request, obj, change, **kwargs)


@admin.register(ReadingBook)
class ReadingBookAdmin(ScopedAdmin):
    list_display = ("code", "name", "reader", "cycle_months", "read_day", "company")
    list_filter = ("cycle_months", "company")
    search_fields = ("code", "name")
    raw_id_fields = ("reader",)


class MeterInline(admin.TabularInline):
    model = Meter
    extra = 0
    fields = ("serial", "size_mm", "meter_type", "status", "install_date", "device_id")


class ReliefInline(admin.TabularInline):
    model = AccountRelief
    extra = 0


@admin.register(Account)
class AccountAdmin(ScopedAdmin):
    list_display = ("number", "customer", "use_type", "status", "reading_book", "balance", "opened_on", "company")
    list_filter = ("status", "use_type", "company", "reading_book")
    search_fields = ("number", "customer__name", "customer__phone", "address")
    raw_id_fields = ("customer", "service_point", "reading_book")
    readonly_fields = ("balance",)
    date_hierarchy = "opened_on"
    inlines = [MeterInline, ReliefInline]


@admin.register(Meter)
class MeterAdmin(ScopedAdmin):
    list_display = ("serial", "account", "size_mm", "meter_type", "status", "install_date", "device_id")
    list_filter = ("status", "meter_type", "size_mm")
    search_fields = ("serial", "device_id", "seal", "account__number")
    raw_id_fields = ("account",)


@admin.register(MeterReading)
class MeterReadingAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("read_on", "meter", "account", "value", "consumption", "kind", "source", "rollover")
    list_filter = ("kind", "source", "rollover")
    search_fields = ("meter__serial", "account__number")
    date_hierarchy = "read_on"
    list_select_related = ("meter", "account")


@admin.register(Tariff)
class TariffAdmin(ScopedAdmin):
    list_display = ("code", "name", "use_type", "valid_from", "sewage_fee", "resource_fee", "example")
    list_filter = ("use_type", "example")
    search_fields = ("code", "name", "source")


class ExceptionInline(admin.TabularInline):
    model = BillingException
    extra = 0
    raw_id_fields = ("account",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BillingRun)
class BillingRunAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("period", "reading_book", "company", "status", "progress", "bills", "amount", "created")
    list_filter = ("status", "company")
    search_fields = ("period",)
    inlines = [ExceptionInline]


@admin.register(BillingException)
class BillingExceptionAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("run", "account", "kind", "detail", "billed")
    list_filter = ("kind", "billed")
    search_fields = ("account__number", "detail")


class LineInline(admin.TabularInline):
    model = BillLine
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BillAllocationInline(LineInline):
    model = Allocation
    fk_name = "bill"


@admin.register(Bill)
class BillAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("number", "account", "period", "revision", "volume_m3", "amount", "paid", "status", "due_on")
    list_filter = ("status", "use_type", "estimated", "company", "period")
    search_fields = ("number", "account__number", "account__customer__name")
    date_hierarchy = "issued_on"
    list_select_related = ("account__customer",)
    inlines = [LineInline, BillAllocationInline]


class CompanyOfBillMixin:
    """Rows that belong to a company through their bill (lines and allocations have no scope of their own)."""

    company_path = "bill__company_id"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        ids = scope.company_ids(request.user)
        return queryset if ids is None else queryset.filter(**{f"{self.company_path}__in": ids})


@admin.register(BillLine)
class BillLineAdmin(ReadOnlyMixin, CompanyOfBillMixin, admin.ModelAdmin):
    list_display = ("bill", "kind", "tier", "volume_m3", "price", "amount", "tariff")
    list_filter = ("kind", "tier")
    search_fields = ("bill__number", "tariff")


class PaymentAllocationInline(LineInline):
    model = Allocation
    fk_name = "payment"


@admin.register(Payment)
class PaymentAdmin(ReadOnlyMixin, ScopedAdmin):
    list_display = ("number", "account", "amount", "method", "received_at", "to_balance", "status", "window")
    list_filter = ("method", "status", "company")
    search_fields = ("number", "reference", "account__number")
    date_hierarchy = "received_at"
    list_select_related = ("account",)
    inlines = [PaymentAllocationInline]


@admin.register(Allocation)
class AllocationAdmin(ReadOnlyMixin, CompanyOfBillMixin, admin.ModelAdmin):
    list_display = ("payment", "bill", "amount", "late_fee")
    search_fields = ("payment__number", "bill__number")


@admin.register(ReliefPolicy)
class ReliefPolicyAdmin(ScopedAdmin):
    list_display = ("code", "name", "starts_on", "ends_on", "no_disconnection", "waive_late_fees", "automatic")
    list_filter = ("no_disconnection", "waive_late_fees", "small_business_only", "automatic")
    search_fields = ("code", "name", "description", "source")


@admin.register(AccountRelief)
class AccountReliefAdmin(ScopedAdmin):
    list_display = ("account", "policy", "granted_on")
    list_filter = ("policy",)
    search_fields = ("account__number", "account__customer__name")
    raw_id_fields = ("account",)


@admin.register(ArrearsNotice)
class ArrearsNoticeAdmin(ScopedAdmin):
    list_display = ("account", "kind", "sent_on", "amount")
    list_filter = ("kind",)
    search_fields = ("account__number",)
    date_hierarchy = "sent_on"
    raw_id_fields = ("account",)


@admin.register(Disconnection)
class DisconnectionAdmin(ScopedAdmin):
    list_display = ("account", "state", "warned_on", "earliest_on", "done_on", "reconnected_on", "amount")
    list_filter = ("state",)
    search_fields = ("account__number", "note")
    raw_id_fields = ("account",)
    readonly_fields = ("state",)
