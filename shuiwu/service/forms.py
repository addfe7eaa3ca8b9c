"""Forms of the service counter: the new application (fields by kind), completion, refusal, windows, types."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.customers.models import Account
from shuiwu.service import details
from shuiwu.service.choices import NEEDS_ACCOUNT, RejectionReason
from shuiwu.service.models import ApplicationType, Holiday, Window

# Where a service's error on a field shows on the form.
FORM_FIELD = {"documents_received": "documents", "account": "account_number", "application_type": "type"}


def detail_formfield(field: details.DetailField, *, required: bool) -> forms.Field:
    if field.type == details.INT:
        return forms.IntegerField(label=field.label, required=required, min_value=0)
    if field.type == details.DATE:
        return forms.DateField(
            label=field.label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        )
    if field.type == details.CHOICE:
        return forms.ChoiceField(label=field.label, required=required, choices=[("", "—"), *field.choices])
    if field.type == details.CODES:
        return forms.CharField(
            label=field.label,
            required=required,
            max_length=field.max_length,
            help_text=_("Comma-separated"),
        )
    return forms.CharField(label=field.label, required=required, max_length=field.max_length)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or above the form)."""
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, messages in items:
        name = FORM_FIELD.get(field, field)
        form.add_error(name if name in form.fields else None, messages)


class DetailsMixin:
    """Adds the detail fields of an application kind; ``detail_keys`` lists them in order."""

    def add_details(self, kind: str, *, stage: str, initial: dict | None = None) -> None:
        # At completion what was given at receipt is kept unless changed: only completion's own fields are needed.
        needed = {stage}
        self.detail_keys = []
        for field in details.fields_of(kind):
            self.fields[field.key] = detail_formfield(field, required=field.required in needed)
            if initial and field.key in initial:
                value = initial[field.key]
                self.fields[field.key].initial = ", ".join(value) if isinstance(value, list) else value
            self.detail_keys.append(field.key)

    def detail_values(self) -> dict:
        return {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key in self.detail_keys
            if (value := self.cleaned_data.get(key)) not in (None, "")
        }

    def detail_fields(self):
        return [self[key] for key in self.detail_keys]


class ApplicationForm(DetailsMixin, forms.Form):
    """A new application: the type chosen first decides the detail fields and the documents checklist."""

    type = forms.ModelChoiceField(queryset=ApplicationType.objects.filter(active=True), label=_("type"))
    window = forms.ModelChoiceField(queryset=Window.objects.filter(active=True), label=_("window"))
    applicant_name = forms.CharField(label=_("applicant"), max_length=100)
    applicant_phone = forms.CharField(label=_("applicant phone"), max_length=20, required=False)
    account_number = forms.CharField(
        label=_("account number"), max_length=20, required=False, help_text=_("The account the application changes")
    )
    documents = forms.MultipleChoiceField(
        label=_("documents received"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user=None, application_type: ApplicationType | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.application_type = application_type
        if user is not None:
            self.fields["window"].queryset = Window.objects.restrict(user).filter(active=True)
            windows = list(self.fields["window"].queryset[:2])
            if len(windows) == 1:
                self.fields["window"].initial = windows[0].pk
        self.detail_keys = []
        if application_type is not None:
            self.fields["type"].initial = application_type.pk
            self.fields["documents"].choices = [(d, d) for d in application_type.documents or []]
            self.fields["account_number"].required = application_type.kind in NEEDS_ACCOUNT
            self.add_details(application_type.kind, stage=details.RECEIPT)
        style_widgets(self)
        self.fields["documents"].widget.attrs["class"] = "checks"

    def clean_account_number(self):
        number = self.cleaned_data.get("account_number", "").strip()
        if not number:
            return None
        queryset = Account.objects.restrict(self.user) if self.user is not None else Account.objects.all()
        account = queryset.select_related("customer").filter(number=number).first()
        if account is None:
            raise forms.ValidationError(_("No account with number “%(number)s”.") % {"number": number})
        return account

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("type")
        if chosen is not None and self.application_type is not None and chosen.pk != self.application_type.pk:
            self.add_error("type", _("Choose the type first, then fill in its details."))
        return cleaned


class CompleteForm(DetailsMixin, forms.Form):
    """Completing: the details the change needs, with what was given at receipt filled in."""

    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.detail_keys = []
        if application is not None:
            self.add_details(application.type.kind, stage=details.COMPLETION, initial=application.details)
        style_widgets(self)


class AdvanceForm(forms.Form):
    note = forms.CharField(label=_("note"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class RejectForm(forms.Form):
    code = forms.ChoiceField(label=_("reason for the refusal"), choices=RejectionReason.choices)
    reason = forms.CharField(label=_("refusal explained"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("reason for the cancellation"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class DocumentsForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("documents brought"), widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}), choices=()
    )

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None:
            self.fields["documents"].choices = [(d, d) for d in application.missing_documents]


class WindowForm(ScopedModelForm):
    class Meta:
        model = Window
        fields = ["company", "code", "name", "kind", "address", "phone", "active"]


class ApplicationTypeForm(ScopedModelForm):
    class Meta:
        model = ApplicationType
        fields = [
            "code",
            "name",
            "kind",
            "steps",
            "documents",
            "limit_working_days",
            "refuse_with_arrears",
            "local_policy",
            "source",
            "active",
            "order",
        ]


class HolidayForm(ScopedModelForm):
    class Meta:
        model = Holiday
        fields = ["day", "name", "working", "source"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
