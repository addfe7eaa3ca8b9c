"""Base table for list pages: sortable columns, a link to each record's page."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BaseTable(tables.Table):
    class Meta:
        # Sorting and paging swap the results in place (htmx boost); a record's link opens its page.
        attrs = {"class": "table table-sm table-hover align-middle mb-0", "tbody": {"hx-boost": "false"}}
        per_page = 50
        empty_text = _("Nothing matches these filters.")


class LinkColumn(tables.Column):
    """The record's name, linked to its page."""

    def render(self, value, record):
        from django.utils.html import format_html

        url = record.get_absolute_url()
        return format_html('<a href="{}">{}</a>', url, value) if url else value
