"""Tables of the customers and billing list pages (django-tables2), and the colours of their badges."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.customers.choices import (
    AccountStatus,
    BillStatus,
    DisconnectionState,
    MeterStatus,
    PaymentStatus,
    RunStatus,
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

ACCOUNT_COLOURS = {
    AccountStatus.ACTIVE: "success",
    AccountStatus.DISCONNECTED: "danger",
    AccountStatus.CLOSED: "secondary",
}
BILL_COLOURS = {
    BillStatus.OPEN: "warning",
    BillStatus.PART_PAID: "info",
    BillStatus.PAID: "success",
    BillStatus.CANCELLED: "secondary",
}
RUN_COLOURS = {
    RunStatus.QUEUED: "secondary",
    RunStatus.RUNNING: "primary",
    RunStatus.DONE: "success",
    RunStatus.FAILED: "danger",
}
PAYMENT_COLOURS = {PaymentStatus.OK: "success", PaymentStatus.REVERSED: "danger"}
METER_COLOURS = {MeterStatus.ACTIVE: "success", MeterStatus.FAULTY: "warning", MeterStatus.REMOVED: "secondary"}
CUT_COLOURS = {
    DisconnectionState.WARNED: "warning",
    DisconnectionState.DISCONNECTED: "danger",
    DisconnectionState.RECONNECTED: "success",
    DisconnectionState.CANCELLED: "secondary",
}
BUCKET_COLOURS = {
    "0_30": "#91cc75",
    "31_90": "#fac858",
    "91_180": "#fc8452",
    "181_365": "#ee6666",
    "over_365": "#9a2b2b",
}


def badge(colour: str, text) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)


def relief_badge():
    return format_html(
        '<span class="badge text-bg-info" title="{}">{}</span>', _("Arrears without cut-off"), _("relief")
    )


class MoneyColumn(tables.Column):
    """Yuan with two decimals, right-aligned."""

    attrs = {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}}

    def render(self, value):
        return f"{value:,.2f}"


class CustomerTable(BaseTable):
    number = LinkColumn()
    name = LinkColumn()
    identity = tables.Column(verbose_name=_("ID number"), orderable=False)
    accounts_count = tables.Column(verbose_name=_("accounts"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = Customer
        fields = ("number", "name", "kind", "identity", "phone", "address", "small_business", "accounts_count")

    def render_identity(self, value, record):
        return record.identity_for(getattr(self.request, "user", None))


class AccountTable(BaseTable):
    number = LinkColumn()
    customer = tables.Column(linkify=True)
    status = tables.Column()
    balance = MoneyColumn()
    relief = tables.BooleanColumn(verbose_name=_("relief"), orderable=False)

    class Meta(BaseTable.Meta):
        model = Account
        fields = ("number", "customer", "use_type", "status", "address", "reading_book", "balance", "relief")

    def render_status(self, value, record):
        return badge(ACCOUNT_COLOURS.get(record.status, "light"), value)

    def render_relief(self, value):
        return relief_badge() if value else ""


class MeterTable(BaseTable):
    serial = tables.Column(linkify=lambda record: reverse("customers:meter_detail", args=[record.pk]))
    account = tables.Column(linkify=True)
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Meter
        fields = ("serial", "account", "size_mm", "meter_type", "status", "install_date", "device_id")

    def render_status(self, value, record):
        return badge(METER_COLOURS.get(record.status, "light"), value)


class MeterReadingTable(BaseTable):
    meter = tables.Column(
        linkify=lambda record: reverse("customers:meter_detail", args=[record.meter_id]), accessor="meter__serial"
    )
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))
    consumption = tables.Column(attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = MeterReading
        fields = ("read_on", "meter", "account", "value", "consumption", "kind", "source", "rollover")

    def render_account(self, value, record):
        return record.account.number

    def render_consumption(self, value):
        return format_html('<span class="text-danger fw-semibold">{}</span>', value) if value < 0 else value


class TariffTable(BaseTable):
    name = LinkColumn()
    example = tables.Column()

    class Meta(BaseTable.Meta):
        model = Tariff
        fields = ("code", "name", "use_type", "valid_from", "sewage_fee", "resource_fee", "example")

    def render_example(self, value):
        return badge("warning", _("example")) if value else ""


class ReadingBookTable(BaseTable):
    name = LinkColumn()
    accounts_count = tables.Column(verbose_name=_("accounts"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = ReadingBook
        fields = ("code", "name", "reader", "cycle_months", "read_day", "accounts_count", "company")


class BillingRunTable(BaseTable):
    period = LinkColumn()
    status = tables.Column()
    progress = tables.Column()
    amount = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = BillingRun
        fields = ("period", "reading_book", "company", "status", "progress", "bills", "volume_m3", "amount", "created")

    def render_status(self, value, record):
        return badge(RUN_COLOURS.get(record.status, "light"), value)

    def render_progress(self, value):
        return f"{value * 100:.0f} %"


class BillingExceptionTable(BaseTable):
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))

    class Meta(BaseTable.Meta):
        model = BillingException
        fields = ("account", "kind", "detail", "billed")

    def render_account(self, value, record):
        return str(record.account)


class BillTable(BaseTable):
    number = LinkColumn()
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))
    customer = tables.Column(verbose_name=_("customer"), accessor="account__customer__name")
    amount = MoneyColumn()
    paid = MoneyColumn()
    outstanding = MoneyColumn(verbose_name=_("outstanding"), orderable=False)
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Bill
        fields = (
            "number",
            "account",
            "customer",
            "period",
            "use_type",
            "volume_m3",
            "amount",
            "paid",
            "outstanding",
            "status",
            "due_on",
        )

    def render_account(self, value, record):
        return record.account.number

    def render_status(self, value, record):
        return badge(BILL_COLOURS.get(record.status, "light"), value)


class PaymentTable(BaseTable):
    number = LinkColumn()
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))
    amount = MoneyColumn()
    to_balance = MoneyColumn()
    status = tables.Column()

    class Meta(BaseTable.Meta):
        model = Payment
        fields = ("number", "received_at", "account", "amount", "method", "to_balance", "status", "window")

    def render_account(self, value, record):
        return record.account.number

    def render_status(self, value, record):
        return badge(PAYMENT_COLOURS.get(record.status, "light"), value)


class ReliefPolicyTable(BaseTable):
    name = tables.Column(linkify=lambda record: reverse("customers:reliefpolicy_detail", args=[record.pk]))
    accounts_count = tables.Column(verbose_name=_("accounts covered"), attrs={"td": {"class": "text-end"}})

    class Meta(BaseTable.Meta):
        model = ReliefPolicy
        fields = (
            "name",
            "code",
            "starts_on",
            "ends_on",
            "no_disconnection",
            "waive_late_fees",
            "small_business_only",
            "accounts_count",
        )


class NoticeTable(BaseTable):
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))
    amount = MoneyColumn()

    class Meta(BaseTable.Meta):
        model = ArrearsNotice
        fields = ("sent_on", "account", "kind", "amount")

    def render_account(self, value, record):
        return str(record.account)


class DisconnectionTable(BaseTable):
    account = tables.Column(linkify=lambda record: reverse("customers:account_detail", args=[record.account_id]))
    state = tables.Column()
    amount = MoneyColumn()
    actions = tables.TemplateColumn(
        template_name="customers/includes/disconnection_actions.html", verbose_name="", orderable=False
    )

    class Meta(BaseTable.Meta):
        model = Disconnection
        fields = ("account", "state", "warned_on", "earliest_on", "done_on", "reconnected_on", "amount", "actions")

    def render_account(self, value, record):
        return str(record.account)

    def render_state(self, value, record):
        return badge(CUT_COLOURS.get(record.state, "light"), value)


class ArrearsTable(tables.Table):
    """Rows of ``queries.arrears_rows`` (dicts), sortable and paged in memory."""

    number = tables.Column(
        verbose_name=_("account"),
        linkify=lambda record: reverse("customers:account_detail", args=[record["account_id"]]),
    )
    customer = tables.Column(verbose_name=_("customer"))
    use_type_label = tables.Column(verbose_name=_("use type"), order_by=("use_type",))
    address = tables.Column(verbose_name=_("address"))
    amount = MoneyColumn(verbose_name=_("arrears"))
    bills = tables.Column(verbose_name=_("bills"), attrs={"td": {"class": "text-end"}})
    oldest_due = tables.DateColumn(verbose_name=_("oldest due"), format="Y-m-d")
    days = tables.Column(verbose_name=_("days overdue"), attrs={"td": {"class": "text-end"}})
    bucket_label = tables.Column(verbose_name=_("age"), order_by=("days",))
    relief = tables.Column(verbose_name=_("relief"))
    actions = tables.TemplateColumn(
        template_name="customers/includes/arrears_actions.html", verbose_name="", orderable=False
    )

    class Meta(BaseTable.Meta):
        pass

    def render_bucket_label(self, value, record):
        return format_html(
            '<span class="badge" style="background:{}">{}</span>', BUCKET_COLOURS.get(record["bucket"], "#999"), value
        )

    def render_relief(self, value, record):
        if not value:
            return ""
        return relief_badge()
