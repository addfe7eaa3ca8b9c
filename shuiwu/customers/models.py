"""Customers and billing: customers, accounts on service points, meters and their readings, reading books,
versioned tariffs, billing runs and bills, payments and their allocation, arrears notices, disconnections and
relief policies."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuiwu.assets.choices import Kind
from shuiwu.assets.models import Asset
from shuiwu.core.models import BaseModel, ChangeLoggedModel, CompanyScopedModel
from shuiwu.core.scope import ScopedQuerySet
from shuiwu.customers.choices import (
    AccountStatus,
    BillStatus,
    CustomerKind,
    DisconnectionState,
    ExceptionKind,
    LineKind,
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
from shuiwu.engine import tariffs as engine

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


def add_months(day, months: int):
    """The same day ``months`` later (the month's last day when it is shorter)."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def mask_identity(value: str) -> str:
    """An ID number or credit code with all but its first three and last two characters hidden."""
    if not value:
        return ""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


class Customer(CompanyScopedModel):
    """A person or an organisation that holds accounts."""

    number = models.CharField(_("customer number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PERSON)
    name = models.CharField(_("name"), max_length=100, db_index=True)
    identity = models.CharField(
        _("ID number or credit code"),
        max_length=30,
        blank=True,
        help_text=_("Resident ID number of a person, unified social credit code of an organisation"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    small_business = models.BooleanField(
        _("small business or sole trader"),
        default=False,
        help_text=_("Small and micro businesses and sole traders (小微企业和个体工商户), whom relief policies cover"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        permissions = [("see_identity", _("Can see ID numbers and credit codes in full"))]

    def __str__(self):
        return f"{self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("customers:customer_detail", args=[self.pk])

    def identity_for(self, user) -> str:
        """The ID number in full for users who need it, masked for the rest."""
        if user is not None and user.has_perm("customers.see_identity"):
            return self.identity
        return mask_identity(self.identity)


class ReadingBook(CompanyScopedModel):
    """A meter reader's book: the accounts read together, in route order, every ``cycle_months``."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    reader = models.ForeignKey(
        "org.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reader")
    )
    cycle_months = models.PositiveSmallIntegerField(_("reading cycle (months)"), default=1)
    read_day = models.PositiveSmallIntegerField(_("reading day of the month"), default=25)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reading book")
        verbose_name_plural = _("reading books")

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("customers:readingbook_detail", args=[self.pk])


class Account(CompanyScopedModel):
    """A customer's water account at a service point: what is billed, under one use type."""

    number = models.CharField(_("account number"), max_length=20, unique=True)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="accounts", verbose_name=_("customer")
    )
    service_point = models.ForeignKey(
        Asset,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accounts",
        limit_choices_to={"kind": Kind.SERVICE_POINT},
        verbose_name=_("service point"),
    )
    use_type = models.CharField(_("use type"), max_length=20, choices=UseType.choices, default=UseType.RESIDENTIAL)
    household_size = models.PositiveSmallIntegerField(
        _("household size"), null=True, blank=True, help_text=_("People in the household, for the tier thresholds")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE)
    reading_book = models.ForeignKey(
        ReadingBook,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accounts",
        verbose_name=_("reading book"),
    )
    route_order = models.PositiveIntegerField(_("order in the book"), default=0)
    opened_on = models.DateField(_("opened"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    temporary_until = models.DateField(
        _("temporary supply until"), null=True, blank=True, help_text=_("For temporary water (临时用水)")
    )
    balance = models.DecimalField(
        _("prepaid balance"), **MONEY, default=ZERO, help_text=_("Money paid in advance, used for the next bills")
    )
    # A use-type change takes effect on the first day of the next month (DOMAIN.md §7).
    pending_use_type = models.CharField(_("use type from"), max_length=20, choices=UseType.choices, blank=True)
    pending_from = models.DateField(_("new use type from"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        indexes = [models.Index(fields=["company", "status"], name="customers_account_co_status")]

    def __str__(self):
        return f"{self.number} {self.customer.name}" if self.customer_id else self.number

    def get_absolute_url(self):
        return reverse("customers:account_detail", args=[self.pk])

    def clean(self):
        if self.service_point_id and self.service_point.kind != Kind.SERVICE_POINT:
            raise ValidationError({"service_point": _("Choose a service point.")})
        if self.household_size is not None and self.household_size < 1:
            raise ValidationError({"household_size": _("A household has at least one person.")})
        if self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("An account cannot close before it opens.")})


class Meter(ChangeLoggedModel):
    """A water meter, fitted to an account (or in store when it has none)."""

    scope_path = "account__company"

    serial = models.CharField(_("serial number"), max_length=30, unique=True)
    account = models.ForeignKey(
        Account, on_delete=models.PROTECT, null=True, blank=True, related_name="meters", verbose_name=_("account")
    )
    size_mm = models.PositiveSmallIntegerField(_("size (DN, mm)"), default=20)
    meter_type = models.CharField(_("type"), max_length=20, choices=MeterType.choices, default=MeterType.MECHANICAL)
    digits = models.PositiveSmallIntegerField(
        _("dial digits"), default=5, help_text=_("The dials roll over at 10^digits m³")
    )
    install_date = models.DateField(_("installed"), null=True, blank=True)
    initial_read = models.PositiveIntegerField(_("read when installed (m³)"), default=0)
    seal = models.CharField(_("seal number"), max_length=30, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeterStatus.choices, default=MeterStatus.ACTIVE)
    removed_on = models.DateField(_("removed"), null=True, blank=True)
    device_id = models.CharField(_("AMR / NB-IoT device id"), max_length=40, blank=True, db_index=True)

    class Meta:
        ordering = ["serial"]
        verbose_name = _("meter")
        verbose_name_plural = _("meters")

    def __str__(self):
        return f"{self.serial} DN{self.size_mm}"


class MeterReading(models.Model):
    """One read of a meter (whole m³), with the consumption since the read before it."""

    scope_path = "account__company"

    meter = models.ForeignKey(Meter, on_delete=models.CASCADE, related_name="readings", verbose_name=_("meter"))
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="readings", verbose_name=_("account"))
    read_on = models.DateField(_("read on"))
    value = models.PositiveIntegerField(_("read (m³)"))
    consumption = models.IntegerField(_("consumption (m³)"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReadingKind.choices, default=ReadingKind.ACTUAL)
    source = models.CharField(_("source"), max_length=20, choices=ReadingSource.choices, default=ReadingSource.MANUAL)
    rollover = models.BooleanField(_("dials rolled over"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created = models.DateTimeField(_("entered"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account", "-read_on"]
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        constraints = [models.UniqueConstraint(fields=["meter", "read_on"], name="customers_reading_once_a_day")]
        indexes = [models.Index(fields=["account", "read_on"], name="customers_reading_acct_day")]

    def __str__(self):
        return f"{self.meter.serial} {self.read_on} {self.value}"


class Tariff(ChangeLoggedModel):
    """One version of the prices of one use type, in force from its date until the next version's."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    use_type = models.CharField(_("use type"), max_length=20, choices=UseType.choices)
    valid_from = models.DateField(_("in force from"))
    tiers = models.JSONField(
        _("water prices"),
        help_text=_(
            'A list of tiers on annual volume: [{"up_to_m3": 216, "price": "2.90", "extra_person_m3": 54}, …, '
            '{"up_to_m3": null, "price": "8.70"}]; one tier with no end for a flat price'
        ),
    )
    sewage_fee = models.DecimalField(_("sewage treatment fee (yuan/m³)"), max_digits=8, decimal_places=2, default=ZERO)
    resource_fee = models.DecimalField(_("water-resource fee (yuan/m³)"), max_digits=8, decimal_places=2, default=ZERO)
    household_base = models.PositiveSmallIntegerField(
        _("base household size"), default=4, help_text=_("Tier thresholds are set for a household of this size")
    )
    example = models.BooleanField(
        _("example"), default=False, help_text=_("An example price, not a published one: check before billing")
    )
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["use_type", "-valid_from"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            models.UniqueConstraint(fields=["use_type", "valid_from"], name="customers_tariff_one_per_day"),
        ]

    def __str__(self):
        return f"{self.name} ({self.valid_from})"

    def get_absolute_url(self):
        return reverse("customers:tariff_detail", args=[self.pk])

    def as_engine(self) -> engine.Tariff:
        return engine.Tariff(
            valid_from=self.valid_from,
            tiers=tuple(
                engine.Tier(
                    up_to_m3=None if t.get("up_to_m3") is None else int(t["up_to_m3"]),
                    price=Decimal(str(t["price"])),
                    extra_person_m3=int(t.get("extra_person_m3") or 0),
                )
                for t in self.tiers or []
            ),
            sewage=self.sewage_fee,
            resource=self.resource_fee,
            household_base=self.household_base,
            code=self.code,
        )

    def clean(self):
        try:
            tiers = self.as_engine()
        except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
            raise ValidationError({"tiers": _("Not a list of tiers: %(error)s") % {"error": exc}}) from None
        problems = engine.check_tariff(tiers)
        if problems:
            raise ValidationError({"tiers": "; ".join(problems)})
        if self.use_type == UseType.RESIDENTIAL and len(tiers.tiers) > 1 and not engine.price_ratio_ok(tiers):
            raise ValidationError({"tiers": _("Tier prices must keep at least the ratio 1 : 1.5 : 3.")})


class BillingRun(BaseModel):
    """Billing of one period (a month), for a company or one reading book: a background job with progress."""

    scope_path = "company"

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    period = models.CharField(_("period"), max_length=7, help_text=_("YYYY-MM"), db_index=True)
    reading_book = models.ForeignKey(
        ReadingBook, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reading book")
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    accounts = models.PositiveIntegerField(_("accounts"), default=0)
    bills = models.PositiveIntegerField(_("bills"), default=0)
    skipped = models.PositiveIntegerField(_("already billed"), default=0)
    volume_m3 = models.BigIntegerField(_("volume (m³)"), default=0)
    amount = models.DecimalField(_("amount"), **MONEY, default=ZERO)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")

    def __str__(self):
        book = f" {self.reading_book.code}" if self.reading_book_id else ""
        return f"{self.period}{book}"

    def get_absolute_url(self):
        return reverse("customers:billingrun_detail", args=[self.pk])


class BillingException(models.Model):
    """An account a billing run could not bill as usual, for someone to look at."""

    scope_path = "run__company"

    run = models.ForeignKey(BillingRun, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("run"))
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+", verbose_name=_("account"))
    kind = models.CharField(_("kind"), max_length=20, choices=ExceptionKind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    billed = models.BooleanField(_("billed anyway"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["run", "kind", "account"]
        verbose_name = _("billing exception")
        verbose_name_plural = _("billing exceptions")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.account_id}"


class Bill(models.Model):
    """One account's bill for one period. A correction cancels it with a credit and bills again (a revision)."""

    scope_path = "company"

    number = models.CharField(_("bill number"), max_length=40, unique=True)
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="bills", verbose_name=_("account"))
    run = models.ForeignKey(
        BillingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="bill_set", verbose_name=_("run")
    )
    period = models.CharField(_("period"), max_length=7)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    use_type = models.CharField(_("use type"), max_length=20, choices=UseType.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    previous_read = models.PositiveIntegerField(_("previous read"), null=True, blank=True)
    current_read = models.PositiveIntegerField(_("current read"), null=True, blank=True)
    volume_m3 = models.IntegerField(_("volume (m³)"), default=0)
    estimated = models.BooleanField(_("estimated"), default=False)
    amount = models.DecimalField(_("amount"), **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY, default=ZERO)
    late_fee_paid = models.DecimalField(_("late fee paid"), **MONEY, default=ZERO)
    # After a part payment settles the late fee so far, the fee accrues again from that day on what is left.
    fee_from = models.DateField(_("late fee accrues from"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BillStatus.choices, default=BillStatus.OPEN)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    cancelled_reason = models.CharField(_("reason for the credit"), max_length=200, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "account"]
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        constraints = [
            # Re-running a period never bills twice: one live bill per account and period.
            models.UniqueConstraint(
                fields=["account", "period"],
                condition=~Q(status="cancelled"),
                name="customers_bill_one_live_per_period",
            ),
            models.CheckConstraint(condition=Q(paid__gte=0), name="customers_bill_paid_not_negative"),
        ]
        indexes = [
            models.Index(fields=["company", "status", "due_on"], name="customers_bill_open"),
            models.Index(fields=["account", "period"], name="customers_bill_acct_period"),
            models.Index(fields=["period", "company"], name="customers_bill_period"),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("customers:bill_detail", args=[self.pk])

    @property
    def outstanding(self) -> Decimal:
        return ZERO if self.status == BillStatus.CANCELLED else self.amount - self.paid


class BillLine(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("item"), max_length=10, choices=LineKind.choices)
    tier = models.PositiveSmallIntegerField(_("tier"), null=True, blank=True)
    volume_m3 = models.IntegerField(_("volume (m³)"))
    price = models.DecimalField(_("price (yuan/m³)"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount"), **MONEY)
    tariff = models.CharField(_("tariff"), max_length=30, blank=True)
    days = models.PositiveSmallIntegerField(_("days"), default=0)

    class Meta:
        ordering = ["bill", "id"]
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")

    def __str__(self):
        return f"{self.get_kind_display()} {self.volume_m3} m³ × {self.price}"


class Payment(models.Model):
    """Money received for an account: at a window, by a bank batch, or from the prepaid balance."""

    scope_path = "company"

    number = models.CharField(_("receipt number"), max_length=30, unique=True)
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+", verbose_name=_("company"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payments", verbose_name=_("account"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))])
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    window = models.CharField(_("window"), max_length=60, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True, help_text=_("Bank batch line, slip …"))
    to_balance = models.DecimalField(_("to the prepaid balance"), **MONEY, default=ZERO)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.OK)
    reversal_reason = models.CharField(_("reason for the reversal"), max_length=200, blank=True)
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        permissions = [("reverse_payment", _("Can reverse a payment"))]
        constraints = [
            # A bank batch loaded twice does not pay twice.
            models.UniqueConstraint(
                fields=["method", "reference"], condition=Q(method="bank"), name="customers_payment_bank_once"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("customers:payment_detail", args=[self.pk])


class Allocation(models.Model):
    """The part of a payment that went to one bill: its principal and its late fee."""

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="allocations")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="allocations")
    amount = models.DecimalField(_("to the bill"), **MONEY)
    late_fee = models.DecimalField(_("to the late fee"), **MONEY, default=ZERO)

    class Meta:
        ordering = ["payment", "bill__period"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")

    def __str__(self):
        return f"{self.payment_id} → {self.bill_id}: {self.amount}"


class ReliefPolicy(ChangeLoggedModel):
    """A policy that defers arrears, waives late fees and forbids disconnection for the accounts it covers."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    deferral_months = models.PositiveSmallIntegerField(_("deferral (months)"), default=6)
    waive_late_fees = models.BooleanField(_("late fees waived"), default=True)
    no_disconnection = models.BooleanField(_("no disconnection for arrears"), default=True)
    small_business_only = models.BooleanField(_("small businesses and sole traders only"), default=True)
    automatic = models.BooleanField(
        _("granted without application"), default=True, help_text=_("免申即享: every eligible account is flagged")
    )
    covers_until = models.DateField(
        _("covers until"),
        null=True,
        editable=False,
        help_text=_("The end of the policy plus its deferral months: arrears from the policy are deferred until then"),
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("relief policy")
        verbose_name_plural = _("relief policies")

    def __str__(self):
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The policy ends before it starts.")})

    def save(self, *args, **kwargs):
        self.covers_until = add_months(self.ends_on, self.deferral_months or 0) if self.ends_on else None
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "covers_until"}
        super().save(*args, **kwargs)


def relief_in_force(on, prefix: str = "policy__") -> Q:
    """Reliefs (or, with ``prefix=""``, policies) covering their accounts on ``on``: from the policy's start until
    its end plus its deferral months."""
    return Q(**{f"{prefix}starts_on__lte": on, f"{prefix}covers_until__gte": on})


class AccountRelief(BaseModel):
    """An account covered by a relief policy."""

    scope_path = "account__company"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="reliefs", verbose_name=_("account"))
    policy = models.ForeignKey(
        ReliefPolicy, on_delete=models.CASCADE, related_name="accounts", verbose_name=_("policy")
    )
    granted_on = models.DateField(_("granted"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = _("account relief")
        verbose_name_plural = _("account reliefs")
        constraints = [models.UniqueConstraint(fields=["account", "policy"], name="customers_relief_once")]


class ArrearsNotice(BaseModel):
    """A demand for payment sent to an account: first, second, and the disconnection warning."""

    scope_path = "account__company"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="notices", verbose_name=_("account"))
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    sent_on = models.DateField(_("sent"))
    amount = models.DecimalField(_("arrears"), **MONEY)
    bills = models.JSONField(_("bills"), default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("arrears notice")
        verbose_name_plural = _("arrears notices")


class Disconnection(BaseModel):
    """Stopping supply for arrears: warned (with the earliest day it may happen), done, or undone."""

    scope_path = "account__company"

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="disconnections", verbose_name=_("account")
    )
    state = models.CharField(_("state"), max_length=20, choices=DisconnectionState.choices)
    warned_on = models.DateField(_("warned"))
    earliest_on = models.DateField(_("not before"))
    done_on = models.DateField(_("disconnected on"), null=True, blank=True)
    reconnected_on = models.DateField(_("reconnected on"), null=True, blank=True)
    amount = models.DecimalField(_("arrears"), **MONEY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-warned_on"]
        verbose_name = _("disconnection")
        verbose_name_plural = _("disconnections")
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(state__in=["warned", "disconnected"]),
                name="customers_one_open_disconnection",
            ),
        ]
