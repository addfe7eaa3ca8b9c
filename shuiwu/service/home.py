"""The service counter's tiles on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.service import services
from shuiwu.service.choices import OPEN_STATUSES
from shuiwu.service.models import Application


def tiles(user) -> list[dict]:
    if not user.has_perm("service.view_application"):
        return []
    applications = Application.objects.restrict(user)
    open_count = applications.filter(status__in=OPEN_STATUSES).count()
    overdue = applications.filter(services.overdue_q()).count()
    url = reverse("service:application_list")
    return [
        {
            "label": _("Open applications"),
            "value": f"{open_count:,}",
            "unit": "",
            "url": url + "?status=received&status=in_progress",
        },
        {"label": _("Overdue applications"), "value": f"{overdue:,}", "unit": "", "url": url + "?overdue=true"},
    ]
