"""The telemetry tiles on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.telemetry import services


def tiles(user) -> list[dict]:
    if not user.has_perm("telemetry.view_sensor"):
        return []
    supply = services.city_supply_today(user)
    active = services.alarms_for(user).filter(cleared_at__isnull=True).count()
    return [
        {
            "label": _("Supply today so far"),
            "value": f"{supply:,.0f}" if supply is not None else "—",
            "unit": "m³",
            "url": reverse("telemetry:overview"),
        },
        {
            "label": _("Active alarms"),
            "value": f"{active:,}",
            "unit": "",
            "url": reverse("telemetry:alarm_list") + "?state=open",
        },
    ]
