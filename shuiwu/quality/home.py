"""The lab's tiles on the home page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.quality import services
from shuiwu.quality.choices import ExceedanceStatus, SampleStatus, TaskStatus
from shuiwu.quality.models import Exceedance, Sample, SampleTask


def tiles(user) -> list[dict]:
    if not user.has_perm("quality.view_sample"):
        return []
    today = timezone.localdate()
    due = SampleTask.objects.restrict(user).filter(status=TaskStatus.OPEN, window_start__lte=today, due__gte=today)
    to_review = Sample.objects.restrict(user).filter(status=SampleStatus.ENTERED).count()
    open_exc = Exceedance.objects.restrict(user).filter(status=ExceedanceStatus.OPEN).count()
    rates = services.pass_rates(today - timedelta(days=30), today, user=user)
    composite = rates["composite"]["rate"]
    return [
        {"label": _("Samples due today"), "value": f"{due.count():,}", "unit": "", "url": reverse("quality:bench")},
        {
            "label": _("Samples to review"),
            "value": f"{to_review:,}",
            "unit": "",
            "url": reverse("quality:sample_list") + "?status=entered",
        },
        {
            "label": _("Water-quality pass rate (30 days)"),
            "value": "—" if composite is None else f"{composite:.2f}",
            "unit": "%",
            "url": reverse("quality:compliance"),
        },
        {
            "label": _("Open exceedances"),
            "value": f"{open_exc:,}",
            "unit": "",
            "url": reverse("quality:exceedance_list") + "?status=open",
        },
    ]
