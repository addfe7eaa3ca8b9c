"""Choices of customers and billing: customers, accounts, meters, readings, bills, payments, arrears."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class UseType(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    NON_RESIDENTIAL = "non_residential", _("Non-residential")
    SPECIAL = "special", _("Special industry")
    FIRE_MUNICIPAL = "fire_municipal", _("Fire and municipal")


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISCONNECTED = "disconnected", _("Disconnected")
    CLOSED = "closed", _("Closed")


class MeterType(models.TextChoices):
    MECHANICAL = "mechanical", _("Mechanical")
    AMR = "amr", _("AMR (remote read)")
    NB_IOT = "nb_iot", _("NB-IoT")
    ULTRASONIC = "ultrasonic", _("Ultrasonic")


class MeterStatus(models.TextChoices):
    ACTIVE = "active", _("In service")
    FAULTY = "faulty", _("Faulty")
    REMOVED = "removed", _("Removed")


class ReadingSource(models.TextChoices):
    MANUAL = "manual", _("Manual (reading book)")
    HANDHELD = "handheld", _("Handheld import")
    AMR = "amr", _("AMR / AMI import")
    WINDOW = "window", _("At the window")


class ReadingKind(models.TextChoices):
    ACTUAL = "actual", _("Actual")
    NO_ACCESS = "no_access", _("Estimated: no access")
    METER_FAULT = "meter_fault", _("Estimated: meter fault")


class BillStatus(models.TextChoices):
    OPEN = "open", _("Unpaid")
    PART_PAID = "part_paid", _("Part paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled (credited)")


OPEN_BILL_STATUSES = (BillStatus.OPEN, BillStatus.PART_PAID)


class LineKind(models.TextChoices):
    WATER = "water", _("Water")
    SEWAGE = "sewage", _("Sewage treatment fee")
    RESOURCE = "resource", _("Water-resource fee")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExceptionKind(models.TextChoices):
    NO_READING = "no_reading", _("No reading")
    NEGATIVE = "negative", _("Negative consumption")
    HIGH = "high", _("Far above the account's history")
    NO_TARIFF = "no_tariff", _("No tariff in force")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Bank card")
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    BANK = "bank", _("Bank batch")
    BALANCE = "balance", _("Prepaid balance")


class PaymentStatus(models.TextChoices):
    OK = "ok", pgettext_lazy("payment", "Received")
    REVERSED = "reversed", _("Reversed")


class NoticeKind(models.TextChoices):
    FIRST = "first", _("First demand")
    SECOND = "second", _("Second demand")
    DISCONNECTION = "disconnection", _("Disconnection warning")


class DisconnectionState(models.TextChoices):
    WARNED = "warned", _("Warned")
    DISCONNECTED = "disconnected", _("Disconnected")
    RECONNECTED = "reconnected", _("Reconnected")
    CANCELLED = "cancelled", _("Cancelled")


ARREARS_BUCKETS = (
    ("0_30", 0, 30),
    ("31_90", 31, 90),
    ("91_180", 91, 180),
    ("181_365", 181, 365),
    ("over_365", 366, None),
)
