"""Serializers of the customers and billing API. Money goes out as decimal strings, never as floats."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import serializers

from shuiwu.core.api.serializers import ScopedModelSerializer
from shuiwu.customers.choices import PaymentMethod, ReadingKind, ReadingSource
from shuiwu.customers.models import (
    Account,
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
from shuiwu.customers.queries import BUCKET_CHOICES
from shuiwu.org.models import Company

MONEY = {"max_digits": 14, "decimal_places": 2}


class CustomerSerializer(ScopedModelSerializer):
    """A customer; the ID number is masked unless the caller may see it (``customers.see_identity``)."""

    identity_masked = serializers.SerializerMethodField(help_text="True when the ID number shown is masked")

    class Meta:
        model = Customer
        fields = [
            "id",
            "display",
            "number",
            "company",
            "kind",
            "name",
            "identity",
            "identity_masked",
            "phone",
            "address",
            "small_business",
            "note",
            "created",
            "updated",
        ]

    def get_identity_masked(self, obj) -> bool:
        user = self._user
        return bool(obj.identity) and not (user is not None and user.has_perm("customers.see_identity"))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["identity"] = instance.identity_for(self._user)
        return data


class ReadingBookSerializer(ScopedModelSerializer):
    reader_name = serializers.CharField(source="reader.name", read_only=True, default=None)

    class Meta:
        model = ReadingBook
        fields = [
            "id",
            "display",
            "code",
            "name",
            "company",
            "reader",
            "reader_name",
            "cycle_months",
            "read_day",
            "created",
            "updated",
        ]


class AccountSerializer(ScopedModelSerializer):
    customer_name = serializers.CharField(source="customer.name", read_only=True)
    dma = serializers.IntegerField(source="service_point.dma_id", read_only=True, default=None)
    relief = serializers.BooleanField(read_only=True, default=False, help_text="Under a relief policy today")
    balance = serializers.DecimalField(**MONEY, read_only=True)

    class Meta:
        model = Account
        fields = [
            "id",
            "display",
            "number",
            "company",
            "customer",
            "customer_name",
            "service_point",
            "dma",
            "use_type",
            "household_size",
            "address",
            "status",
            "reading_book",
            "route_order",
            "opened_on",
            "closed_on",
            "temporary_until",
            "balance",
            "pending_use_type",
            "pending_from",
            "relief",
            "created",
            "updated",
        ]
        # Disconnection and reconnection change the status, through their services.
        read_only_fields = ["status"]


class MeterSerializer(ScopedModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True, default=None)

    class Meta:
        model = Meter
        fields = [
            "id",
            "display",
            "serial",
            "account",
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
            "created",
            "updated",
        ]


class MeterReadingSerializer(serializers.ModelSerializer):
    serial = serializers.CharField(source="meter.serial", read_only=True)
    account_number = serializers.CharField(source="account.number", read_only=True)

    class Meta:
        model = MeterReading
        fields = [
            "id",
            "meter",
            "serial",
            "account",
            "account_number",
            "read_on",
            "value",
            "consumption",
            "kind",
            "source",
            "rollover",
            "note",
            "created",
        ]
        read_only_fields = fields


class MeterReadingInSerializer(serializers.Serializer):
    """One read to record: ``value`` for an actual read; an estimated kind (no access, meter fault) needs none."""

    meter = serializers.PrimaryKeyRelatedField(queryset=Meter.objects.all())
    read_on = serializers.DateField()
    value = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    kind = serializers.ChoiceField(choices=ReadingKind.choices, default=ReadingKind.ACTUAL)
    source = serializers.ChoiceField(choices=ReadingSource.choices, default=ReadingSource.MANUAL)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["meter"].queryset = Meter.objects.restrict(request.user)


class ImportQuerySerializer(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[ReadingSource.HANDHELD, ReadingSource.AMR, ReadingSource.MANUAL], default=ReadingSource.HANDHELD
    )


class RowErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    field = serializers.CharField()
    reason = serializers.CharField()


class TariffSerializer(ScopedModelSerializer):
    class Meta:
        model = Tariff
        fields = [
            "id",
            "display",
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
            "created",
            "updated",
        ]


class BillingRunSerializer(ScopedModelSerializer):
    exceptions_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = BillingRun
        fields = [
            "id",
            "display",
            "company",
            "period",
            "reading_book",
            "status",
            "progress",
            "accounts",
            "bills",
            "skipped",
            "volume_m3",
            "amount",
            "exceptions_count",
            "error",
            "started_at",
            "finished_at",
            "created",
        ]
        read_only_fields = fields


class BillingRunStartSerializer(serializers.Serializer):
    company = serializers.PrimaryKeyRelatedField(
        queryset=Company.objects.all(), required=False, help_text="Left out: the caller's own company"
    )
    period = serializers.CharField(max_length=7, help_text="YYYY-MM")
    reading_book = serializers.PrimaryKeyRelatedField(
        queryset=ReadingBook.objects.all(), required=False, allow_null=True
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from shuiwu.core import scope

            ids = scope.company_ids(request.user)
            if ids is not None:
                self.fields["company"].queryset = Company.objects.filter(pk__in=ids)
            self.fields["reading_book"].queryset = ReadingBook.objects.restrict(request.user)

    def validate(self, attrs):
        if attrs.get("company") is None:
            book = attrs.get("reading_book")
            if book is not None:
                attrs["company"] = book.company
            else:
                from shuiwu.core import scope

                ids = scope.company_ids(self.context["request"].user)
                if not ids or len(ids) != 1:
                    raise serializers.ValidationError({"company": _("This field is required.")})
                attrs["company"] = Company.objects.get(pk=next(iter(ids)))
        return attrs


class BillingExceptionSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)

    class Meta:
        model = BillingException
        fields = ["id", "run", "account", "account_number", "kind", "detail", "billed"]


class BillLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BillLine
        fields = ["kind", "tier", "volume_m3", "price", "amount", "tariff", "days"]


class BillSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)
    customer_name = serializers.CharField(source="account.customer.name", read_only=True)
    outstanding = serializers.DecimalField(**MONEY, read_only=True)
    lines = BillLineSerializer(many=True, read_only=True)

    class Meta:
        model = Bill
        fields = [
            "id",
            "number",
            "company",
            "account",
            "account_number",
            "customer_name",
            "run",
            "period",
            "revision",
            "use_type",
            "period_start",
            "period_end",
            "previous_read",
            "current_read",
            "volume_m3",
            "estimated",
            "amount",
            "paid",
            "late_fee_paid",
            "outstanding",
            "status",
            "issued_on",
            "due_on",
            "paid_on",
            "cancelled_reason",
            "lines",
            "created",
        ]
        read_only_fields = fields


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class AllocationSerializer(serializers.ModelSerializer):
    bill_number = serializers.CharField(source="bill.number", read_only=True)
    period = serializers.CharField(source="bill.period", read_only=True)

    class Meta:
        model = Allocation
        fields = ["bill", "bill_number", "period", "amount", "late_fee"]


class PaymentSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)
    allocations = AllocationSerializer(many=True, read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "number",
            "company",
            "account",
            "account_number",
            "amount",
            "method",
            "received_at",
            "window",
            "reference",
            "to_balance",
            "status",
            "reversal_reason",
            "reversed_at",
            "allocations",
        ]
        read_only_fields = fields


class PaymentInSerializer(serializers.Serializer):
    """Money taken for an account: it pays the open bills oldest first, late fee before principal."""

    account = serializers.PrimaryKeyRelatedField(queryset=Account.objects.all())
    amount = serializers.DecimalField(**MONEY, min_value=Decimal("0.01"), help_text="Yuan, to the fen, as a string")
    method = serializers.ChoiceField(choices=[c for c in PaymentMethod.choices if c[0] != PaymentMethod.BALANCE])
    window = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    reference = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["account"].queryset = Account.objects.restrict(request.user)


class ReliefPolicySerializer(ScopedModelSerializer):
    accounts_count = serializers.IntegerField(read_only=True, default=None)

    class Meta:
        model = ReliefPolicy
        fields = [
            "id",
            "display",
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
            "accounts_count",
            "created",
            "updated",
        ]


class ArrearsNoticeSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)

    class Meta:
        model = ArrearsNotice
        fields = ["id", "account", "account_number", "kind", "sent_on", "amount", "bills", "created"]
        read_only_fields = fields


class SendNoticesSerializer(serializers.Serializer):
    company = serializers.PrimaryKeyRelatedField(queryset=Company.objects.all())
    on = serializers.DateField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from shuiwu.core import scope

            ids = scope.company_ids(request.user)
            if ids is not None:
                self.fields["company"].queryset = Company.objects.filter(pk__in=ids)


class DisconnectionSerializer(serializers.ModelSerializer):
    account_number = serializers.CharField(source="account.number", read_only=True)

    class Meta:
        model = Disconnection
        fields = [
            "id",
            "account",
            "account_number",
            "state",
            "warned_on",
            "earliest_on",
            "done_on",
            "reconnected_on",
            "amount",
            "note",
            "created",
            "updated",
        ]
        read_only_fields = fields


class WarnSerializer(serializers.Serializer):
    account = serializers.PrimaryKeyRelatedField(queryset=Account.objects.all())
    on = serializers.DateField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["account"].queryset = Account.objects.restrict(request.user)


class OnSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class ArrearsSerializer(serializers.Serializer):
    """One account in arrears on the day asked: what it owes, since when, and whether relief covers it."""

    account = serializers.IntegerField(source="account_id")
    number = serializers.CharField()
    customer = serializers.CharField()
    use_type = serializers.CharField()
    address = serializers.CharField()
    amount = serializers.DecimalField(**MONEY)
    bills = serializers.IntegerField()
    oldest_due = serializers.DateField()
    days = serializers.IntegerField()
    bucket = serializers.ChoiceField(choices=BUCKET_CHOICES)
    relief = serializers.BooleanField()
    blocked_by = serializers.ListField(child=serializers.CharField(), help_text="Relief policies that forbid a cut")
    disconnection = serializers.CharField(allow_blank=True, help_text="State of a disconnection under way")


class ArrearsQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False)
    company = serializers.CharField(required=False, allow_blank=True, help_text="Company code")
    bucket = serializers.MultipleChoiceField(choices=BUCKET_CHOICES, required=False)
    relief = serializers.BooleanField(required=False, allow_null=True, default=None)
    use_type = serializers.CharField(required=False, allow_blank=True)
    min_days = serializers.IntegerField(required=False, min_value=0)
    ordering = serializers.ChoiceField(
        choices=["days", "-days", "amount", "-amount", "number", "-number"], required=False, default="-days"
    )
