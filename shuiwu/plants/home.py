"""Plant operations' tiles on the home page: yesterday's water out and the chemicals running low."""

from datetime import timedelta

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.assets.choices import PlantType
from shuiwu.plants import services
from shuiwu.plants.models import DailyLog


def tiles(user) -> list[dict]:
    if not user.has_perm("plants.view_dailylog"):
        return []
    yesterday = timezone.localdate() - timedelta(days=1)
    produced = (
        DailyLog.objects.restrict(user)
        .filter(day=yesterday)
        .exclude(plant__subtype=PlantType.SEWAGE)
        .aggregate(total=Sum("outflow_m3"))["total"]
    )
    low = len(services.low_stock(user=user))
    url = reverse("plants:plant_list")
    return [
        {
            "label": _("Water produced yesterday"),
            "value": f"{produced:,.0f}" if produced is not None else "—",
            "unit": "m³",
            "url": url,
        },
        {
            "label": _("Chemicals low in stock"),
            "value": f"{low:,}",
            "unit": "",
            "url": reverse("plants:chemicalstock_list") + "?low=true",
        },
    ]
