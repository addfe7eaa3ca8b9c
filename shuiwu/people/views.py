"""Pages of the people app: trainings with the attendance sheet and the calendar, activities and contests,
volunteer teams, hours per person and each person's history."""

from datetime import date

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from shuiwu.core import scope
from shuiwu.core import views as core
from shuiwu.core.filters import BaseFilterSet
from shuiwu.core.tables import BaseTable, LinkColumn
from shuiwu.org.filters import CompanyFilterMixin
from shuiwu.org.models import Staff
from shuiwu.people import filters, forms, services
from shuiwu.people.choices import ATTENDANCE_COLOURS, ATTENDED, TrainingCategory
from shuiwu.people.models import Activity, Attendance, Training, VolunteerService, VolunteerTeam

HOURS = DecimalField(max_digits=12, decimal_places=1)


# -- tables ----------------------------------------------------------------------------------------------------------


class TrainingTable(BaseTable):
    topic = LinkColumn()
    present = tables.Column(verbose_name=gettext_lazy("present"), orderable=True)
    on_sheet = tables.Column(verbose_name=gettext_lazy("on the sheet"), orderable=True)

    class Meta(BaseTable.Meta):
        model = Training
        fields = ("topic", "category", "organiser", "start_on", "end_on", "hours", "on_sheet", "present", "company")


class ActivityTable(BaseTable):
    title = LinkColumn()
    entries_count = tables.Column(verbose_name=gettext_lazy("participants"))

    class Meta(BaseTable.Meta):
        model = Activity
        fields = ("title", "kind", "organiser", "start_on", "end_on", "location", "entries_count", "company")


class VolunteerTeamTable(BaseTable):
    name = LinkColumn()
    members_count = tables.Column(verbose_name=gettext_lazy("members"))

    class Meta(BaseTable.Meta):
        model = VolunteerTeam
        fields = ("name", "kind", "leader", "founded_on", "members_count", "company")


class PersonTable(BaseTable):
    name = tables.Column(linkify=lambda record: reverse("people:person", args=[record.pk]))
    training_hours = tables.Column(verbose_name=gettext_lazy("training hours"))
    emergency_hours = tables.Column(verbose_name=gettext_lazy("emergency-readiness hours"))
    volunteer_hours = tables.Column(verbose_name=gettext_lazy("volunteer hours"))

    class Meta(BaseTable.Meta):
        model = Staff
        fields = (
            "employee_no",
            "name",
            "company",
            "department",
            "team",
            "training_hours",
            "emergency_hours",
            "volunteer_hours",
        )


# -- trainings -------------------------------------------------------------------------------------------------------


class TrainingListView(core.ObjectListView):
    model = Training
    filterset_class = filters.TrainingFilterSet
    table_class = TrainingTable
    select_related = ("company",)
    create_url_name = "people:training_add"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .annotate(
                on_sheet=Count("attendance"), present=Count("attendance", filter=Q(attendance__status__in=ATTENDED))
            )
            .order_by("-start_on", "-id")
        )


