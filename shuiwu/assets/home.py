"""The asset register's tiles on the home page."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.assets.choices import Kind, Status, System
from shuiwu.assets.models import DMA, Asset


def tiles(user) -> list[dict]:
    if not user.has_perm("assets.view_asset"):
        return []
    assets = Asset.objects.restrict(user).filter(status=Status.ACTIVE)
    figures = assets.aggregate(
        supply_m=Sum("length", filter=Q(kind=Kind.PIPE, system=System.SUPPLY)),
        sewer_m=Sum("length", filter=Q(kind=Kind.PIPE, system=System.SEWER)),
        raw_m=Sum("length", filter=Q(kind=Kind.PIPE, system=System.RAW)),
        valves=Count("id", filter=Q(kind=Kind.VALVE)),
        hydrants=Count("id", filter=Q(kind=Kind.HYDRANT)),
        service_points=Count("id", filter=Q(kind=Kind.SERVICE_POINT)),
        pump_stations=Count("id", filter=Q(kind=Kind.PUMP_STATION)),
    )
    map_url = reverse("assets:map")
    km = [
        (_("Supply mains"), figures["supply_m"], "supply"),
        (_("Sewers"), figures["sewer_m"], "sewer"),
        (_("Raw-water mains"), figures["raw_m"], "raw"),
    ]
    out = [
        {
            "label": label,
            "value": f"{(metres or 0) / 1000:,.1f}",
            "unit": _("km"),
            "url": reverse("assets:kind_list", args=["pipes"]) + f"?system={system}",
        }
        for label, metres, system in km
        if metres
    ]
    out += [
        {
            "label": _("Valves"),
            "value": f"{figures['valves']:,}",
            "unit": "",
            "url": reverse("assets:kind_list", args=["valves"]),
        },
        {
            "label": _("Hydrants"),
            "value": f"{figures['hydrants']:,}",
            "unit": "",
            "url": reverse("assets:kind_list", args=["hydrants"]),
        },
        {
            "label": _("Service points"),
            "value": f"{figures['service_points']:,}",
            "unit": "",
            "url": reverse("assets:kind_list", args=["service-points"]),
        },
        {
            "label": _("Pump stations"),
            "value": f"{figures['pump_stations']:,}",
            "unit": "",
            "url": reverse("assets:kind_list", args=["pump-stations"]),
        },
        {"label": _("DMAs"), "value": f"{DMA.objects.restrict(user).count():,}", "unit": "", "url": map_url},
    ]
    return out
