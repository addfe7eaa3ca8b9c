"""The analytics tiles on the home page: the last month's loss rate and open leak detections."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.analytics.choices import DetectionStatus
from shuiwu.analytics.models import LeakDetection, WaterBalance


def tiles(user) -> list[dict]:
    out = []
    if user.has_perm("analytics.view_waterbalance"):
        latest = WaterBalance.objects.restrict(user).filter(dma__isnull=True).order_by("-end", "-start").first()
        if latest is not None:
            out.append(
                {
                    "label": _("Loss rate (CJJ 92), %(start)s – %(end)s")
                    % {"start": latest.start.strftime("%m-%d"), "end": latest.end.strftime("%m-%d")},
                    "value": f"{latest.loss_rate_wl_percent:.1f}",
                    "unit": "%",
                    "url": latest.get_absolute_url(),
                }
            )
    if user.has_perm("analytics.view_leakdetection"):
        open_count = LeakDetection.objects.restrict(user).filter(status=DetectionStatus.OPEN).count()
        out.append(
            {
                "label": _("Open leak detections"),
                "value": f"{open_count:,}",
                "unit": "",
                "url": reverse("analytics:leak_list") + "?status=open",
            }
        )
    return out
