"""Capital projects' tiles on the home page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from shuiwu.projects import services
from shuiwu.projects.models import Project


def tiles(user) -> list[dict]:
    if not user.has_perm("projects.view_project"):
        return []
    figures = services.figures(Project.objects.restrict(user))
    url = reverse("projects:project_list")
    return [
        {
            "label": _("Capital projects, work done"),
            "value": f"{figures['projects']:,} · {figures['percent_done'] or 0:g}",
            "unit": "%",
            "url": url,
        },
        {
            "label": _("Pipe laid / planned"),
            "value": f"{figures['km_laid']:,.1f} / {figures['km_planned']:,.1f}",
            "unit": "km",
            "url": url,
        },
        {"label": _("Late projects"), "value": f"{figures['late']:,}", "unit": "", "url": url + "?late=true"},
    ]
