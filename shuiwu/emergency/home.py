"""Emergency preparedness's tiles on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.emergency import services
from shuiwu.emergency.models import ContingencyPlan, Stock


def tiles(user) -> list[dict]:
    if not user.has_perm("emergency.view_stock"):
        return []
    below = Stock.objects.restrict(user).filter(services.below_minimum_q()).count()
    ready = [
        r.percent
        for r in services.readiness_of_plans(ContingencyPlan.objects.restrict(user).filter(status="active"))
        if r.percent is not None
    ]
    board = reverse("emergency:board")
    tiles = [
        {
            "label": _("Plan readiness"),
            "value": f"{sum(ready) / len(ready):.0f}" if ready else "—",
            "unit": "%",
            "url": board,
        },
        {
            "label": _("Stock below minimum"),
            "value": f"{below:,}",
            "unit": "",
            "url": reverse("emergency:stock_list") + "?below_minimum=true",
        },
    ]
    return tiles
