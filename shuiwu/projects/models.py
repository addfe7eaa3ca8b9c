"""Capital projects: the project, its pipes in the asset register, milestones and progress reports."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuiwu.core.models import ChangeLoggedModel, CompanyScopedModel
from shuiwu.projects.choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    STATUS_COLOURS,
    TYPE_SYSTEM,
    PipeRole,
    PipeState,
    ProjectType,
    Status,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 1}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"))]
PERCENT_RANGE = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Project(CompanyScopedModel):
    """A capital project: what is built, by whom, for how much, by when, and how far it has got.

    ``progress_percent``, ``laid_m`` and ``spent`` are the figures of the latest progress report,
    kept here so lists sort and filter on them; ``planned_m`` is the length of the new pipes drawn.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=ProjectType.choices, default=ProjectType.NEW_MAIN)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True)
    address = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    budget = models.DecimalField(_("budget (yuan)"), **MONEY, default=Decimal("0"), validators=NOT_NEGATIVE)
    spent = models.DecimalField(_("spent (yuan)"), **MONEY, default=Decimal("0"), validators=NOT_NEGATIVE)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned finish"))
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual finish"), null=True, blank=True)
    progress_percent = models.DecimalField(
        _("work done (%)"), **PERCENT, default=Decimal("0"), validators=PERCENT_RANGE, editable=False
    )
    laid_m = models.FloatField(_("laid (m)"), default=0.0, editable=False)
    planned_m = models.FloatField(_("planned length (m)"), default=0.0, editable=False)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True, editable=False)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("handed over by"),
    )
    source = models.CharField(_("source"), max_length=100, blank=True, help_text=_("Where the project came from"))

    class Meta:
        ordering = ["-planned_start", "code"]
        verbose_name = _("capital project")
        verbose_name_plural = _("capital projects")
        permissions = [("handover_project", _("Can hand a project's assets over to operation"))]
        indexes = [models.Index(fields=["company", "status"], name="projects_company_status")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("projects:project_detail", args=[self.pk])

    @property
    def system(self) -> str:
        return TYPE_SYSTEM.get(self.type, "supply")

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS.get(self.status, "light")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_late(self, today: date | None = None) -> bool:
        """Open past its planned finish, or finished after it."""
        today = today or timezone.localdate()
        if self.status == Status.CANCELLED:
            return False
        if self.status in FINISHED_STATUSES:
            return bool(self.actual_end and self.actual_end > self.planned_end)
        return self.planned_end < today

    @property
    def spend_percent(self) -> float | None:
        return round(float(self.spent) * 100 / float(self.budget), 1) if self.budget else None

    @property
    def laid_percent(self) -> float | None:
        return round(self.laid_m * 100 / self.planned_m, 1) if self.planned_m else None

    def clean(self):
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned finish comes before the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual finish comes before the actual start.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("The budget cannot be negative.")
        if self.spent is not None and self.spent < 0:
            errors["spent"] = _("The spend cannot be negative.")
        if errors:
            raise ValidationError(errors)


class ProjectPipe(ChangeLoggedModel):
    """A pipe of the project in the asset register: a new (planned) pipe, or an existing one it replaces."""

    scope_path = "project__company"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="pipes", verbose_name=_("project"))
    asset = models.ForeignKey(
        "assets.Asset", on_delete=models.PROTECT, related_name="project_links", verbose_name=_("pipe")
    )
    role = models.CharField(_("part in the project"), max_length=10, choices=PipeRole.choices, default=PipeRole.NEW)
    laid_on = models.DateField(_("laid on"), null=True, blank=True)

    class Meta:
        ordering = ["project", "role", "id"]
        verbose_name = _("project pipe")
        verbose_name_plural = _("project pipes")
        constraints = [models.UniqueConstraint(fields=["project", "asset"], name="projects_pipe_unique")]

    def __str__(self):
        return f"{self.project.code} · {self.asset_id}"

    @property
    def state(self) -> str:
        if self.role == PipeRole.REPLACED:
            return PipeState.REPLACED
        if self.project.status == Status.HANDED_OVER:
            return PipeState.HANDED_OVER
        return PipeState.LAID if self.laid_on else PipeState.PLANNED


class Milestone(ChangeLoggedModel):
    scope_path = "project__company"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("milestone"), max_length=100)
    planned_on = models.DateField(_("planned on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["project", "order", "planned_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.name

    def is_late(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return (self.done_on or today) > self.planned_on


class ProgressReport(ChangeLoggedModel):
    """What the site reported on a day: work done and metres laid so far, and money spent so far."""

    scope_path = "project__company"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports", verbose_name=_("project"))
    reported_on = models.DateField(_("reported on"))
    percent = models.DecimalField(_("work done (%)"), **PERCENT, validators=PERCENT_RANGE)
    laid_m = models.FloatField(_("laid so far (m)"), default=0.0, validators=[MinValueValidator(0.0)])
    spent = models.DecimalField(_("spent so far (yuan)"), **MONEY, validators=NOT_NEGATIVE)
    reason = models.CharField(_("reason"), max_length=300, blank=True, help_text=_("Needed when a figure goes down"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reported by"),
    )

    class Meta:
        ordering = ["project", "reported_on", "id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self):
        return f"{self.reported_on} {self.percent}%"
