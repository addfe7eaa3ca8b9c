"""Forms of the people app: trainings and the attendance sheet, activities and results, volunteer teams."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shuiwu.core.forms import ScopedModelForm, style_widgets
from shuiwu.org.models import Staff
from shuiwu.people.choices import AttendanceStatus
from shuiwu.people.models import Activity, ActivityEntry, Training, VolunteerService, VolunteerTeam

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TrainingForm(ScopedModelForm):
    class Meta:
        model = Training
        fields = [
            "company",
            "topic",
            "category",
            "organiser",
            "trainer",
            "location",
            "start_on",
            "end_on",
            "hours",
            "description",
        ]
        widgets = {"start_on": DATE, "end_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class AddPeopleForm(forms.Form):
    people = forms.ModelMultipleChoiceField(
        queryset=Staff.objects.none(), label=_("people"), widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Staff.objects.restrict(user).filter(active=True).select_related("company")
        style_widgets(self)


class SheetRowForm(forms.Form):
    """One line of the attendance sheet."""

    staff = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices, label=_("attendance"))
    hours = forms.DecimalField(label=_("hours credited"), required=False, min_value=0, max_digits=5, decimal_places=1)
    note = forms.CharField(label=_("note"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["hours"].widget.attrs.update({"class": "form-control form-control-sm", "step": "0.5"})
        self.fields["note"].widget.attrs["class"] = "form-control form-control-sm"


SheetFormSet = forms.formset_factory(SheetRowForm, extra=0)


class ActivityForm(ScopedModelForm):
    class Meta:
        model = Activity
        fields = ["company", "title", "kind", "organiser", "location", "start_on", "end_on", "description"]
        widgets = {"start_on": DATE, "end_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}


class ActivityEntryForm(ScopedModelForm):
    class Meta:
        model = ActivityEntry
        fields = ["staff", "role", "rank", "score", "award"]

    def __init__(self, *args, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.activity = activity
        self.fields["staff"].queryset = self.fields["staff"].queryset.filter(active=True)

    def validate_unique(self):
        super().validate_unique()
        activity, staff = self.instance.activity, self.cleaned_data.get("staff")
        if activity and staff and activity.entries.filter(staff=staff).exclude(pk=self.instance.pk).exists():
            self.add_error("staff", _("This person is listed already."))


class VolunteerTeamForm(ScopedModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["company", "name", "kind", "leader", "founded_on", "members", "description"]
        widgets = {"founded_on": DATE, "members": forms.SelectMultiple(attrs={"size": 10})}


class VolunteerServiceForm(ScopedModelForm):
    class Meta:
        model = VolunteerService
        fields = ["on_date", "title", "location", "hours", "participants", "note"]
        widgets = {"on_date": DATE, "participants": forms.SelectMultiple(attrs={"size": 8})}

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.team = team
        if team is not None:
            self.fields["participants"].queryset = team.members.all()
