"""The inspections' tiles on the home page."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.inspections.choices import FindingStatus, RoundStatus
from shuiwu.inspections.models import Finding, Round


def tiles(user) -> list[dict]:
    if not user.has_perm("inspections.view_round"):
        return []
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    since = datetime.combine(today, time.min, tz)
    rounds = Round.objects.restrict(user).filter(scheduled_for__gte=since, scheduled_for__lt=since + timedelta(days=1))
    counts = rounds.aggregate(total=Count("id"), done=Count("id", filter=Q(status=RoundStatus.DONE)))
    overdue = (
        Round.objects.restrict(user).filter(status=RoundStatus.OVERDUE, due_by__gte=since - timedelta(days=7)).count()
    )
    return [
        {
            "label": _("Rounds today (done / planned)"),
            "value": f"{counts['done']} / {counts['total']}",
            "unit": "",
            "url": reverse("inspections:today"),
        },
        {
            "label": _("Overdue rounds (7 days)"),
            "value": f"{overdue:,}",
            "unit": "",
            "url": reverse("inspections:round_list") + "?status=overdue",
        },
        {
            "label": _("Open findings"),
            "value": f"{Finding.objects.restrict(user).filter(status=FindingStatus.OPEN).count():,}",
            "unit": "",
            "url": reverse("inspections:finding_list") + "?status=open",
        },
    ]
