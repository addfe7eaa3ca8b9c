"""Forms of emergency preparedness: plans (steps and documents as lines), roles and needs, drills and their
actions, warehouses, stock, materials, switching a weather mode on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.emergency.choices import ModeKind, WarningLevel
from shuiwu.emergency.models import (
    ContingencyPlan,
    Drill,
    DrillAction,
    Material,
    PlanMaterial,
    PlanRole,
    Stock,
    Warehouse,
)
from shuiwu.org.models import Company, Staff

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(ScopedModelForm):
    steps_text = forms.CharField(
        label=_("response steps"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One step a line"),
    )
    documents_text = forms.CharField(
        label=_("linked documents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: title | link"),
    )

    class Meta:
        model = ContingencyPlan
        fields = [
            "company",
            "code",
            "name",
            "plan_type",
            "status",
            "version",
            "effective_on",
            "review_on",
            "summary",
            "inspection_plans",
        ]
        widgets = {"effective_on": DATE, "review_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["steps_text"].initial = "\n".join(self.instance.steps or [])
            self.fields["documents_text"].initial = "\n".join(
                f"{d.get('title', '')} | {d.get('url', '')}".rstrip(" |") for d in self.instance.documents or []
            )

    def clean(self):
        cleaned = super().clean()
        self.instance.steps = [s.strip() for s in cleaned.get("steps_text", "").splitlines() if s.strip()]
        docs = []
        for line in cleaned.get("documents_text", "").splitlines():
            if not line.strip():
                continue
            title, _sep, url = line.partition("|")
            docs.append({"title": title.strip(), "url": url.strip()})
        self.instance.documents = docs
        return cleaned


class PlanRoleForm(ScopedModelForm):
    class Meta:
        model = PlanRole
        fields = ["order", "role", "duty", "staff", "deputy", "reports_to"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        if plan is not None:
            self.fields["reports_to"].queryset = plan.roles.all()
            family = [plan.company_id, plan.company.parent_id]
            for name in ("staff", "deputy"):
                self.fields[name].queryset = Staff.objects.filter(company_id__in=family, active=True)


class PlanMaterialForm(ScopedModelForm):
    class Meta:
        model = PlanMaterial
        fields = ["material", "quantity"]

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def validate_unique(self):
        # plan is not a form field: check the pair here so a duplicate is a form error, not a crash.
        super().validate_unique()
        plan, material = self.instance.plan, self.cleaned_data.get("material")
        if plan and material and plan.materials.filter(material=material).exclude(pk=self.instance.pk).exists():
            self.add_error("material", _("The plan lists this material already."))


class DrillForm(ScopedModelForm):
    class Meta:
        model = Drill
        fields = [
            "company",
            "plan",
            "title",
            "kind",
            "status",
            "planned_on",
            "held_on",
            "hours",
            "location",
            "scenario",
            "participants",
            "other_participants",
            "findings",
        ]
        widgets = {
            "planned_on": DATE,
            "held_on": DATE,
            "scenario": forms.Textarea(attrs={"rows": 3}),
            "findings": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = self.fields["participants"].queryset.filter(active=True)


class DrillActionForm(ScopedModelForm):
    class Meta:
        model = DrillAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, drill=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.drill = drill
        if drill is not None:
            family = [drill.company_id, drill.company.parent_id]
            self.fields["owner"].queryset = Staff.objects.filter(company_id__in=family, active=True)


class WarehouseForm(ScopedModelForm):
    class Meta:
        model = Warehouse
        fields = ["company", "code", "name", "address", "keeper", "active"]


class MaterialForm(ScopedModelForm):
    class Meta:
        model = Material
        fields = ["code", "name", "kind", "dn", "unit", "spec"]


class StockForm(ScopedModelForm):
    class Meta:
        model = Stock
        fields = [
            "warehouse",
            "material",
            "quantity",
            "minimum",
            "expiry_on",
            "last_inspected_on",
            "next_inspection_on",
            "note",
        ]
        widgets = {"expiry_on": DATE, "last_inspected_on": DATE, "next_inspection_on": DATE}


class SwitchOnForm(forms.Form):
    company = forms.ModelChoiceField(queryset=Company.objects.all(), label=_("company"))
    kind = forms.ChoiceField(choices=ModeKind.choices, label=_("kind"))
    plan = forms.ModelChoiceField(
        queryset=ContingencyPlan.objects.all(),
        required=False,
        label=_("contingency plan"),
        help_text=_("Empty: the company's flood and typhoon plan, or its heat-wave plan"),
    )
    level = forms.ChoiceField(choices=[("", "—"), *WarningLevel.choices], required=False, label=_("warning level"))
    note = forms.CharField(max_length=300, required=False, label=_("note"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from shuiwu.core import scope

        ids = scope.company_ids(user)
        if ids is not None:
            self.fields["company"].queryset = Company.objects.filter(pk__in=ids)
            if len(ids) == 1:
                self.fields["company"].initial = next(iter(ids))
        self.fields["plan"].queryset = ContingencyPlan.objects.restrict(user)
        style_widgets(self)
