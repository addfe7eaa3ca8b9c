"""People services: the attendance sheet, hours credited, per-person history, the training calendar and the
period figures (training hours per employee, emergency-readiness training hours: AWWA, DOMAIN.md §9.3).

Hours count for the person's own company, whoever organised the course: the group office's training of the
subsidiaries' officers counts in each subsidiary's hours per employee.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from shuiwu.core import scope
from shuiwu.org.models import Company, Staff
from shuiwu.people.choices import ATTENDED, ActivityKind, AttendanceStatus, TrainingCategory
from shuiwu.people.models import Activity, ActivityEntry, Attendance, Training, VolunteerService, VolunteerTeam

HOURS = DecimalField(max_digits=12, decimal_places=1)


def credited_hours_expr():
    """Hours credited on an attendance row: its own hours, else the course's if the person was there."""
    return Case(
        When(status__in=ATTENDED, then=Coalesce(F("hours"), F("training__hours"))),
        default=Value(Decimal(0)),
        output_field=HOURS,
    )


def _check_training(user, training: Training) -> None:
    if user is None:
        return
    if not user.has_perm("people.change_attendance"):
        raise PermissionDenied(_("You may not change attendance."))
    scope.check_company(user, training.company_id)


@transaction.atomic
def record_attendance(training: Training, rows, *, user) -> list[Attendance]:
    """Write the attendance sheet: ``rows`` of {staff, status, hours, note}; every row valid, or nothing saved.

    A person already on the sheet is updated; a new person is added.
    """
    _check_training(user, training)
    existing = {a.staff_id: a for a in training.attendance.all()}
    errors: dict[str, list[str]] = {}
    saved = []
    seen = set()
    for i, row in enumerate(rows):
        staff = row.get("staff")
        if staff is None:
            errors.setdefault("staff", []).append(_("Row %(n)s: choose the person.") % {"n": i + 1})
            continue
        if staff.pk in seen:
            errors.setdefault("staff", []).append(_("%(name)s is on the sheet twice.") % {"name": staff})
            continue
        seen.add(staff.pk)
        if user is not None and not scope.can_access_company(user, staff.company_id) and staff.pk not in existing:
            # the group's officers may put anyone on a sheet; others only their own companies' people
            errors.setdefault("staff", []).append(_("%(name)s works for another company.") % {"name": staff})
            continue
        attendance = existing.get(staff.pk) or Attendance(training=training, staff=staff)
        attendance.status = row.get("status") or attendance.status
        attendance.hours = row.get("hours")
        attendance.note = row.get("note", attendance.note) or ""
        try:
            attendance.full_clean(exclude=["training", "staff"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(f"{staff}: {m}" for m in messages)
            continue
        saved.append(attendance)
    if errors:
        raise ValidationError(errors)
    for attendance in saved:
        attendance.save()
    return saved


@transaction.atomic
def add_to_sheet(training: Training, people, *, user) -> int:
    """Put people on the sheet as registered (those already on it stay as they are); the number added."""
    _check_training(user, training)
    on = set(training.attendance.values_list("staff_id", flat=True))
    new = [Attendance(training=training, staff=s) for s in people if s.pk not in on]
    Attendance.objects.bulk_create(new)
    return len(new)


# -- history ---------------------------------------------------------------------------------------------------------


@dataclass
class History:
    staff: Staff
    trainings: list
    activities: list
    services: list
    training_hours: Decimal
    emergency_hours: Decimal
    volunteer_hours: Decimal


def person_history(staff: Staff, start: date | None = None, end: date | None = None) -> History:
    """A person's trainings (with hours credited), activities and results, volunteer services and hours."""
    attendance = (
        staff.trainings.select_related("training", "training__company")
        .annotate(credited=credited_hours_expr())
        .order_by("-training__start_on", "-training_id")
    )
    entries = staff.activities.select_related("activity").order_by("-activity__start_on", "-activity_id")
    services = staff.volunteer_services.select_related("team").order_by("-on_date", "-id")
    if start:
        attendance = attendance.filter(training__start_on__gte=start)
        entries = entries.filter(activity__start_on__gte=start)
        services = services.filter(on_date__gte=start)
    if end:
        attendance = attendance.filter(training__start_on__lte=end)
        entries = entries.filter(activity__start_on__lte=end)
        services = services.filter(on_date__lte=end)
    attendance, services = list(attendance), list(services)
    return History(
        staff=staff,
        trainings=attendance,
        activities=list(entries),
        services=services,
        training_hours=sum((a.credited for a in attendance), Decimal(0)),
        emergency_hours=sum(
            (a.credited for a in attendance if a.training.category == TrainingCategory.EMERGENCY), Decimal(0)
        ),
        volunteer_hours=sum((s.hours for s in services), Decimal(0)),
    )


# -- calendar --------------------------------------------------------------------------------------------------------


def month_calendar(year: int, month: int, *, user) -> list[list[dict]]:
    """Weeks (Monday first) of days, each with the trainings and activities on it."""
    first = date(year, month, 1)
    last = date(year, month, pycalendar.monthrange(year, month)[1])
    trainings = list(
        Training.objects.restrict(user).filter(start_on__lte=last, end_on__gte=first).order_by("start_on", "id")
    )
    activities = list(
        Activity.objects.restrict(user)
        .filter(start_on__lte=last)
        .filter(Q(end_on__gte=first) | Q(end_on__isnull=True, start_on__gte=first))
        .order_by("start_on", "id")
    )
    weeks = []
    day = first - timedelta(days=first.weekday())
    while day <= last:
        week = []
        for _i in range(7):
            week.append(
                {
                    "day": day,
                    "in_month": day.month == month,
                    "trainings": [t for t in trainings if t.start_on <= day <= t.end_on],
                    "activities": [a for a in activities if a.start_on <= day <= (a.end_on or a.start_on)],
                }
            )
            day += timedelta(days=1)
        weeks.append(week)
    return weeks


# -- figures ---------------------------------------------------------------------------------------------------------


def summary(company: Company | None, start: date, end: date, *, user=None) -> dict:
    """Trainings, participants, hours, hours per employee and emergency-readiness hours; activities and
    volunteering in a period: plain numbers.

    A training counts in the period it starts in. Hours are credited to the person's company; the headcount
    is the active staff of the companies counted.
    """
    ids = scope.company_ids(user) if user is not None else None
    trainings = Training.objects.filter(start_on__gte=start, start_on__lte=end)
    attendance = Attendance.objects.filter(training__start_on__gte=start, training__start_on__lte=end)
    staff = Staff.objects.filter(active=True)
    activities = Activity.objects.filter(start_on__gte=start, start_on__lte=end)
    services = VolunteerService.objects.filter(on_date__gte=start, on_date__lte=end)
    teams = VolunteerTeam.objects.all()
    if ids is not None:
        trainings = trainings.filter(company_id__in=ids)
        attendance = attendance.filter(staff__company_id__in=ids)
        staff = staff.filter(company_id__in=ids)
        activities = activities.filter(company_id__in=ids)
        services = services.filter(team__company_id__in=ids)
        teams = teams.filter(company_id__in=ids)
    if company is not None:
        trainings = trainings.filter(company=company)
        attendance = attendance.filter(staff__company=company)
        staff = staff.filter(company=company)
        activities = activities.filter(company=company)
        services = services.filter(team__company=company)
        teams = teams.filter(company=company)
    attended = attendance.filter(status__in=ATTENDED).annotate(credited=credited_hours_expr())
    hours = attended.aggregate(
        total=Sum("credited"),
        emergency=Sum("credited", filter=Q(training__category=TrainingCategory.EMERGENCY)),
    )
    marked = attendance.filter(
        status__in=[AttendanceStatus.PRESENT, AttendanceStatus.PARTIAL, AttendanceStatus.ABSENT]
    ).count()
    headcount = staff.count()
    total = hours["total"] or Decimal(0)
    emergency = hours["emergency"] or Decimal(0)
    entries = ActivityEntry.objects.filter(activity__in=activities)
    volunteer = services.annotate(n=Count("participants")).values_list("hours", "n")
    return {
        "trainings": trainings.count(),
        "training_days": sum(t.days for t in trainings.only("start_on", "end_on")),
        "participants": attended.values("staff_id").distinct().count(),
        "attendances": attended.count(),
        "attendance_percent": round(attended.count() / marked * 100, 1) if marked else None,
        "training_hours": float(total),
        "headcount": headcount,
        "training_hours_per_employee": round(float(total) / headcount, 2) if headcount else None,
        "emergency_readiness_training_hours": float(emergency),
        "emergency_readiness_hours_per_employee": round(float(emergency) / headcount, 2) if headcount else None,
        "activities": activities.count(),
        "contests": activities.filter(kind=ActivityKind.CONTEST).count(),
        "activity_participants": entries.count(),
        "volunteer_teams": teams.count(),
        "volunteer_services": services.count(),
        "volunteer_hours": float(sum((h * n for h, n in volunteer), Decimal(0))),
    }
