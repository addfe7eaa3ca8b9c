"""The weather-mode banner, shown on every page while a typhoon or heat mode concerns the user.

The base template shows it with one line: ``{% load emergency %}{% weather_banner %}``.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def weather_banner(context) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    from shuiwu.emergency import services
    from shuiwu.emergency.choices import LEVEL_COLOURS, ModeKind

    modes = services.active_modes(user)
    if not modes:
        return ""
    start, end = services.heat_window()
    rows = [
        {
            "mode": mode,
            "colour": LEVEL_COLOURS.get(mode.level, "warning") if mode.level else "warning",
            "heat": mode.kind == ModeKind.HEAT,
        }
        for mode in modes
    ]
    return render_to_string(
        "emergency/includes/weather_banner.html",
        {"rows": rows, "window_start": start, "window_end": end},
        request=request,
    )
