"""Helpers for the service-counter tests: windows, accounts with a meter, bills, applications at given times."""

from datetime import date, datetime, time
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

from shuiwu.assets.choices import Kind
from shuiwu.assets.tests.factories import AssetFactory
from shuiwu.customers.choices import UseType
from shuiwu.customers.models import Account, Bill, Customer, Meter, MeterReading
from shuiwu.service import services
from shuiwu.service.choices import WindowKind
from shuiwu.service.models import ApplicationType, Window

TZ = ZoneInfo("Asia/Shanghai")
FRIDAY = date(2026, 11, 27)
_numbers = count(1)


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), TZ)


def window(company, code="W1", kind=WindowKind.SERVICE_HALL) -> Window:
    return Window.objects.create(company=company, code=code, name=f"窗口{code}", kind=kind)


def type_of(code: str) -> ApplicationType:
    return ApplicationType.objects.get(code=code)


def service_point(company, code=None, address="测试路1号"):
    return AssetFactory(kind=Kind.SERVICE_POINT, company=company, code=code or f"SP{next(_numbers)}", address=address)


def account(company, *, use_type=UseType.RESIDENTIAL, size_mm=20, opened=date(2025, 1, 1), **fields) -> Account:
    n = next(_numbers)
    customer = Customer.objects.create(company=company, number=f"SC{n:05d}", name=fields.pop("name", f"用户{n}"))
    made = Account.objects.create(
        company=company, number=f"SA{n:05d}", customer=customer, use_type=use_type, opened_on=opened, **fields
    )
    Meter.objects.create(serial=f"SM{n:05d}", account=made, install_date=opened, size_mm=size_mm, digits=5)
    return made


def reading(acct, day: date, value: int) -> MeterReading:
    meter = acct.meters.get()
    return MeterReading.objects.create(meter=meter, account=acct, read_on=day, value=value, consumption=value)


def unpaid_bill(acct, period="2026-10", amount="88.00") -> Bill:
    return Bill.objects.create(
        number=f"B{next(_numbers):06d}",
        company=acct.company,
        account=acct,
        period=period,
        use_type=acct.use_type,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        amount=Decimal(amount),
        issued_on=date(2026, 11, 1),
        due_on=date(2026, 11, 16),
    )


def receive(user, code, win, *, account=None, details=None, documents=None, day=FRIDAY, **fields):
    application_type = type_of(code)
    return services.receive(
        user=user,
        application_type=application_type,
        window=win,
        applicant_name=fields.pop("applicant_name", "申请人"),
        account=account,
        details=details or {},
        documents_received=application_type.documents if documents is None else documents,
        received_at=at(day),
        **fields,
    )


def through(application, user, day=FRIDAY, details=None):
    """Advance every step but the last, then complete (all on ``day``)."""
    while application.current_step < application.steps.count() - 1:
        application = services.advance(application, user=user, at=at(day, 11))
    return services.complete(application, user=user, details=details, at=at(day, 15))
