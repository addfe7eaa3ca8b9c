"""The people app's tiles on the home page."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuiwu.people import services


def tiles(user) -> list[dict]:
    if not user.has_perm("people.view_training"):
        return []
    today = timezone.localdate()
    figures = services.summary(None, date(today.year, 1, 1), today, user=user)
    per = figures["training_hours_per_employee"]
    return [
        {
            "label": _("Training hours per employee this year"),
            "value": f"{per:.1f}" if per is not None else "—",
            "unit": "h",
            "url": reverse("people:person_list"),
        }
    ]
