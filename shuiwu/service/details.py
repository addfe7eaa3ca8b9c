"""What each kind of application needs to know to run its change: the fields of ``Application.details``.

One table serves the API's validation, the new-application form and the completion. A field required
"at receipt" must be given when the application is received; one required "at completion" may come later
(a final meter read is taken on site) and must be there when the change runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuiwu.customers.choices import CustomerKind, MeterType, UseType
from shuiwu.service.choices import ApplicationKind as K

TEXT, INT, DATE, CHOICE, CODES = "text", "int", "date", "choice", "codes"
RECEIPT, COMPLETION = "receipt", "completion"


@dataclass(frozen=True)
class DetailField:
    key: str
    label: str
    type: str = TEXT
    required: str | None = None  # RECEIPT, COMPLETION or None
    choices: tuple = ()
    max_length: int = 100


def _f(key, label, type_=TEXT, required=None, choices=None, max_length=100):
    return DetailField(key, label, type_, required, tuple(choices or ()), max_length)


def _customer_fields(name_required):
    return [
        _f("customer_name", gettext_lazy("customer name"), required=RECEIPT if name_required else None),
        _f("customer_kind", gettext_lazy("customer kind"), CHOICE, choices=CustomerKind.choices),
        _f("identity", gettext_lazy("ID number or credit code"), max_length=30),
    ]


def _meter_fields():
    return [
        _f("meter_size_mm", gettext_lazy("meter size (DN, mm)"), INT),
        _f("meter_type", gettext_lazy("meter type"), CHOICE, choices=MeterType.choices),
        _f("meter_serial", gettext_lazy("meter serial number"), max_length=30),
        _f("initial_read", gettext_lazy("read when installed (m³)"), INT),
    ]


FIELDS: dict[str, list[DetailField]] = {
    K.NEW_CONNECTION: [
        *_customer_fields(False),
        _f("address", gettext_lazy("address"), required=RECEIPT, max_length=200),
        _f("service_point", gettext_lazy("service point (asset code)"), max_length=60),
        _f("use_type", gettext_lazy("use type"), CHOICE, RECEIPT, UseType.choices),
        _f("household_size", gettext_lazy("household size"), INT),
        *_meter_fields(),
    ],
    K.TRANSFER: [
        _f("new_name", gettext_lazy("new owner's name"), required=RECEIPT),
        _f("new_identity", gettext_lazy("new owner's ID number or credit code"), required=RECEIPT, max_length=30),
        _f("new_phone", gettext_lazy("new owner's phone"), max_length=20),
        _f("new_kind", gettext_lazy("new owner's kind"), CHOICE, choices=CustomerKind.choices),
        _f("new_use_type", gettext_lazy("new use type (from next month)"), CHOICE, choices=UseType.choices),
        _f("final_read", gettext_lazy("final read (m³)"), INT),
    ],
    K.RENAME: [_f("new_name", gettext_lazy("new name"), required=RECEIPT)],
    K.CLOSURE: [_f("final_read", gettext_lazy("final read (m³)"), INT)],
    K.METER_RELOCATION: [
        _f("new_address", gettext_lazy("new address"), max_length=200),
        _f("new_service_point", gettext_lazy("new service point (asset code)"), max_length=60),
    ],
    K.METER_CHANGE: [
        _f("new_size_mm", gettext_lazy("new meter size (DN, mm)"), INT, RECEIPT),
        _f("new_meter_type", gettext_lazy("new meter type"), CHOICE, choices=MeterType.choices),
        _f("new_serial", gettext_lazy("new meter serial number"), max_length=30),
        _f("old_final_read", gettext_lazy("final read of the old meter (m³)"), INT),
        _f("new_initial_read", gettext_lazy("first read of the new meter (m³)"), INT),
    ],
    K.USE_TYPE_CHANGE: [_f("new_use_type", gettext_lazy("new use type"), CHOICE, RECEIPT, UseType.choices)],
    K.METER_SPLIT: [
        *_customer_fields(False),
        _f("use_type", gettext_lazy("use type"), CHOICE, choices=UseType.choices),
        _f("household_size", gettext_lazy("household size"), INT),
        _f("address", gettext_lazy("address"), max_length=200),
        *_meter_fields(),
    ],
    K.METER_MERGE: [
        _f("merge_accounts", gettext_lazy("accounts merged into this one (numbers)"), CODES, RECEIPT, max_length=300),
    ],
    K.TEMPORARY_WATER: [
        *_customer_fields(False),
        _f("address", gettext_lazy("address"), required=RECEIPT, max_length=200),
        _f("service_point", gettext_lazy("service point (asset code)"), max_length=60),
        _f("use_type", gettext_lazy("use type"), CHOICE, choices=UseType.choices),
        _f("until", gettext_lazy("temporary supply until"), DATE, RECEIPT),
        *_meter_fields(),
    ],
}


def fields_of(kind: str) -> list[DetailField]:
    return FIELDS.get(kind, [])


def _value(field: DetailField, raw):
    """The JSON value of one field; ValueError with the reason when it does not fit."""
    if field.type == INT:
        if isinstance(raw, bool):
            raise ValueError(_("A whole number, zero or more."))
        try:
            number = int(str(raw).strip())
        except (TypeError, ValueError):
            raise ValueError(_("A whole number, zero or more.")) from None
        if number < 0:
            raise ValueError(_("A whole number, zero or more."))
        return number
    if field.type == DATE:
        try:
            return (raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())).isoformat()
        except ValueError:
            raise ValueError(_("A date written YYYY-MM-DD.")) from None
    if field.type == CHOICE:
        values = [c[0] for c in field.choices]
        if str(raw) not in values:
            raise ValueError(_("Choose one of: %(values)s.") % {"values": ", ".join(values)})
        return str(raw)
    if field.type == CODES:
        items = raw if isinstance(raw, list | tuple) else str(raw).replace("，", ",").replace("\n", ",").split(",")
        codes = [str(c).strip() for c in items if str(c).strip()]
        if not codes:
            raise ValueError(_("Give at least one."))
        return codes
    text = str(raw).strip()
    if len(text) > field.max_length:
        raise ValueError(_("At most %(n)s characters.") % {"n": field.max_length})
    return text


def clean(kind: str, data: dict | None, *, stage: str = RECEIPT) -> dict:
    """The details of an application of ``kind``, checked and made JSON-safe.

    Unknown keys are dropped; ValidationError names each field that is missing or wrong.
    """
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ValidationError({"details": _("The details are an object of fields.")})
    cleaned, errors = {}, {}
    needed = {RECEIPT} if stage == RECEIPT else {RECEIPT, COMPLETION}
    for field in fields_of(kind):
        raw = data.get(field.key)
        if raw in (None, "", []):
            if field.required in needed:
                errors[field.key] = _("This field is required.")
            continue
        try:
            cleaned[field.key] = _value(field, raw)
        except ValueError as exc:
            errors[field.key] = str(exc)
    if (
        kind == K.METER_RELOCATION
        and not errors
        and not (cleaned.get("new_address") or cleaned.get("new_service_point"))
    ):
        errors["new_address"] = _("Give the new address or the new service point.")
    if errors:
        raise ValidationError(errors)
    return cleaned
