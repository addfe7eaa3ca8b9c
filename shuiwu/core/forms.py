"""Base form: Bootstrap widgets and the company scope on every choice."""

from django import forms
from django.utils.translation import gettext as _

from shuiwu.core import scope


class ScopedModelForm(forms.ModelForm):
    """A model form for one user: choices limited to what that user may access."""

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            self._restrict_choices(user)
        style_widgets(self)

    def _restrict_choices(self, user):
        ids = scope.company_ids(user)
        for name, field in self.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            if hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user)
            if name == "company" and ids is not None:
                field.queryset = queryset.filter(pk__in=ids)
                if len(ids) == 1 and not self.instance.pk:
                    field.initial = next(iter(ids))

    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company")
        if self.user is not None and company is not None and not scope.can_access_company(self.user, company.pk):
            self.add_error("company", _("You may only create or change records of your own company."))
        return cleaned


def style_widgets(form):
    """Give every widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
