"""The reports' tiles on the home page: the way to the group dashboard and the latest scorecard."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.reports import services


def tiles(user) -> list[dict]:
    if not user.has_perm("reports.view_kpi"):
        return []
    start, end = services.last_half_year()
    return [
        {"label": _("Group dashboard"), "value": "▦", "unit": "", "url": reverse("reports:dashboard")},
        {
            "label": _("Scorecard"),
            "value": services.period_label(start, end),
            "unit": "",
            "url": reverse("reports:scorecard") + f"?start={start}&end={end}",
        },
    ]
