"""Base FilterSet: one per model, serving the UI lists and the API alike."""

from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BaseFilterSet(django_filters.FilterSet):
    """Adds ``q``: a case-insensitive search over the model's ``search_fields``.

    Filters named in ``ui_hidden`` (ids meant for links and the API) are not
    shown on list pages; a value they carry is kept as a hidden input.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"), widget=forms.TextInput(attrs={"type": "search"}))
    search_fields: tuple[str, ...] = ()
    ui_hidden: tuple[str, ...] = ()

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for name, field in form.fields.items():
                if isinstance(field.widget, forms.NullBooleanSelect):
                    field.widget.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]
                    field.widget.attrs["class"] = "form-select form-select-sm"
                elif isinstance(field.widget, forms.SelectMultiple):
                    field.widget = forms.CheckboxSelectMultiple(choices=field.widget.choices)
                    field.widget.attrs["class"] = "checks"
                elif isinstance(field.widget, forms.Select):
                    field.widget.attrs["class"] = "form-select form-select-sm"
                else:
                    field.widget.attrs["class"] = "form-control form-control-sm"
                if name in self.ui_hidden:
                    field.widget = forms.HiddenInput()
            form._styled = True
        return form

    def search(self, queryset, name, value):
        value = value.strip()
        if not value or not self.search_fields:
            return queryset
        query = reduce(or_, (Q(**{f"{f}__icontains": value}) for f in self.search_fields))
        return queryset.filter(query)
