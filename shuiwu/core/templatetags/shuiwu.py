"""Template tags shared by every page: a record's field table, change-log helpers."""

import json

from django import template
from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from shuiwu.core.choices import ACTION_COLOURS

register = template.Library()

HIDDEN = {
    "id",
    "created",
    "updated",
    "min_lon",
    "min_lat",
    "max_lon",
    "max_lat",
    "geometry",
    "hydraulic",
    "attrs",
    "layer",
    "kind",
}


def display_value(obj, field):
    label = getattr(obj, f"{field.name}_label", None)  # e.g. an asset's type, whose choices follow its kind
    if label is not None and getattr(obj, field.attname):
        return label
    if field.choices:
        value = getattr(obj, f"get_{field.name}_display")()
        return value if getattr(obj, field.attname) not in (None, "") else None
    value = getattr(obj, field.name)
    if isinstance(field, models.ForeignKey):
        if value is None:
            return None
        url = value.get_absolute_url() if hasattr(value, "get_absolute_url") else None
        return format_html('<a href="{}">{}</a>', url, value) if url else str(value)
    if isinstance(field, models.BooleanField):
        return None if value is None else (_("yes") if value else _("no"))
    if isinstance(field, models.DateTimeField):
        return None if value is None else date_format(localtime(value), "Y-m-d H:i")
    if isinstance(field, models.DateField):
        return None if value is None else value.isoformat()
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return value


@register.simple_tag
def field_table(obj, exclude: str = ""):
    """A two-column table of the record's filled-in fields."""
    skip = HIDDEN | {name.strip() for name in exclude.split(",") if name.strip()}
    rows = []
    for field in obj._meta.concrete_fields:
        if field.name in skip:
            continue
        value = display_value(obj, field)
        if value in (None, ""):
            continue
        label = str(field.verbose_name)
        rows.append((label[:1].upper() + label[1:], value))
    body = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
    return format_html('<table class="table table-sm mb-0 fields"><tbody>{}</tbody></table>', body)


@register.simple_tag
def action_colour(action: str) -> str:
    return ACTION_COLOURS.get(action, "secondary")


@register.filter
def short_json(value, limit: int = 60) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def pretty_json(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text if len(text) < 4000 else text[:4000] + "\n…"
    return str(value)
