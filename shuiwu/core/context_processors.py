"""Template context shared by every page: navigation and map settings."""

from django.conf import settings

from shuiwu.core.navigation import menu_for


def shuiwu(request):
    user = getattr(request, "user", None)
    return {
        "nav_menu": menu_for(user) if user is not None and user.is_authenticated else [],
        "site_name": settings.SHUIWU_SITE_NAME,
    }
