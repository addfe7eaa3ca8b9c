"""The repair centre's tiles on the home page."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.work.models import Ticket, WorkOrder
from shuiwu.work.services import breached_q


def tiles(user) -> list[dict]:
    if not user.has_perm("work.view_workorder"):
        return []
    now = timezone.now()
    orders = WorkOrder.objects.restrict(user).open()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    board = reverse("work:board")
    return [
        {"label": _("Open work orders"), "value": f"{orders.count():,}", "unit": "", "url": board},
        {
            "label": _("SLA breached (open)"),
            "value": f"{orders.filter(breached_q(now)).count():,}",
            "unit": "",
            "url": board + "?sla_breached=true",
        },
        {
            "label": _("Calls today"),
            "value": f"{Ticket.objects.restrict(user).filter(received_at__gte=today).count():,}",
            "unit": "",
            "url": reverse("work:ticket_list"),
        },
    ]