class TrainingDetailView(core.ObjectDetailView):
    model = Training
    template_name = "people/training_detail.html"
    edit_url_name = "people:training_edit"
    select_related = ("company",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(
            self.object.attendance.select_related("staff", "staff__company", "staff__department")
            .annotate(credited=services.credited_hours_expr())
            .order_by("staff__company__code", "staff__employee_no")
        )
        context.update(
            rows=[(a, ATTENDANCE_COLOURS.get(a.status, "light")) for a in rows],
            present=sum(1 for a in rows if a.status in ATTENDED),
            total_hours=sum((a.credited for a in rows), 0),
            can_sheet=self.request.user.has_perm("people.change_attendance"),
        )
        return context


class TrainingEditView(core.ObjectEditView):
    model = Training
    form_class = forms.TrainingForm


def _training_for_sheet(request, pk) -> Training:
    training = get_object_or_404(Training.objects.restrict(request.user), pk=pk)
    if not request.user.has_perm("people.change_attendance"):
        raise PermissionDenied
    return training


@login_required
def training_sheet(request, pk):
    """The attendance sheet: every person on it with status and hours, saved at once (all rows or none)."""
    training = _training_for_sheet(request, pk)
    attendance = list(
        training.attendance.select_related("staff", "staff__company").order_by(
            "staff__company__code", "staff__employee_no"
        )
    )
    people = {a.staff_id: a.staff for a in attendance}
    if request.method == "POST":
        formset = forms.SheetFormSet(request.POST, prefix="sheet")
        if formset.is_valid():
            rows = []
            for row in formset.cleaned_data:
                if not row:
                    continue
                staff = people.get(row["staff"])
                rows.append({**row, "staff": staff})
            try:
                services.record_attendance(training, rows, user=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, core.refusal_text(exc))
            else:
                messages.success(request, _("Attendance saved."))
                return redirect(training.get_absolute_url())
    else:
        formset = forms.SheetFormSet(
            prefix="sheet",
            initial=[{"staff": a.staff_id, "status": a.status, "hours": a.hours, "note": a.note} for a in attendance],
        )
    sheet = [(people.get(form.initial.get("staff") or _int(form["staff"].value())), form) for form in formset]
    return render(
        request,
        "people/training_sheet.html",
        {
            "object": training,
            "formset": formset,
            "sheet": sheet,
            "add_form": forms.AddPeopleForm(user=request.user),
            "print": request.GET.get("print") == "1",
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def training_add_people(request, pk):
    training = _training_for_sheet(request, pk)
    form = forms.AddPeopleForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            added = services.add_to_sheet(training, form.cleaned_data["people"], user=request.user)
        except PermissionDenied as exc:
            messages.error(request, core.refusal_text(exc))
        else:
            messages.success(request, _("%(n)s added to the sheet.") % {"n": added})
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(reverse("people:training_sheet", args=[training.pk]))


class CalendarView(LoginRequiredMixin, PermissionRequiredMixin, generic.TemplateView):
    """A month of trainings and activities."""

    permission_required = "people.view_training"
    template_name = "people/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            year, month = (int(x) for x in self.request.GET.get("month", "").split("-"))
            first = date(year, month, 1)
        except ValueError:
            first = today.replace(day=1)
        prev = (first.replace(day=1) - date.resolution).replace(day=1)
        nxt = (first.replace(day=28) + 4 * date.resolution).replace(day=1)
        context.update(
            first=first,
            weeks=services.month_calendar(first.year, first.month, user=self.request.user),
            prev=f"{prev:%Y-%m}",
            next=f"{nxt:%Y-%m}",
            today=today,
            weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        )
        return context


# -- activities ------------------------------------------------------------------------------------------------------


class ActivityListView(core.ObjectListView):
    model = Activity
    filterset_class = filters.ActivityFilterSet
    table_class = ActivityTable
    select_related = ("company",)
    create_url_name = "people:activity_add"

    def get_queryset(self):
        return super().get_queryset().annotate(entries_count=Count("entries")).order_by("-start_on", "-id")


class ActivityDetailView(core.ObjectDetailView):
    model = Activity
    template_name = "people/activity_detail.html"
    edit_url_name = "people:activity_edit"
    select_related = ("company",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        can = self.request.user.has_perm("people.add_activityentry")
        context.update(
            entries=self.object.entries.select_related("staff", "staff__company").order_by(
                "role", "rank", "staff__employee_no"
            ),
            entry_form=forms.ActivityEntryForm(activity=self.object, user=self.request.user) if can else None,
        )
        return context


class ActivityEditView(core.ObjectEditView):
    model = Activity
    form_class = forms.ActivityForm


def _activity_for_change(request, pk) -> Activity:
    return core.object_for_change(request, Activity, pk, "people.add_activityentry")


@login_required
@require_POST
def activity_entry_add(request, pk):
    activity = _activity_for_change(request, pk)
    form = forms.ActivityEntryForm(request.POST, activity=activity, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Participant added."))
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(activity.get_absolute_url())


@login_required
@require_POST
def activity_entry_delete(request, pk, entry_pk):
    activity = _activity_for_change(request, pk)
    activity.entries.filter(pk=entry_pk).delete()
    return redirect(activity.get_absolute_url())


# -- volunteer teams -------------------------------------------------------------------------------------------------


class VolunteerTeamListView(core.ObjectListView):
    model = VolunteerTeam
    filterset_class = filters.VolunteerTeamFilterSet
    table_class = VolunteerTeamTable
    select_related = ("company", "leader")
    create_url_name = "people:volunteerteam_add"

    def get_queryset(self):
        return super().get_queryset().annotate(members_count=Count("members", distinct=True))


class VolunteerTeamDetailView(core.ObjectDetailView):
    model = VolunteerTeam
    template_name = "people/volunteerteam_detail.html"
    edit_url_name = "people:volunteerteam_edit"
    select_related = ("company", "leader")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        services_qs = list(
            team.services.annotate(n=Count("participants")).prefetch_related("participants").order_by("-on_date", "-id")
        )
        hours = (
            VolunteerService.objects.filter(team=team, participants=OuterRef("pk"))
            .values("participants")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        members = (
            team.members.select_related("company")
            .annotate(served=Coalesce(Subquery(hours, output_field=HOURS), Value(0, output_field=HOURS)))
            .order_by("-served", "employee_no")
        )
        context.update(
            services=services_qs,
            members=members,
            total_hours=sum((s.hours * s.n for s in services_qs), 0),
            service_form=forms.VolunteerServiceForm(team=team, user=self.request.user)
            if self.request.user.has_perm("people.add_volunteerservice")
            else None,
        )
        return context


class VolunteerTeamEditView(core.ObjectEditView):
    model = VolunteerTeam
    form_class = forms.VolunteerTeamForm


@login_required
@require_POST
@permission_required("people.add_volunteerservice", raise_exception=True)
def volunteer_service_add(request, pk):
    team = get_object_or_404(VolunteerTeam.objects.restrict(request.user), pk=pk)
    scope.check_company(request.user, team.company_id)
    form = forms.VolunteerServiceForm(request.POST, team=team, user=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Service recorded."))
    else:
        messages.error(request, core.form_errors_text(form))
    return redirect(team.get_absolute_url())


# -- people ----------------------------------------------------------------------------------------------------------


class PersonFilterSet(CompanyFilterMixin, BaseFilterSet):
    search_fields = ("name", "employee_no")
    ui_hidden = ("company_id",)
    year = django_filters.NumberFilter(method="filter_year", label=gettext_lazy("year"))

    class Meta:
        model = Staff
        fields = ["q", "company", "company_id", "department", "year"]

    def filter_year(self, queryset, name, value):
        return queryset  # the hours are counted for this year (see the view)


class PersonListView(core.ObjectListView):
    """Hours per person in a year: training, emergency-readiness training and volunteering."""

    model = Staff
    filterset_class = PersonFilterSet
    table_class = PersonTable
    select_related = ("company", "department", "team")
    template_name = "people/person_list.html"

    def get_permission_required(self):
        return ["people.view_training"]

    def year(self) -> int:
        value = self.request.GET.get("year", "")
        return int(value) if value.isdigit() else timezone.localdate().year

    def get_queryset(self):
        year = self.year()
        credited = (
            Attendance.objects.filter(staff=OuterRef("pk"), training__start_on__year=year, status__in=ATTENDED)
            .annotate(credited=services.credited_hours_expr())
            .values("staff")
        )
        total = credited.annotate(total=Sum("credited")).values("total")
        emergency = (
            credited.filter(training__category=TrainingCategory.EMERGENCY)
            .annotate(total=Sum("credited"))
            .values("total")
        )
        volunteer = (
            VolunteerService.objects.filter(participants=OuterRef("pk"), on_date__year=year)
            .values("participants")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        zero = Value(0, output_field=HOURS)
        return (
            super()
            .get_queryset()
            .filter(active=True)
            .annotate(
                training_hours=Coalesce(Subquery(total, output_field=HOURS), zero),
                emergency_hours=Coalesce(Subquery(emergency, output_field=HOURS), zero),
                volunteer_hours=Coalesce(Subquery(volunteer, output_field=HOURS), zero),
            )
            .order_by("company__code", "employee_no")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        figures = services.summary(None, date(year, 1, 1), date(year, 12, 31), user=self.request.user)
        context.update(year=year, figures=figures, model_name_plural=_("Hours per person"))
        return context


class PersonView(LoginRequiredMixin, PermissionRequiredMixin, generic.DetailView):
    """One person's history: trainings and hours, activities and results, volunteer services."""

    permission_required = "people.view_training"
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Staff.objects.restrict(self.request.user).select_related("company", "department", "team")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = services.person_history(self.object)
        context["attendance_colours"] = ATTENDANCE_COLOURS
        drills = getattr(self.object, "drills", None)
        context["drills"] = (
            list(drills.select_related("plan").order_by("-planned_on")[:20]) if drills is not None else []
        )
        return context


def badge(colour, text):
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, text)
