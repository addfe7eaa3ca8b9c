"""Forms of the repair centre: the hotline call, a work order, a transition, an outage, a photo."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shuiwu.assets.choices import Kind, Material
from shuiwu.assets.models import DMA, Asset
from shuiwu.core.forms import style_widgets
from shuiwu.org.models import Team
from shuiwu.work.choices import Category, Cause, Channel, OrderType, OutageKind, Priority, State
from shuiwu.work.models import MaterialItem, WorkOrder

YES_NO = [("", "—"), ("true", _("yes")), ("false", _("no"))]


def _bool(value):
    return {"true": True, "false": False}.get(value)


class LocationMixin(forms.Form):
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("lon") is None) != (cleaned.get("lat") is None):
            self.add_error("lat", _("Give both longitude and latitude, or neither."))
        return cleaned


class HotlineForm(LocationMixin):
    """One short form: who called, where, what; then link to a nearby order or open one."""

    channel = forms.ChoiceField(label=_("channel"), choices=Channel.choices, initial=Channel.HOTLINE_96390)
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    priority = forms.TypedChoiceField(
        label=_("priority"),
        choices=[("", _("by category")), *Priority.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    caller_name = forms.CharField(label=_("caller"), max_length=50, required=False)
    caller_phone = forms.CharField(label=_("caller phone"), max_length=20, required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    account_no = forms.CharField(label=_("account number"), max_length=30, required=False)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    link_to = forms.ModelChoiceField(
        label=_("repeat call of"), queryset=WorkOrder.objects.none(), required=False, widget=forms.HiddenInput
    )
    open_order = forms.BooleanField(label=_("open a work order now"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link_to"].queryset = WorkOrder.objects.restrict(user).open()
        style_widgets(self)


class WorkOrderForm(LocationMixin):
    category = forms.ChoiceField(label=_("category"), choices=Category.choices)
    priority = forms.TypedChoiceField(
        label=_("priority"),
        choices=[("", _("by category")), *Priority.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    order_type = forms.ChoiceField(
        label=_("type"), choices=[("", _("by category")), *OrderType.choices], required=False
    )
    title = forms.CharField(label=_("title"), max_length=200)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    diameter = forms.FloatField(label=_("pipe DN (mm)"), required=False, min_value=1)
    description = forms.CharField(label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    team = forms.ModelChoiceField(label=_("team"), queryset=Team.objects.none(), required=False)
    reason = forms.CharField(label=_("reason"), max_length=200, required=False)
    crew_size = forms.IntegerField(label=_("crew size"), min_value=1, max_value=100, required=False)
    excavation = forms.TypedChoiceField(
        label=_("excavation"), choices=YES_NO, coerce=_bool, required=False, empty_value=None
    )
    repaired_diameter = forms.FloatField(label=_("repaired DN (mm)"), required=False, min_value=1)
    repaired_material = forms.ChoiceField(label=_("repaired material"), choices=Material.choices, required=False)
    cause = forms.ChoiceField(label=_("cause"), choices=[("", "—"), *Cause.choices], required=False)
    repaired_asset = forms.CharField(label=_("repaired asset (code)"), max_length=60, required=False)
    note = forms.CharField(label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    MATERIAL_LINES = 3

    def __init__(self, *args, user=None, order=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.order = user, order
        if order is not None:
            self.fields["team"].queryset = Team.objects.restrict(user).filter(company=order.company, active=True)
        items = MaterialItem.objects.filter(active=True)
        for i in range(self.MATERIAL_LINES):
            self.fields[f"material_{i}"] = forms.ModelChoiceField(
                label=pgettext_lazy("catalogue", "material"), queryset=items, required=False
            )
            self.fields[f"quantity_{i}"] = forms.DecimalField(
                label=_("quantity"), min_value=0, required=False, max_digits=10, decimal_places=2
            )
        style_widgets(self)

    def clean_repaired_asset(self):
        code = self.cleaned_data.get("repaired_asset", "").strip()
        if not code:
            return None
        asset = Asset.objects.restrict(self.user).filter(code=code).first()
        if asset is None:
            raise forms.ValidationError(_("No asset with code “%(code)s”.") % {"code": code})
        return asset

    def materials(self):
        lines = []
        for i in range(self.MATERIAL_LINES):
            item, qty = self.cleaned_data.get(f"material_{i}"), self.cleaned_data.get(f"quantity_{i}")
            if item and qty:
                lines.append((item, qty))
        return lines


class OutageForm(LocationMixin):
    kind = forms.ChoiceField(label=_("kind"), choices=OutageKind.choices)
    title = forms.CharField(label=_("title"), max_length=200)
    start = forms.DateTimeField(
        label=_("start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    expected_restore = forms.DateTimeField(
        label=_("expected restoration"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    notice_at = forms.DateTimeField(
        label=_("notice given"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    pipes = forms.CharField(label=_("pipes (codes, comma-separated)"), required=False)
    dma = forms.ModelChoiceField(label=_("DMA"), queryset=DMA.objects.none(), required=False)
    work_order = forms.ModelChoiceField(label=_("work order"), queryset=WorkOrder.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["dma"].queryset = DMA.objects.restrict(user)
        self.fields["work_order"].queryset = WorkOrder.objects.restrict(user).open()
        style_widgets(self)

    def clean_pipes(self):
        codes = [c.strip() for c in self.cleaned_data.get("pipes", "").replace("，", ",").split(",") if c.strip()]
        pipes = list(Asset.objects.restrict(self.user).filter(kind=Kind.PIPE, code__in=codes))
        missing = sorted(set(codes) - {p.code for p in pipes})
        if missing:
            raise forms.ValidationError(_("Unknown pipes: %(codes)s") % {"codes": ", ".join(missing)})
        return pipes

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("pipes") or cleaned.get("dma")):
            self.add_error("pipes", _("Give the outage's area: pipes or a DMA."))
        return cleaned


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"})
    )

    ALLOWED = {"image/jpeg", "image/png", "image/webp", "image/heic"}
    MAX_BYTES = 12 * 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.content_type not in self.ALLOWED:
            raise forms.ValidationError(_("Send a photo (JPEG, PNG, WebP or HEIC)."))
        if image.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The photo is larger than 12 MB."))
        return image
