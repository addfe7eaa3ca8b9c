"""Billing's tiles on the home page: billed this month, collection rate, arrears, accounts under relief."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.customers.choices import OPEN_BILL_STATUSES, BillStatus
from shuiwu.customers.models import AccountRelief, Bill, relief_in_force

ZERO = Decimal("0.00")


def tiles(user) -> list[dict]:
    if not user.has_perm("customers.view_bill"):
        return []
    today = timezone.localdate()
    month_start = today.replace(day=1)
    bills = Bill.objects.restrict(user).exclude(status=BillStatus.CANCELLED)
    billed = bills.filter(issued_on__gte=month_start, issued_on__lte=today).aggregate(a=Sum("amount"))["a"] or ZERO
    # Collection over a year of bills: a month's rate early in the month says only that bills are not due yet.
    year = bills.filter(issued_on__gt=today - timedelta(days=365), issued_on__lte=today).aggregate(
        a=Sum("amount"), p=Sum("paid")
    )
    rate = f"{(year['p'] or ZERO) / year['a'] * 100:.1f}" if year["a"] else "—"
    arrears = (
        bills.filter(status__in=OPEN_BILL_STATUSES, due_on__lt=today).aggregate(s=Sum(F("amount") - F("paid")))["s"]
        or ZERO
    )
    relief = AccountRelief.objects.restrict(user).filter(relief_in_force(today)).values("account_id").distinct().count()
    bill_list = reverse("customers:bill_list")
    return [
        {
            "label": _("Billed this month"),
            "value": f"{billed:,.0f}",
            "unit": _("yuan"),
            "url": f"{bill_list}?issued_after={month_start.isoformat()}",
        },
        {"label": _("Collection rate (12 months)"), "value": rate, "unit": "%", "url": bill_list},
        {"label": _("Arrears"), "value": f"{arrears:,.0f}", "unit": _("yuan"), "url": reverse("customers:arrears")},
        {
            "label": _("Accounts under relief"),
            "value": f"{relief:,}",
            "unit": "",
            "url": reverse("customers:account_list") + "?relief=true",
        },
    ]
